import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { analyzeSnapshot } from '../../src/scan/analyze.js';
import { buildInventory } from '../../src/inventory/build.js';
import { buildIdentityRecords } from '../../src/record/build.js';
import { describeSubject } from '../../src/rules/providers/index.js';
import type { IdentityRecord } from '../../src/record/schema.js';
import { validateSnapshot } from '../../src/snapshot/read.js';
import { TEST_NOW } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder, guid } from '../helpers/tenant-builder.js';

function records(tenant: TenantBuilder, withFindings = false): IdentityRecord[] {
  const snapshot = validateSnapshot(tenant.build(), 'test tenant');
  const findings = withFindings ? analyzeSnapshot({ snapshot, failOn: 'none', now: TEST_NOW }).report.findings : [];
  return buildIdentityRecords(buildInventory(snapshot), findings);
}

function named(list: readonly IdentityRecord[], name: string): IdentityRecord {
  const found = list.find((record) => record.name === name);
  assert.ok(found, `record ${name}`);
  return found;
}

describe('identity record', () => {
  it('lists an identity that holds nothing and breaks no rule, with activity unknown', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('contoso-prod');
    const quiet = t.uami({ name: 'id-quiet', subscription: prod, resourceGroup: 'rg-app-prod', tags: { env: 'prod' } });
    t.resource({ type: 'Microsoft.Web/sites', name: 'app-quiet', subscription: prod, userAssigned: [quiet] });
    const [record] = records(t, true);
    assert.ok(record);
    assert.equal(record.kind, 'userAssignedIdentity');
    assert.equal(record.subscriptionName, 'contoso-prod');
    assert.equal(record.environment?.label, 'prod');
    assert.deepEqual(record.grants, []);
    assert.deepEqual(record.activity, { lastSignIn: null, state: 'unknown' });
    assert.equal(record.risk.rank, 1);
    assert.equal(record.risk.worstOpenSeverity, null);
    assert.deepEqual(record.findings, []);
  });

  it('names where an inherited role is assigned and the scanned subscriptions it reaches', () => {
    const t = new TenantBuilder();
    const platform = t.managementGroup('mg-platform', { displayName: 'Platform' });
    const a = t.subscription('sub-a', { managementGroup: platform });
    const b = t.subscription('sub-b', { managementGroup: platform });
    t.subscription('sub-outside');
    const identity = t.uami({ name: 'id-mg-reader', subscription: a });
    t.assign(identity, 'Reader', platform);
    t.assign(identity, 'Storage Blob Data Contributor', t.resourceGroupScope(b, 'rg-data'), { condition: "@Resource[x] StringEquals 'y'" });
    const record = named(records(t), 'id-mg-reader');
    const reader = record.grants.find((grant) => grant.kind === 'azureRole' && grant.roleName === 'Reader');
    assert.ok(reader?.kind === 'azureRole');
    assert.equal(reader.scopeLevel, 'managementGroup');
    assert.equal(reader.scopeName, "management group 'Platform'");
    assert.deepEqual(reader.effectiveOn.map((subscription) => subscription.name).sort(), ['sub-a', 'sub-b']);
    assert.equal(reader.roleType, 'builtIn');
    assert.equal(reader.plane, 'control');
    const blob = record.grants.find((grant) => grant.kind === 'azureRole' && grant.roleName === 'Storage Blob Data Contributor');
    assert.ok(blob?.kind === 'azureRole');
    assert.equal(blob.condition, "@Resource[x] StringEquals 'y'");
    assert.deepEqual(blob.effectiveOn, []);
    assert.equal(blob.tier, 1);
  });

  it('marks a Key Vault access policy inert on an RBAC-mode vault, and lists Graph permissions and directory roles', () => {
    const t = new TenantBuilder();
    const sub = t.subscription('sub');
    const identity = t.uami({ name: 'id-kv', subscription: sub });
    const policy = { tenantId: t.tenantId, objectId: identity.principalId, permissions: { secrets: ['get', 'set'] } };
    t.resource({ type: 'Microsoft.KeyVault/vaults', name: 'kv-rbac', subscription: sub, keyVault: { enableRbacAuthorization: true, accessPolicies: [policy] } });
    t.resource({ type: 'Microsoft.KeyVault/vaults', name: 'kv-legacy', subscription: sub, keyVault: { enableRbacAuthorization: false, accessPolicies: [policy] } });
    t.graphPermission(identity, 'Application.ReadWrite.All');
    t.directoryRole(identity, 'Directory Readers');
    const record = named(records(t), 'id-kv');
    const policies = record.grants.filter((grant) => grant.kind === 'keyVaultAccessPolicy');
    assert.deepEqual(
      policies.map((grant) => [grant.vaultName, grant.inert, grant.tier]).sort(),
      [
        ['kv-legacy', false, 1],
        ['kv-rbac', true, 3],
      ],
    );
    const graph = record.grants.find((grant) => grant.kind === 'graphPermission');
    assert.ok(graph?.kind === 'graphPermission');
    assert.equal(graph.permission, 'Application.ReadWrite.All');
    assert.equal(graph.tier, 0);
    const role = record.grants.find((grant) => grant.kind === 'directoryRole');
    assert.ok(role?.kind === 'directoryRole');
    assert.equal(role.roleName, 'Directory Readers');
    assert.equal(role.scopeName, 'the whole directory');
    assert.equal(record.risk.tier, 0);
    assert.equal(record.grants[0]?.kind, 'graphPermission', 'most privileged first');
  });

  it('decodes federated subjects and says who can mint a token', () => {
    const t = new TenantBuilder();
    const sub = t.subscription('sub');
    const identity = t.uami({ name: 'id-deploy', subscription: sub });
    t.fic(identity, { name: 'prod', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:environment:production' });
    t.fic(identity, { name: 'prs', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:pull_request' });
    const record = named(records(t), 'id-deploy');
    const prod = record.trust.find((entry) => entry.name === 'prod');
    assert.deepEqual(prod?.decodedSubject, { repo: 'contoso/app', environment: 'production', owner: 'contoso', repositoryName: 'app' });
    assert.equal(prod?.provider, 'github');
    assert.match(prod?.whoCanMint ?? '', /environment production/);
    assert.equal(record.risk.trustBreadth, 3, 'pull requests are B3');
    // The record decodes subjects with the provider descriptors the rules use (one grammar per provider).
    const fields = (issuer: string, subject: string): Readonly<Record<string, string>> => describeSubject(issuer, subject).fields;
    assert.deepEqual(fields('https://oidc.prod-aks.azure.com/t/', 'system:serviceaccount:orders:api'), { namespace: 'orders', serviceAccount: 'api' });
    assert.deepEqual(fields('https://app.terraform.io', 'organization:contoso:project:p:workspace:w:run_phase:apply'), {
      organization: 'contoso',
      project: 'p',
      workspace: 'w',
      run_phase: 'apply',
    });
    assert.equal(fields('https://vstoken.dev.azure.com/00000000-0000-0000-0000-000000000001', 'sc://contoso/infra/prod-connection')['name'], 'prod-connection');
    assert.deepEqual(fields('https://example.com', 'anything'), {});
  });

  it('lists hosts, controllers that can add a credential or attach, and app owners; never a deleted principal', () => {
    const t = new TenantBuilder();
    const sub = t.subscription('sub');
    const identity = t.uami({ name: 'id-shared', subscription: sub, resourceGroup: 'rg-id' });
    t.resource({ type: 'Microsoft.Web/sites', name: 'app-one', subscription: sub, userAssigned: [identity] });
    t.resource({ type: 'Microsoft.Web/sites', name: 'app-two', subscription: sub, userAssigned: [identity.id.toUpperCase()] });
    const alice = t.user('Alice');
    t.assign({ principalId: alice.id, principalType: 'User' }, 'Managed Identity Contributor', t.resourceGroupScope(sub, 'rg-id'));
    t.assign({ principalId: t.user('Bob').id, principalType: 'User' }, 'Managed Identity Operator', sub.scope);
    t.assign({ principalId: t.user('Carol').id, principalType: 'User' }, 'Owner', sub.scope);
    t.assignDeleted('User', 'Managed Identity Contributor', t.resourceGroupScope(sub, 'rg-id'), 'gone');
    const app = t.application({ displayName: 'gh-app', owners: [t.user('Dave')] });
    t.fic(app, { name: 'main', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:ref:refs/heads/main' });
    const list = records(t);
    const record = named(list, 'id-shared');
    assert.deepEqual(record.hosts.map((host) => host.name).sort(), ['app-one', 'app-two']);
    assert.deepEqual(
      record.controllers.map((controller) => [controller.displayName, controller.capability]),
      [
        ['Alice', 'add-federated-credential'],
        ['Bob', 'attach'],
      ],
      'subscription-wide Owners are platform administrators, not listed; deleted principals control nothing',
    );
    const appRecord = named(list, 'gh-app');
    assert.deepEqual(appRecord.owners.map((owner) => owner.displayName), ['Dave']);
    assert.deepEqual(appRecord.controllers.map((controller) => [controller.displayName, controller.capability]), [['Dave', 'owner']]);
    assert.equal(appRecord.ids.applicationObjectId, app.id);
  });

  it('includes system-assigned identities, apps that hold grants without federation, and managed identities whose host was not found', () => {
    const t = new TenantBuilder();
    const sub = t.subscription('sub');
    const site = t.resource({ type: 'Microsoft.Web/sites', name: 'func-prod', subscription: sub, systemAssigned: true });
    const app = t.application({ displayName: 'app-secret-only', secrets: 1 });
    t.application({ displayName: 'app-unused' });
    t.assign({ principalId: guid(`sp:${app.id}`), principalType: 'ServicePrincipal' }, 'Reader', sub.scope);
    const hostless = guid('hostless');
    t.raw.servicePrincipals.push({
      id: hostless,
      appId: guid('hostless-app'),
      displayName: 'func-deleted',
      servicePrincipalType: 'ManagedIdentity',
      alternativeNames: ['isExplicit=False', `${sub.scope}/resourceGroups/rg-x/providers/Microsoft.Web/sites/func-deleted`],
    });
    t.assign({ principalId: hostless, principalType: 'ServicePrincipal' }, 'Contributor', sub.scope);
    const list = records(t);
    assert.deepEqual(list.map((record) => record.name).sort(), ['app-secret-only', 'func-deleted', 'func-prod']);
    const system = named(list, 'func-prod');
    assert.equal(system.kind, 'systemAssignedIdentity');
    assert.equal(system.ids.armId, site.id);
    assert.deepEqual(system.hosts.map((host) => host.id), [site.id]);
    const missing = named(list, 'func-deleted');
    assert.equal(missing.hostFound, false);
    assert.equal(missing.kind, 'systemAssignedIdentity');
    assert.match(missing.notes.join(' '), /host not found in the scanned scopes/);
    assert.equal(missing.risk.rank, 1, 'Contributor on a subscription is T0: it sorts first');
    assert.equal(named(list, 'app-secret-only').kind, 'application');
  });

  it('attaches findings to the identity they are about and ranks by worst open severity, then tier', () => {
    const t = new TenantBuilder();
    const sub = t.subscription('sub');
    const owner = t.uami({ name: 'id-owner', subscription: sub });
    t.assign(owner, 'Owner', sub.scope);
    const reader = t.uami({ name: 'id-reader', subscription: sub });
    t.assign(reader, 'Reader', t.resourceGroupScope(sub, 'rg-identities'));
    const list = records(t, true);
    const top = list[0];
    assert.equal(top?.name, 'id-owner');
    assert.ok(top.findings.some((finding) => finding.rule === 'privileged-role' && finding.status === 'open'));
    assert.ok(top.risk.worstOpenSeverity !== null);
    assert.deepEqual(
      list.map((record) => record.risk.rank),
      list.map((_, index) => index + 1),
    );
    assert.deepEqual(buildIdentityRecords(buildInventory(validateSnapshot(t.build(), 't')), []).map((record) => record.name), ['id-owner', 'id-reader'], 'without findings, tier decides');
  });

  it('reports a recorded last sign-in, and unknown for an identity without a row', () => {
    const t = new TenantBuilder();
    const sub = t.subscription('sub');
    const seen = t.uami({ name: 'id-seen', subscription: sub });
    t.uami({ name: 'id-unseen', subscription: sub });
    t.raw.signInActivity = [{ appId: seen.clientId, lastSignInDateTime: '2026-01-01T00:00:00Z', lastAppOnlyClientSignInDateTime: '2026-03-01T00:00:00Z' }];
    const list = records(t);
    assert.deepEqual(named(list, 'id-seen').activity, { lastSignIn: '2026-03-01T00:00:00Z', state: 'recorded' });
    assert.deepEqual(named(list, 'id-unseen').activity, { lastSignIn: null, state: 'unknown' });
  });
});
