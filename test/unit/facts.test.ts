import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { defineRule } from '../../src/engine/define-rule.js';
import { type RunFacts, createRunFacts } from '../../src/engine/facts.js';
import { actionMatches, grants } from '../../src/rules/util/actions.js';
import { judgeIssuer } from '../../src/rules/util/issuer-verdict.js';
import { assessDelegationCondition } from '../../src/rules/util/role-assignment-condition.js';
import { workloadAssignments } from '../../src/rules/util/workload-assignments.js';
import { unmatchableTrust } from '../../src/rules/providers/index.js';
import { subjectBreadth } from '../../src/rules/util/subject-breadth.js';
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

  it('joins workload identities with their resolved role assignments once per run, as the uncached join does', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const a = t.uami({ name: 'id-a', subscription: prod });
    const b = t.uami({ name: 'id-b', subscription: prod });
    t.assign(a, 'Owner', prod.scope);
    t.assign(b, 'Reader', t.resourceGroupScope(prod, 'rg-app'));
    t.assignDeleted('User', 'Contributor', prod.scope, 'alice');
    const inventory = buildInventory(t.build());
    const seen: RunFacts[] = [];
    runRules([factsProbe('probe-a', seen), factsProbe('probe-bb', seen)], inventory, NOW);
    const [first, second] = seen;
    assert.ok(first !== undefined && second !== undefined);
    assert.equal(first, second, 'every rule of a run sees one facts object');
    const joined = first.workloadAssignments();
    assert.equal(first.workloadAssignments(), joined, 'computed once');
    assert.deepEqual(joined, [...workloadAssignments(inventory)]);
    assert.deepEqual(
      joined.map(({ workload, definition }) => `${workload.displayName}:${definition.roleName}`),
      ['id-a:Owner', 'id-b:Reader'],
      'a deleted user\'s assignment is not a workload\'s',
    );
  });

  it('joins a role repeated at one scope (any case) once, for a principal with few assignments and with many', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const few = t.uami({ name: 'id-few', subscription: prod });
    const many = t.uami({ name: 'id-many', subscription: prod });
    const groups = Array.from({ length: 20 }, (_, index) => `${prod.scope}/resourceGroups/rg-${index}`);
    for (const holder of [few, many]) {
      for (const scope of holder === few ? groups.slice(0, 3) : groups) t.assign(holder, 'Reader', scope);
      // The same role at the first scope again, under another id and spelled in upper case.
      t.assign(holder, 'Reader', (groups[0] ?? '').toUpperCase(), { name: holder === few ? '0badc0de-0000-4000-8000-000000000001' : '0badc0de-0000-4000-8000-000000000002' });
      t.assign(holder, 'Contributor', groups[0] ?? '');
    }
    const joined = workloadAssignments(buildInventory(t.build()));
    const count = (name: string): number => joined.filter((entry) => entry.workload.displayName === name).length;
    assert.equal(count('id-few'), 4, '3 Reader scopes and one Contributor');
    assert.equal(count('id-many'), 21, '20 Reader scopes and one Contributor');
    assert.ok(!joined.some((entry) => entry.assignment.name.startsWith('0badc0de')), 'the first of the two is kept');
  });

  it('memoises grants per definition and action with the uncached answer, and canGrantAccess with it', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-a', subscription: prod });
    t.assign(id, 'Owner', prod.scope);
    t.assign(id, 'Contributor', prod.scope);
    const inventory = buildInventory(t.build());
    const facts = createRunFacts(inventory);
    const owner = inventory.roleDefinitions.find((definition) => definition.roleName === 'Owner');
    const contributor = inventory.roleDefinitions.find((definition) => definition.roleName === 'Contributor');
    assert.ok(owner !== undefined && contributor !== undefined);
    assert.equal(facts.canGrantAccess(owner), true);
    assert.equal(facts.canGrantAccess(contributor), false, 'Contributor\'s NotActions remove roleAssignments/write');
    for (const action of ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Storage/storageAccounts/listKeys/action', 'x']) {
      assert.equal(facts.grants(contributor, action), grants(contributor, action), action);
    }
  });

  it('groups control grants once per run: a Managed Identity Contributor on the resource group controls the identity in it', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const target = t.uami({ name: 'id-target', subscription: prod, resourceGroup: 'rg-identities' });
    const other = t.uami({ name: 'id-other', subscription: prod, resourceGroup: 'rg-elsewhere' });
    const operator = t.uami({ name: 'id-operator', subscription: prod });
    t.assign(operator, 'Managed Identity Contributor', t.resourceGroupScope(prod, 'rg-identities'));
    const facts = createRunFacts(buildInventory(t.build()));
    assert.deepEqual(
      facts.controlGrantsOver(target.id).map(({ assignment, capability }) => `${assignment.principalId}:${capability}`),
      [`${operator.principalId}:add-federated-credential`],
    );
    assert.deepEqual(facts.controlGrantsOver(other.id), []);
  });

  it('assesses a delegation condition once per assignment, as the uncached test does', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-vending', subscription: prod });
    t.assign(id, 'Role Based Access Control Administrator', prod.scope, { condition: "@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {8e3af657-a8ff-443c-a75c-2fe8c4bcb635}" });
    t.assign(id, 'Reader', prod.scope);
    const inventory = buildInventory(t.build());
    const facts = createRunFacts(inventory);
    const [conditioned, plain] = inventory.roleAssignments;
    assert.ok(conditioned !== undefined && plain !== undefined);
    const assessment = facts.delegationAssessment(conditioned);
    assert.ok(assessment !== undefined);
    assert.equal(facts.delegationAssessment(conditioned), assessment, 'judged once');
    assert.deepEqual(assessment, assessDelegationCondition(inventory, conditioned));
    assert.equal(facts.delegationAssessment(plain), undefined);
    assert.equal(facts.grantingRoles(), facts.grantingRoles());
  });

  it('judges each distinct issuer once per run, and finds the provider of a repairable one', () => {
    const facts = createRunFacts(buildInventory(new TenantBuilder().build()));
    const raw = 'http://token.actions.githubusercontent.com';
    const verdict = facts.issuerVerdict(raw);
    assert.equal(facts.issuerVerdict(raw), verdict, 'judged once');
    assert.deepEqual(verdict, judgeIssuer(raw));
    assert.equal(verdict.kind, 'malformed');
    assert.equal(facts.issuerProvider(raw), 'github');
    assert.equal(facts.issuerProvider('https://idp.example.com'), undefined);
  });
});

