import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/privileged-role.js';
import { about, runRule } from '../helpers/rule-harness.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

const STORAGE_BLOB_DATA_READER = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1';
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';

function constrainRoles(allowed: readonly string[]): string {
  const list = allowed.join(', ');
  return [
    "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR",
    ` (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${list}}))`,
    'AND',
    "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR",
    ` (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${list}}))`,
  ].join('\n');
}

describe('privileged-role', () => {
  it('fires for Owner, UAA, RBAC Administrator and custom roles with roleAssignments/write, graded by scope', () => {
    const t = new TenantBuilder();
    const root = t.managementGroup('root');
    const prod = t.subscription('prod', { managementGroup: root });
    const owner = t.uami({ name: 'id-owner', subscription: prod });
    const uaa = t.uami({ name: 'id-uaa', subscription: prod });
    const rbac = t.uami({ name: 'id-rbac', subscription: prod });
    const custom = t.uami({ name: 'id-custom', subscription: prod });
    t.assign(owner, 'Owner', prod.scope);
    t.assign(uaa, 'User Access Administrator', root);
    t.assign(rbac, 'Role Based Access Control Administrator', t.resourceGroupScope(prod, 'rg-app'));
    const granter = t.customRole({
      roleName: 'Access granter',
      actions: ['Microsoft.Authorization/roleAssignments/*'],
      assignableScopes: [prod.scope],
    });
    t.assign(custom, granter, prod.scope);

    const findings = runRule(rule, t);
    assert.equal(about(findings, owner.id)[0]?.severity, 'critical');
    assert.equal(about(findings, uaa.id)[0]?.severity, 'critical', 'inherited from a management group');
    assert.equal(about(findings, rbac.id)[0]?.severity, 'high', 'resource-group scope is narrower');
    assert.equal(about(findings, custom.id).length, 1);
    const ownerFinding = about(findings, owner.id)[0];
    assert.ok(ownerFinding?.related.some((ref) => ref.relation === 'role' && ref.displayName === 'Owner'));
    assert.ok(ownerFinding?.related.some((ref) => ref.relation === 'scope' && ref.id === prod.scope && ref.displayName === "subscription 'prod'"));
    assert.ok(ownerFinding?.related.every((ref) => ref.displayName !== undefined), 'every related object is named');
  });

  it('fires for system-assigned identities and federated apps too', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const vm = t.resource({ type: 'Microsoft.Compute/virtualMachines', name: 'vm-1', subscription: prod, systemAssigned: true });
    const app = t.application({ displayName: 'gh-deployer' });
    t.fic(app, { name: 'main', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:c/app:environment:prod' });
    t.assign(vm, 'Owner', prod.scope);
    t.assign(app, 'User Access Administrator', prod.scope);
    const findings = runRule(rule, t);
    assert.equal(about(findings, vm.id)[0]?.subject.kind, 'systemAssignedIdentity');
    assert.equal(about(findings, app.id)[0]?.subject.kind, 'application');
  });

  it('lowers the severity by one when a v2.0 condition allow-lists only non-privileged roles', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const constrained = t.uami({ name: 'id-constrained', subscription: prod });
    const allowsOwner = t.uami({ name: 'id-allows-owner', subscription: prod });
    const denyList = t.uami({ name: 'id-deny-list', subscription: prod });
    t.assign(constrained, 'Role Based Access Control Administrator', prod.scope, { condition: constrainRoles([STORAGE_BLOB_DATA_READER]) });
    t.assign(allowsOwner, 'Role Based Access Control Administrator', prod.scope, { condition: constrainRoles([STORAGE_BLOB_DATA_READER, OWNER]) });
    t.assign(denyList, 'Role Based Access Control Administrator', prod.scope, {
      condition: constrainRoles([OWNER]).replaceAll('GuidEquals', 'GuidNotEquals'),
    });
    const findings = runRule(rule, t);
    assert.equal(about(findings, constrained.id)[0]?.severity, 'high');
    assert.equal(about(findings, constrained.id)[0]?.evidence['conditionConstrainsRoles'], true);
    assert.equal(about(findings, allowsOwner.id)[0]?.severity, 'critical', 'an allow-list that includes Owner constrains nothing');
    assert.equal(about(findings, denyList.id)[0]?.severity, 'critical', 'a deny-list is not an allow-list');
  });

  it('stays silent for Contributor, Reader, data roles and custom roles that only read authorization', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-app', subscription: prod });
    t.assign(id, 'Contributor', prod.scope);
    t.assign(id, 'Reader', '/');
    t.assign(id, 'Storage Blob Data Contributor', prod.scope);
    const reader = t.customRole({ roleName: 'Auth reader', actions: ['Microsoft.Authorization/*/read'], assignableScopes: [prod.scope] });
    t.assign(id, reader, prod.scope);
    assert.deepEqual(runRule(rule, t), []);
  });

  it('stays silent for a human or group holding Owner', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    t.assign({ principalId: t.user('Alice').id, principalType: 'User' }, 'Owner', prod.scope);
    assert.deepEqual(runRule(rule, t), []);
  });

  it('judges a user-assigned identity whose subscription was not read by its service principal, and says the host was not found', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const spId = '3f2e1d0c-9b8a-4765-8432-10fedcba9876';
    t.raw.servicePrincipals.push({
      id: spId,
      appId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
      displayName: 'id-deployer',
      servicePrincipalType: 'ManagedIdentity',
      alternativeNames: ['isExplicit=True', '/subscriptions/00000000-aaaa-4bbb-8ccc-000000000001/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-deployer'],
    });
    t.assign({ principalId: spId, principalType: 'ServicePrincipal' }, 'Owner', prod.scope);
    const [finding, ...rest] = about(runRule(rule, t), spId);
    assert.equal(rest.length, 0);
    assert.equal(finding?.severity, 'critical');
    assert.match(finding?.message ?? '', /^User-assigned managed identity 'id-deployer' \(host not found in the scanned scopes\) holds Owner/);
  });
});
