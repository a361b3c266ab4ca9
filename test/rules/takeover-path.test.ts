import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/takeover-path.js';
import { ROLE } from '../../src/rules/util/azure-roles.js';
import type { SnapshotRoleDefinition } from '../../src/snapshot/schema.js';
import type { Finding } from '../../src/engine/types.js';
import { about, runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder, asPrincipal } from '../helpers/tenant-builder.js';

/** The builder has no Managed Identity Federated Identity Credential Contributor; add it with its real GUID. */
function ficContributorRole(t: TenantBuilder): SnapshotRoleDefinition {
  const definition: SnapshotRoleDefinition = {
    id: `/providers/Microsoft.Authorization/roleDefinitions/${ROLE.managedIdentityFicContributor}`,
    name: ROLE.managedIdentityFicContributor,
    roleName: 'Managed Identity Federated Identity Credential Contributor',
    roleType: 'BuiltInRole',
    assignableScopes: ['/'],
    permissions: [
      {
        actions: ['Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/*', 'Microsoft.ManagedIdentity/userAssignedIdentities/read'],
        notActions: [],
        dataActions: [],
        notDataActions: [],
      },
    ],
  };
  // The builder may list this built-in already; a snapshot holds each role definition once (duplicate ids are bad input).
  if (!t.raw.roleDefinitions.some((existing) => existing.id.toLowerCase() === definition.id.toLowerCase())) t.raw.roleDefinitions.push(definition);
  return definition;
}

function dataReaderRole(t: TenantBuilder, scope: string): SnapshotRoleDefinition {
  return t.customRole({
    roleName: 'Blob reader (data only)',
    actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/read'],
    dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'],
    assignableScopes: [scope],
  });
}

/** Findings (one per controlling assignment) that reach this identity. */
function reaching(findings: readonly Finding[], identityId: string): Finding[] {
  return findings.filter((finding) => finding.related.some((ref) => ref.relation === 'identity' && ref.id.toLowerCase() === identityId.toLowerCase()));
}