/** The regular expression actions.ts used before its plain-text fast path: the definition to agree with. */
function referenceMatches(pattern: string, action: string): boolean {
  const source = pattern
    .trim()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(action);
}

describe('actionMatches (uncached: facts memoise whole answers)', () => {
  it('agrees with the regular-expression definition on ASCII, case, line breaks and non-ASCII letters', () => {
    const unit = fc.constantFrom('a', 'B', 'b', '/', '.', '*', ' ', '\n', '\r', 'K', '\u212a', 'é', 'É', '?', '(', '\\');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 8 }), fc.string({ unit, maxLength: 10 }), (pattern, action) => {
        assert.equal(actionMatches(pattern, action), referenceMatches(pattern, action), JSON.stringify([pattern, action]));
      }),
      { numRuns: 3000 },
    );
    assert.equal(actionMatches(' Microsoft.Authorization/*/Write ', 'microsoft.authorization/roleAssignments/write'), true);
    assert.equal(actionMatches('Microsoft.Authorization/*/read', 'Microsoft.Authorization/roleAssignments/write'), false);
    assert.equal(actionMatches('a*b*a', 'aba'), true);
    assert.equal(actionMatches('a*b*a', 'ab'), false);
  });
});

const NOW = new Date('2026-11-25T00:00:00Z');

/** A rule that only keeps the facts object it was handed. */
function factsProbe(name: string, seen: RunFacts[]): ReturnType<typeof defineRule> {
  return defineRule({
    meta: { id: `MIA-98${name.length}`, name, category: 'broad-scope', severity: 'info', title: 'probe', why: 'probe', fix: 'probe', references: [], requires: [] },
    check({ facts }) {
      seen.push(facts);
    },
  });
}

describe('run facts on federated credentials', () => {
  it('judge a credential\'s subject once per run, as the uncached functions do', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ci', subscription: prod });
    t.fic(id, { name: 'gh-star', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/app:*' });
    t.fic(id, { name: 'gh-main', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/app:ref:refs/heads/main' });
    const inventory = buildInventory(t.build());
    const facts = createRunFacts(inventory);
    const [star, main] = ['gh-star', 'gh-main'].map((name) => inventory.federatedCredentials.find((fic) => fic.name === name));
    assert.ok(star !== undefined && main !== undefined);
    assert.equal(facts.unmatchableTrust(star), facts.unmatchableTrust(star));
    assert.deepEqual(facts.unmatchableTrust(star), unmatchableTrust(star));
    assert.ok(facts.unmatchableTrust(star) !== undefined, 'a * in an exact subject is a literal: nothing can match it');
    assert.equal(facts.unmatchableTrust(main), undefined);
    const breadth = facts.subjectBreadth(main);
    assert.equal(facts.subjectBreadth(main), breadth, 'judged once');
    assert.deepEqual(breadth, subjectBreadth(main));
  });
});
