import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { createRunFacts } from '../../src/engine/facts.js';
import { flatten } from '../../src/engine/flat-string.js';
import { fingerprint, fingerprintOf, fingerprintOfJson, v1Hash } from '../../src/engine/fingerprint.js';
import { jsonString } from '../../src/engine/json-string.js';
import { compareFindings, runRules } from '../../src/engine/run.js';
import { buildInventory } from '../../src/inventory/build.js';
import { readSnapshotFile } from '../../src/snapshot/read.js';
import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import { RULES } from '../../src/rules/index.js';
import { unmatchableTrust } from '../../src/rules/providers/index.js';
import { issuerProvider } from '../../src/rules/util/issuer-verdict.js';
import { privilegeOf } from '../../src/rules/util/privilege.js';
import { targetedControlOf } from '../../src/rules/util/identity-control.js';
import { assignmentRelated, describeScope } from '../../src/rules/util/refs.js';
import { ROLE_ASSIGNMENT_WRITE, grants } from '../../src/rules/util/actions.js';
import { workloadAssignments } from '../../src/rules/util/workload-assignments.js';
import { canonicalArmId } from '../../src/azure/ids.js';
import { subjectBreadth } from '../../src/rules/util/subject-breadth.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

// The per-run memos of src/engine/facts.ts must answer exactly what the uncached functions answer: the rule pass
// on a 100k-assignment tenant relies on them, and every output byte depends on them.

const ISSUERS = [
  'https://token.actions.githubusercontent.com',
  'https://token.actions.githubusercontent.com/',
  'http://token.actions.githubusercontent.com',
  ' https://token.actions.githubusercontent.com',
  'https://token.actions.githubusercontent.com.evil.net',
  'https://gitlab.com',
  'https://gitlab.example.com',
  'https://app.terraform.io',
  'https://vstoken.dev.azure.com/8c3b5a1e-1f2d-4c3b-9a8e-7d6c5b4a3f2e',
  'https://login.microsoftonline.com/8c3b5a1e-1f2d-4c3b-9a8e-7d6c5b4a3f2e/v2.0',
  'https://oidc.prod-aks.azure.com/8c3b5a1e-1f2d-4c3b-9a8e-7d6c5b4a3f2e/',
  'https://idp.example.com',
  'not a url',
];
const SUBJECTS = [
  'repo:contoso/app:ref:refs/heads/main',
  'repo:contoso/app:pull_request',
  'repo:contoso/*',
  'repo:contoso/app:environment:prod ',
  'project_path:group/app:ref_type:branch:ref:main',
  'organization:contoso:project:infra:workspace:prod:run_phase:plan',
  'system:serviceaccount:default:default',
  'sc://contoso/infra/prod-connection',
  '',
];
const EXPRESSIONS = [
  undefined,
  "claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*'",
  "claims['sub'] matches 'repo:contoso/*' and claims['repository_owner_id'] eq '1234'",
  "claims['sub'] eq 'repo:contoso/app:pull_request'",
  'not an expression',
];

const trust = fc.record({
  issuer: fc.oneof(fc.constantFrom(...ISSUERS), fc.string({ maxLength: 30 })),
  subject: fc.oneof(fc.constantFrom(...SUBJECTS), fc.string({ maxLength: 20 })),
  expression: fc.constantFrom(...EXPRESSIONS),
});

