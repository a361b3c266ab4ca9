import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { InternalError } from '../../src/core/errors.js';
import { defineRule } from '../../src/engine/define-rule.js';
import { fingerprint } from '../../src/engine/fingerprint.js';
import { compareFindings, runRules } from '../../src/engine/run.js';
import { SEVERITIES } from '../../src/engine/severity.js';
import type { Finding } from '../../src/engine/types.js';
import { buildInventory } from '../../src/inventory/build.js';
import { gateExitCode } from '../../src/policy/gate.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

const meta = {
  name: 'test-rule',
  category: 'unused-identity',
  severity: 'low',
  title: 'A test rule for the engine',
  why: 'Exercises the engine contract.',
  fix: 'None.',
  references: [],
  requires: ['resources'],
} as const;

function tenantWithTwoIdentities(): TenantBuilder {
  const t = new TenantBuilder();
  const prod = t.subscription('prod');
  t.uami({ name: 'id-b', subscription: prod });
  t.uami({ name: 'id-a', subscription: prod });
  return t;
}

describe('fingerprint', () => {
  it('is pinned: changing the formula needs a v2 and a baseline migration note', () => {
    const value = fingerprint('MIA-1001', 'TENANT', { kind: 'userAssignedIdentity', id: '/subscriptions/S/resourceGroups/RG/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ID' }, ['owner']);
    assert.equal(value, fingerprint('MIA-1001', 'tenant', { kind: 'userAssignedIdentity', id: '/subscriptions/s/resourcegroups/rg/providers/microsoft.managedidentity/userassignedidentities/id', displayName: 'x' }, ['owner']));
    assert.equal(value, 'v1:d4df5ba547e5e673a8c15199be495900');
  });

  it('keeps key parts verbatim (FIC subjects are case-sensitive)', () => {
    const subject = { kind: 'userAssignedIdentity', id: '/x' } as const;
    assert.notEqual(fingerprint('MIA-2001', 't', subject, ['repo:A/b']), fingerprint('MIA-2001', 't', subject, ['repo:a/b']));
  });
});

describe('runRules', () => {
  it('sorts by severity, rule id and subject, deterministically', () => {
    const inventory = buildInventory(tenantWithTwoIdentities().build());
    const rule = defineRule({
      meta: { ...meta, id: 'MIA-3999' },
      check({ inventory: inv, report }) {
        for (const workload of inv.workloadIdentities) {
          report({ subject: workload.ref, message: `${workload.displayName}.`, severity: workload.displayName === 'id-b' ? 'high' : 'low' });
        }
      },
    });
    const names = runRules([rule], inventory, new Date()).map((finding: Finding) => finding.subject.displayName);
    assert.deepEqual(names, ['id-b', 'id-a']);
  });

  it('orders any findings as compareFindings does (subject ids equal but for case, ties broken by fingerprint)', () => {
    const inventory = buildInventory(tenantWithTwoIdentities().build());
    // Also ids whose canonical form is not their lowercase form (spaces, a trailing slash) or needs a JSON escape, and
    // ids that extend another by a character below, equal to or above `"` (the engine sorts quoted ids).
    const ids = ['/subscriptions/s/a', '/SUBSCRIPTIONS/S/A', '/subscriptions/s/b', 'B', 'b', ' B ', '/subscriptions/s/a/', '/subscriptions/s/q"uote', 'c0ffee00-0000-0000-0000-000000000000', '/subscriptions/s/a b', '/subscriptions/s/a!', '/subscriptions/s/a#', '/subscriptions/s/q"', '/subscriptions/s/q'];
    const draft = fc.record({ id: fc.constantFrom(...ids), severity: fc.constantFrom(...SEVERITIES), key: fc.string({ maxLength: 4 }) });
    fc.assert(
      fc.property(fc.array(fc.array(draft, { maxLength: 8 }), { minLength: 1, maxLength: 4 }), (perRule) => {
        const rules = perRule.map((drafts, index) =>
          defineRule({
            meta: { ...meta, id: `MIA-399${9 - index}` },
            check({ report }) {
              // One key per draft index: two drafts never share a fingerprint.
              drafts.forEach(({ id, severity, key }, at) => report({ subject: { kind: 'resource', id }, message: 'x.', severity, key: [key, String(at)] }));
            },
          }),
        );
        const findings = runRules(rules, inventory, new Date());
        assert.deepEqual(findings, [...findings].reverse().sort(compareFindings));
      }),
      { numRuns: 200 },
    );
  });

  it('treats two findings with one fingerprint as a bug (exit 5)', () => {
    const inventory = buildInventory(tenantWithTwoIdentities().build());
    const rule = defineRule({
      meta: { ...meta, id: 'MIA-3998' },
      check({ inventory: inv, report }) {
        const first = inv.workloadIdentities[0];
        if (first === undefined) return;
        report({ subject: first.ref, message: 'once.' });
        report({ subject: first.ref, message: 'twice.' });
      },
    });
    assert.throws(() => runRules([rule], inventory, new Date()), InternalError);
  });

  it('lowers confidence and adds a caveat when a required source has a coverage gap', () => {
    const t = tenantWithTwoIdentities();
    t.gap({ source: 'resources', scope: 'tenant', reason: '403' });
    const rule = defineRule({
      meta: { ...meta, id: 'MIA-3997' },
      check({ inventory: inv, report }) {
        const first = inv.workloadIdentities[0];
        if (first !== undefined) report({ subject: first.ref, message: 'x.' });
      },
    });
    const [finding] = runRules([rule], buildInventory(t.build()), new Date());
    assert.equal(finding?.confidence, 'medium');
    assert.match(finding?.caveats[0] ?? '', /coverage gap in resources/);
  });
});

describe('gate', () => {
  const finding = (severity: Finding['severity']): Finding => ({ severity }) as Finding;
  it('follows the exit-code table', () => {
    assert.equal(gateExitCode([], true, 'high'), 0);
    assert.equal(gateExitCode([finding('medium')], true, 'high'), 0);
    assert.equal(gateExitCode([finding('high')], true, 'high'), 1);
    assert.equal(gateExitCode([finding('critical')], false, 'high'), 1, 'a failing finding is certain whatever the coverage');
    assert.equal(gateExitCode([finding('medium')], false, 'high'), 3, 'clean over a partial view is not a pass');
    assert.equal(gateExitCode([finding('critical')], true, 'none'), 0);
    assert.equal(gateExitCode([finding('info')], true, 'info'), 1);
  });
});
