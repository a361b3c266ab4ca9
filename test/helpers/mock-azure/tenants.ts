/** Tenants for the collection tests: the demo fixture, and a small consistent tenant with the edge cases. */
import { readFileSync } from 'node:fs';

import { DEMO_SNAPSHOT_PATH } from '../../../src/core/paths.js';
import type { Snapshot } from '../../../src/snapshot/schema.js';
import { GITHUB_ISSUER, TenantBuilder } from '../tenant-builder.js';

export function demoTenant(): Snapshot {
  return JSON.parse(readFileSync(DEMO_SNAPSHOT_PATH, 'utf8')) as Snapshot;
}

export const FLEX_EXPRESSION = "claims['sub'] matches 'system:serviceaccount:payments:*'";
export const APP_FLEX_EXPRESSION = "claims['sub'] matches 'repo:contoso/*:ref:refs/heads/main'";

/**
 * Edge cases: a flexible FIC on a UAMI and on an app, a deleted UAMI still referenced, a deleted principal, MG-inherited
 * roles, policy assignment identities at management-group and resource-group scope, and a resource that uses an
 * identity of the subscription tests may make unreadable.
 */
export function edgeCaseTenant(): { snapshot: Snapshot; forbiddenSubscription: string; deletedIdentityId: string } {
  const t = new TenantBuilder();
  const root = t.managementGroup(t.tenantId, { displayName: 'Tenant Root Group' });
  const platform = t.managementGroup('platform', { parent: root });
  const prod = t.subscription('prod', { managementGroup: platform, tags: { environment: 'prod' } });
  const locked = t.subscription('locked', { managementGroup: platform });
  const identity = t.uami({ name: 'id-payments', subscription: prod, resourceGroup: 'rg-aks' });
  t.fic(identity, { name: 'payments-flex', issuer: 'https://westeurope.oic.prod-aks.azure.com/t/i/', subject: null, claimsMatchingExpression: { value: FLEX_EXPRESSION } });
  t.fic(identity, { name: 'payments-exact', issuer: 'https://westeurope.oic.prod-aks.azure.com/t/i/', subject: 'system:serviceaccount:payments:api' });
  const deletedIdentityId = `${prod.scope}/resourcegroups/rg-old/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-gone`;
  t.resource({ type: 'Microsoft.Web/sites', name: 'app-legacy', subscription: prod, userAssigned: [deletedIdentityId], systemAssigned: true });
  t.deletedIdentity(deletedIdentityId);
  t.resource({
    type: 'Microsoft.KeyVault/vaults',
    name: 'kv-payments',
    subscription: prod,
    keyVault: { enableRbacAuthorization: false, accessPolicies: [{ tenantId: t.tenantId, objectId: identity.principalId, permissions: { secrets: ['get', 'list'] } }] },
  });
  t.resource({ type: 'Microsoft.Storage/storageAccounts', name: 'stnoidentity', subscription: prod });
  const lockedIdentity = t.uami({ name: 'id-locked', subscription: locked });
  t.resource({ type: 'Microsoft.Web/sites', name: 'app-uses-locked', subscription: prod, userAssigned: [lockedIdentity] });
  const diagnostics = t.policyAssignment({ name: 'deploy-diagnostics', displayName: 'Deploy diagnostic settings', scope: platform, systemAssigned: true });
  t.assign(diagnostics, 'Contributor', platform);
  t.policyAssignment({ name: 'inherit-tag', scope: t.resourceGroupScope(prod, 'rg-aks'), userAssigned: identity });
  t.assign(identity, 'Contributor', prod.scope);
  t.assign(identity, 'Reader', platform);
  t.assign(lockedIdentity, 'Reader', locked.scope);
  t.assignDeleted('User', 'Owner', prod.scope, 'gone-admin');
  const custom = t.customRole({ roleName: 'Platform Operator', actions: ['Microsoft.Compute/*/read'], assignableScopes: [platform] });
  t.assign(identity, custom, platform);
  const app = t.application({ displayName: 'app-ci', secrets: 1, certificates: 1, owners: [t.user('Alice Admin')] });
  t.fic(app, { name: 'ci-flex', issuer: GITHUB_ISSUER, subject: null, claimsMatchingExpression: { value: APP_FLEX_EXPRESSION } });
  t.graphPermission(identity, 'Application.ReadWrite.All');
  t.directoryRole(identity, 'Directory Readers');
  return { snapshot: t.build(), forbiddenSubscription: locked.subscriptionId, deletedIdentityId };
}