describe('takeover-path', () => {
  it('names a controller that is itself a managed identity as one, not as a service principal', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-deploy', subscription: prod, resourceGroup: 'rg-identities' });
    t.assign(id, 'Owner', prod.scope);
    const ci = t.uami({ name: 'id-ci', subscription: prod, resourceGroup: 'rg-ci' });
    t.assign(ci, 'Managed Identity Contributor', t.resourceGroupScope(prod, 'rg-identities'));

    const finding = reaching(runRule(rule, t), id.id)[0];
    assert.match(finding?.message ?? '', /^User-assigned identity 'id-ci' holds Managed Identity Contributor/);
    assert.ok(finding?.related.some((ref) => ref.relation === 'controller' && ref.kind === 'servicePrincipal' && ref.displayName === 'id-ci'), 'the related object stays the principal');
  });

  it('fires critical for a user holding Managed Identity Contributor on the resource group of a T0 identity', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-deploy', subscription: prod, resourceGroup: 'rg-identities' });
    t.assign(id, 'Owner', prod.scope);
    const mallory = t.user('Mallory');
    const assignment = t.assign(asPrincipal(mallory), 'Managed Identity Contributor', t.resourceGroupScope(prod, 'rg-identities'));

    const finding = reaching(runRule(rule, t), id.id)[0];
    assert.equal(finding?.severity, 'critical');
    assert.equal(finding?.evidence['capability'], 'add-federated-credential');
    assert.ok(finding?.related.some((ref) => ref.relation === 'controller' && ref.kind === 'user' && ref.id === mallory.id && ref.displayName === 'Mallory'));
    assert.equal(finding?.subject.kind, 'roleAssignment');
    assert.equal(finding?.subject.id, assignment);
    assert.ok(finding?.related.some((ref) => ref.relation === 'role' && ref.displayName === 'Managed Identity Contributor'));
    assert.ok(finding?.related.some((ref) => ref.relation === 'scope' && ref.id === t.resourceGroupScope(prod, 'rg-identities')));
    assert.ok(finding?.related.some((ref) => ref.relation === 'identityPrivilege'));
    assert.match(finding?.message ?? '', /^User 'Mallory' holds Managed Identity Contributor on resource group 'rg-identities'/);
  });

  it('grades by capability and identity tier: FIC Contributor on a T1 identity is high, Operator on a T0 identity high, on T1 medium', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const t1 = t.uami({ name: 'id-writer', subscription: prod });
    t.assign(t1, 'Storage Blob Data Contributor', t.resourceGroupScope(prod, 'rg-data'));
    const t0 = t.uami({ name: 'id-admin', subscription: prod });
    t.assign(t0, 'User Access Administrator', prod.scope);
    const pipeline = t.uami({ name: 'id-pipeline', subscription: prod });
    t.assign(pipeline, ficContributorRole(t), t1.id);
    const ops = t.group('ops');
    t.assign(asPrincipal(ops), 'Managed Identity Operator', prod.scope);
    const peggy = t.user('Peggy');
    t.assign(asPrincipal(peggy), 'Managed Identity Operator', t1.id);

    const findings = runRule(rule, t);
    const onWriter = reaching(findings, t1.id);
    assert.equal(onWriter.find((finding) => finding.evidence['roleName'] === 'Managed Identity Federated Identity Credential Contributor')?.severity, 'high');
    const peggyFinding = onWriter.find((finding) => finding.related.some((ref) => ref.relation === 'controller' && ref.id === peggy.id));
    assert.equal(peggyFinding?.severity, 'medium', 'attach over a T1 identity only');
    const onAdmin = reaching(findings, t0.id);
    assert.equal(onAdmin.length, 1);
    assert.equal(onAdmin[0]?.severity, 'high', 'graded by the most privileged identity it reaches (T0)');
    assert.equal(onAdmin[0]?.evidence['identityCount'], 3, 'the subscription-wide Operator reaches all three privileged identities');
    assert.equal(onAdmin[0]?.related.find((ref) => ref.relation === 'controller')?.kind, 'group');
  });

  it('fires for custom roles that grant federatedIdentityCredentials/write and for Owner or Contributor at resource-group scope', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-deploy', subscription: prod, resourceGroup: 'rg-app' });
    t.assign(id, 'Contributor', prod.scope);
    const custom = t.customRole({ roleName: 'Identity wrangler', actions: ['Microsoft.ManagedIdentity/*'], assignableScopes: [prod.scope] });
    t.assign(asPrincipal(t.user('Carol')), custom, prod.scope);
    t.assign(asPrincipal(t.user('Dave')), 'Contributor', t.resourceGroupScope(prod, 'rg-app'));
    const names = reaching(runRule(rule, t), id.id).map((finding) => finding.related.find((ref) => ref.relation === 'controller')?.displayName).sort();
    assert.deepEqual(names, ['Carol', 'Dave']);
  });

  it('reports one finding per controlling assignment, naming every privileged identity it reaches', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const a = t.uami({ name: 'id-a', subscription: prod, resourceGroup: 'rg-1' });
    const b = t.uami({ name: 'id-b', subscription: prod, resourceGroup: 'rg-2' });
    t.assign(a, 'Owner', prod.scope);
    t.assign(b, 'Storage Blob Data Contributor', t.resourceGroupScope(prod, 'rg-2'));
    t.assign(asPrincipal(t.user('Olivia')), 'Managed Identity Operator', prod.scope);
    const findings = runRule(rule, t);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.evidence['identityCount'], 2);
    assert.equal(findings[0]?.severity, 'high', 'attach over a T0 identity');
    assert.deepEqual(reaching(findings, b.id), findings);
    assert.match(findings[0]?.message ?? '', /2 privileged user-assigned identities, among them user-assigned identity 'id-a'/);
  });

  it('lists the identities an assignment reaches strongest first, then by name, whatever the inventory order', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const z = t.uami({ name: 'id-z', subscription: prod, resourceGroup: 'rg-1' });
    const b = t.uami({ name: 'id-b', subscription: prod, resourceGroup: 'rg-1' });
    const a = t.uami({ name: 'id-a', subscription: prod, resourceGroup: 'rg-1' });
    t.assign(z, 'Storage Blob Data Contributor', t.resourceGroupScope(prod, 'rg-data'));
    t.assign(b, 'Owner', prod.scope);
    t.assign(a, 'Storage Blob Data Contributor', t.resourceGroupScope(prod, 'rg-data'));
    t.assign(asPrincipal(t.user('Olivia')), 'Managed Identity Operator', t.resourceGroupScope(prod, 'rg-1'));
    const findings = runRule(rule, t);
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0]?.evidence['identities'], ['id-b (T0)', 'id-a (T1)', 'id-z (T1)']);
    assert.deepEqual(
      findings[0]?.related.filter((ref) => ref.relation === 'identity').map((ref) => ref.id),
      [b.id, a.id, z.id],
    );
    assert.match(findings[0]?.message ?? '', /among them user-assigned identity 'id-b' with T0 access/);
  });

  it('fires for owners of a privileged federated app registration', () => {
    const t = new TenantBuilder();
    const erin = t.user('Erin');
    const app = t.application({ displayName: 'gh-release', owners: [erin] });
    t.fic(app, { name: 'main', issuer: GITHUB_ISSUER, subject: 'repo:contoso/release:environment:prod' });
    t.graphPermission(app, 'Application.ReadWrite.All');
    const finding = about(runRule(rule, t), app.id)[0];
    assert.equal(finding?.severity, 'critical');
    assert.equal(finding?.evidence['capability'], 'app-owner');
    assert.ok(finding?.related.some((ref) => ref.relation === 'controller' && ref.id === erin.id && ref.displayName === 'Erin'));
  });

  it('stays silent for read-only identities, broad Owner/Contributor holders, the identity itself, deleted controllers and Reader', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const reader = t.uami({ name: 'id-reader', subscription: prod, resourceGroup: 'rg-ro' });
    t.assign(reader, 'Reader', prod.scope);
    const dataReader = t.uami({ name: 'id-data-reader', subscription: prod, resourceGroup: 'rg-ro' });
    t.assign(dataReader, dataReaderRole(t, prod.scope), prod.scope);
    t.assign(asPrincipal(t.user('Frank')), 'Managed Identity Contributor', t.resourceGroupScope(prod, 'rg-ro'));

    const admin = t.uami({ name: 'id-admin', subscription: prod, resourceGroup: 'rg-admin' });
    t.assign(admin, 'Owner', prod.scope);
    t.assign(admin, 'Managed Identity Contributor', t.resourceGroupScope(prod, 'rg-admin'));
    t.assign(asPrincipal(t.group('platform-admins')), 'Owner', '/');
    t.assign(asPrincipal(t.user('Grace')), 'Contributor', prod.scope);
    t.assign(asPrincipal(t.user('Heidi')), 'Reader', t.resourceGroupScope(prod, 'rg-admin'));
    t.assignDeleted('User', 'Managed Identity Contributor', t.resourceGroupScope(prod, 'rg-admin'), 'leaver');

    const unprivilegedApp = t.application({ displayName: 'gh-docs', owners: [t.user('Ivan')] });
    t.fic(unprivilegedApp, { name: 'main', issuer: GITHUB_ISSUER, subject: 'repo:contoso/docs:environment:prod' });
    t.assign(unprivilegedApp, 'Reader', t.resourceGroupScope(prod, 'rg-docs'));
    assert.deepEqual(runRule(rule, t), []);
  });
});