describe('run facts memos agree with the uncached functions', () => {
  it('issuer providers, unmatchable subjects and subject breadths, once per distinct trust', () => {
    fc.assert(
      fc.property(fc.array(trust, { minLength: 1, maxLength: 12 }), (trusts) => {
        const t = new TenantBuilder();
        const prod = t.subscription('prod');
        const id = t.uami({ name: 'id-ci', subscription: prod });
        // Every trust twice: two credentials with one issuer, subject and expression share one verdict.
        for (const [index, { issuer, subject, expression }] of [...trusts, ...trusts].entries()) {
          t.fic(id, { name: `fic-${index}`, issuer, subject, ...(expression === undefined ? {} : { claimsMatchingExpression: { value: expression } }) });
        }
        const inventory = buildInventory(t.build());
        const facts = createRunFacts(inventory);
        const fics = inventory.federatedCredentials;
        for (const fic of fics) {
          assert.equal(facts.issuerProvider(fic.issuer), issuerProvider(fic.issuer), fic.issuer);
          assert.deepEqual(facts.unmatchableTrust(fic), unmatchableTrust(fic), fic.name);
          assert.deepEqual(facts.subjectBreadth(fic), subjectBreadth(fic), fic.name);
        }
        const half = fics.length / 2;
        for (let index = 0; index < half; index++) {
          const [first, twin] = [fics[index], fics[index + half]];
          assert.ok(first !== undefined && twin !== undefined);
          assert.equal(facts.subjectBreadth(twin), facts.subjectBreadth(first), 'one verdict per distinct trust');
          assert.equal(facts.unmatchableTrust(twin), facts.unmatchableTrust(first));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('keeps a subject and a flexible expression apart even when their text is equal', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ci', subscription: prod });
    const issuer = 'https://token.actions.githubusercontent.com';
    t.fic(id, { name: 'exact', issuer, subject: 'repo:contoso/*' });
    t.fic(id, { name: 'flexible', issuer, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/*'" } });
    const inventory = buildInventory(t.build());
    const facts = createRunFacts(inventory);
    const [exact, flexible] = inventory.federatedCredentials;
    assert.ok(exact !== undefined && flexible !== undefined);
    assert.notEqual(facts.unmatchableTrust(exact), undefined, 'a * in an exact subject is a literal');
    assert.equal(facts.unmatchableTrust(flexible), undefined);
    assert.equal(facts.subjectBreadth(flexible).breadth, 4);
  });

  it('scope names, assignment refs and privileges, once per scope, assignment and principal', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-app', subscription: prod });
    const rg = t.resourceGroupScope(prod, 'rg-data');
    t.assign(id, 'Owner', prod.scope);
    t.assign(id, 'Contributor', rg);
    t.assign(id, 'Storage Blob Data Reader', rg.toUpperCase());
    t.assign(id, 'Reader', '/');
    const inventory = buildInventory(t.build());
    const facts = createRunFacts(inventory);
    for (const assignment of inventory.roleAssignments) {
      assert.equal(facts.describeScope(assignment.scope), describeScope(inventory, assignment.scope));
      const related = facts.assignmentRelated(assignment);
      assert.deepEqual(related, assignmentRelated(inventory, assignment));
      assert.equal(facts.assignmentRelated(assignment), related, 'one shared array per assignment');
      assert.equal(facts.assignmentLabel(assignment), related[0]?.displayName);
    }
    assert.deepEqual(facts.privilegeOf(id.principalId), privilegeOf(inventory, id.principalId));
    assert.deepEqual(
      facts.privilegeOf(id.principalId).grants.map((grant) => `${grant.tier} ${grant.label}`),
      ["0 Owner on subscription 'prod'", "1 Contributor on resource group 'rg-data' (prod)", '2 Storage Blob Data Reader on resource group \'RG-DATA\' (prod)', '3 Reader on the root scope /'],
    );
  });
});

describe('the workload-assignment join', () => {
  it('answers grantsAccess, scopeName and scopeKey per entry as the uncached functions do, once per run', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const rg = t.resourceGroupScope(prod, 'rg-Data');
    const app = t.uami({ name: 'id-app', subscription: prod });
    const ops = t.uami({ name: 'id-ops', subscription: prod });
    t.assign(app, 'Owner', prod.scope);
    t.assign(app, 'Contributor', rg);
    t.assign(ops, 'Contributor', rg.toUpperCase());
    t.assign(ops, 'Role Based Access Control Administrator', rg);
    t.assign(ops, 'Storage Blob Data Reader', `${rg}/providers/Microsoft.Storage/storageAccounts/stData`);
    t.assign(ops, 'Reader', '/');
    const inventory = buildInventory(t.build());
    const facts = createRunFacts(inventory);
    const joined = facts.workloadAssignments();
    assert.equal(facts.workloadAssignments(), joined, 'one join per run');
    assert.equal(joined.length, 6);
    for (const { assignment, definition, grantsAccess, scopeName, scopeKey } of joined) {
      assert.equal(grantsAccess, grants(definition, ROLE_ASSIGNMENT_WRITE), definition.roleName);
      assert.equal(scopeName, describeScope(inventory, assignment.scope));
      assert.equal(scopeKey, assignment.scope.toLowerCase());
    }
    assert.deepEqual(
      joined.filter((entry) => entry.grantsAccess).map((entry) => entry.definition.roleName),
      ['Owner', 'Role Based Access Control Administrator'],
    );
    assert.deepEqual(joined, workloadAssignments(inventory), 'the memoised lookups give the uncached join');
  });
});

describe('control over identities', () => {
  it('controlGrantsOver, walked once per parent path, equals the walk of every ancestor scope per identity', () => {
    const t = new TenantBuilder();
    const platform = t.managementGroup('mg-platform');
    const prod = t.subscription('prod', { managementGroup: platform });
    const dev = t.subscription('dev');
    const a = t.uami({ name: 'id-a', subscription: prod, resourceGroup: 'rg-ids' });
    const b = t.uami({ name: 'id-b', subscription: prod, resourceGroup: 'rg-ids' });
    const c = t.uami({ name: 'id-c', subscription: dev, resourceGroup: 'rg-ids' });
    const ops = t.uami({ name: 'id-ops', subscription: prod, resourceGroup: 'rg-ops' });
    t.assign(ops, 'Managed Identity Contributor', a.id);
    t.assign(ops, 'Managed Identity Operator', t.resourceGroupScope(prod, 'RG-IDS'));
    t.assign(ops, 'Managed Identity Federated Identity Credential Contributor', prod.scope);
    t.assign(b, 'Managed Identity Operator', b.id.toUpperCase());
    t.assign(ops, 'Owner', t.resourceGroupScope(dev, 'rg-ids'));
    t.assign(c, 'Managed Identity Operator', platform);
    const inventory = buildInventory(t.build());
    const facts = createRunFacts(inventory);
    const uncached = (id: string) =>
      inventory.ancestorScopes(id).flatMap((scope) =>
        inventory.roleAssignments.flatMap((assignment) => {
          const capability = targetedControlOf(assignment);
          if (capability === undefined || canonicalArmId(assignment.scope) !== scope) return [];
          return [{ assignment, capability }];
        }),
      );
    const ids = [a.id, b.id, c.id, ops.id, a.id.toUpperCase(), `${b.id}/`, prod.scope, t.resourceGroupScope(prod, 'rg-ids'), '/'];
    for (const id of ids) assert.deepEqual(facts.controlGrantsOver(id), uncached(id), id);
    assert.deepEqual(
      facts.controlGrantsOver(a.id).map(({ capability }) => capability),
      ['add-federated-credential', 'attach', 'add-federated-credential', 'attach'],
      'own scope first, then the resource group, the subscription and its management group',
    );
    assert.equal(facts.controlGrantsOver(b.id).length, 4);
  });

  it('controlGrantsOver, judged once per role definition, equals targetedControlOf per assignment (demo tenant)', async () => {
    const inventory = buildInventory(await readSnapshotFile(DEMO_SNAPSHOT_PATH));
    const facts = createRunFacts(inventory);
    let seen = 0;
    for (const identity of inventory.userAssignedIdentities) {
      const expected = inventory.ancestorScopes(identity.id).flatMap((scope) =>
        inventory.roleAssignments.flatMap((assignment) => {
          const capability = targetedControlOf(assignment);
          if (capability === undefined || inventory.isUnresolvedPrincipal(assignment.principalId) || canonicalArmId(assignment.scope) !== scope) return [];
          return [{ assignment, capability }];
        }),
      );
      assert.deepEqual(facts.controlGrantsOver(identity.id), expected, identity.name);
      seen += expected.length;
    }
    assert.ok(seen > 0, 'the demo tenant has identities under control');
  });
});

describe('engine fingerprints and order', () => {
  it('v1Hash is the documented formula, and fingerprintOf is fingerprint with canonical parts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        assert.equal(v1Hash(text), `v1:${createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32)}`);
        assert.equal(flatten(`${text}-${text}`), `${text}-${text}`);
      }),
      { numRuns: 300 },
    );
    const subject = { kind: 'userAssignedIdentity' as const, id: '/subscriptions/S//resourceGroups/RG/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ID/' };
    assert.equal(
      fingerprint('MIA-1001', ' TENANT ', subject, ['Owner']),
      fingerprintOf('MIA-1001', 'tenant', subject.kind, '/subscriptions/s/resourcegroups/rg/providers/microsoft.managedidentity/userassignedidentities/id', ['Owner']),
    );
  });

  it('jsonString is JSON.stringify of a string, and fingerprintOfJson is fingerprintOf from quoted parts', () => {
    // Surrogate halves, quotes, backslashes and controls among plain text: the fast path must never differ.
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', '/', ' ', '"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\ud83d', '\ude00', 'é', '\u2028'), maxLength: 12 });
    fc.assert(
      fc.property(text, text, text, fc.array(text, { maxLength: 3 }), (ruleId, kind, id, key) => {
        for (const value of [ruleId, kind, id, ...key]) assert.equal(jsonString(value), JSON.stringify(value));
        const head = `[${jsonString(ruleId)},${jsonString('tenant')},`;
        assert.equal(fingerprintOfJson(head, jsonString(kind), jsonString(id), key), fingerprintOf(ruleId, 'tenant', kind, id, key));
      }),
      { numRuns: 500 },
    );
  });

  it('returns the demo tenant\'s findings in compareFindings order', async () => {
    const inventory = buildInventory(await readSnapshotFile(DEMO_SNAPSHOT_PATH));
    const findings = runRules(RULES, inventory, new Date('2026-11-25T00:00:00Z'));
    assert.ok(findings.length > 20);
    // Sorted by the exported comparator from the reverse order: equal only if the engine's keyed sort agrees.
    assert.deepEqual(findings, [...findings].reverse().sort(compareFindings));
  });
});
