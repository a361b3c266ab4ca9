import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { defineRule } from '../../src/engine/define-rule.js';
import type { Privilege } from '../../src/rules/util/privilege.js';
import { runRules } from '../../src/engine/run.js';
import { buildInventory } from '../../src/inventory/build.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

/** A rule that only records what facts.privilegeOf answered, so tests can compare across rules and runs. */
function probe(name: string, principalId: string, seen: Privilege[]): ReturnType<typeof defineRule> {
  return defineRule({
    meta: { id: `MIA-99${name.length}`, name, category: 'broad-scope', severity: 'info', title: 'probe', why: 'probe', fix: 'probe', references: [], requires: [] },
    check({ facts }) {
      seen.push(facts.privilegeOf(principalId), facts.privilegeOf(principalId.toUpperCase()));
    },
  });
}

describe('run facts', () => {
  it('computes a principal\'s privilege once per run and shares it between rules, case-insensitively', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-owner', subscription: prod });
    t.assign(id, 'Owner', prod.scope);
    const inventory = buildInventory(t.build());
    const seen: Privilege[] = [];
    runRules([probe('probe-a', id.principalId, seen), probe('probe-bb', id.principalId, seen)], inventory, new Date('2026-11-25T00:00:00Z'));
    assert.equal(seen.length, 4);
    assert.equal(seen[0]?.tier, 0);
    assert.ok(seen.every((privilege) => privilege === seen[0]), 'one computation for the whole run');

    const again: Privilege[] = [];
    runRules([probe('probe-a', id.principalId, again)], inventory, new Date('2026-11-25T00:00:00Z'));
    assert.notEqual(again[0], seen[0], 'a new run computes afresh: nothing is cached beyond a run');
    assert.deepEqual(again[0], seen[0]);
  });

  it('answers T3 with no grants for an unknown or undefined principal', () => {
    const inventory = buildInventory(new TenantBuilder().build());
    const seen: Privilege[] = [];
    runRules([probe('probe-a', 'no-such-principal', seen)], inventory, new Date('2026-11-25T00:00:00Z'));
    assert.deepEqual(seen[0], { tier: 3, grants: [] });
  });
});
