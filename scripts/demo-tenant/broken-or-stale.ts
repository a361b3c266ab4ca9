/**
 * Demo instances of the "What is broken or stale?" categories (orphaned-reference, orphaned-assignment,
 * unused-identity, shared-identity, secret-credential, credential-limit), of takeover-path and of the lifecycle
 * and control checks (orphaned-system-identity, dead-trust, no-assignment-restriction, weak-delegation-condition,
 * keyvault-policy-client-id),
 * each next to a clean look-alike that must stay silent.
 */
import { GITHUB_ISSUER, asPrincipal, guid } from '../../test/helpers/tenant-builder.js';
import type { DemoTenant } from './base.js';

export function addBrokenOrStale(demo: DemoTenant): void {
  const { t, sub } = demo;

  // orphaned-reference: the batch VM still lists an identity that was deleted (a GET answered 404); the old
  // principal's role assignment lingers too (orphaned-assignment). The builder's assignDeleted() invents its own
  // principal id, so the leftover assignment is added with the id the VM recorded and marked unresolved by hand.
  const batchIdentityId = `${sub.prod.scope}/resourcegroups/rg-batch-prod/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-batch-legacy`;
  t.resource({ type: 'Microsoft.Compute/virtualMachines', name: 'vm-batch-prod', subscription: sub.prod, resourceGroup: 'rg-batch-prod', userAssigned: [batchIdentityId], tags: { environment: 'prod' } });
  t.deletedIdentity(batchIdentityId);
  const batchPrincipal = guid(`principal:${batchIdentityId}`);
  t.raw.unresolvedPrincipalIds.push(batchPrincipal);
  t.assign({ principalId: batchPrincipal, principalType: 'ServicePrincipal' }, 'Storage Blob Data Contributor', demo.storageOrders.id, { createdOn: '2025-02-11T14:03:00Z' });

  // orphaned-reference (recreated): the reports function references id-reports-sync by its old principal; the
  // identity was deleted and created again under the same name.
  const reportsSyncId = `${sub.prod.scope}/resourceGroups/rg-reports-prod/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-reports-sync`;
  t.resource({ type: 'Microsoft.Web/sites', kind: 'functionapp', name: 'func-reports-sync-prod', subscription: sub.prod, resourceGroup: 'rg-reports-prod', userAssigned: [reportsSyncId], tags: { environment: 'prod' } });
  t.uami({ name: 'id-reports-sync', subscription: sub.prod, resourceGroup: 'rg-reports-prod', tags: { environment: 'prod' }, principalId: guid('id-reports-sync:recreated-2026-10') });

  // Clean look-alike: an orders worker references the existing orders identity with a lowercase `resourcegroups`
  // key (ARM casing varies). Both users of the identity are production, so shared-identity stays silent too.
  t.resource({
    type: 'Microsoft.Web/sites',
    kind: 'app',
    name: 'app-orders-worker-prod',
    subscription: sub.prod,
    resourceGroup: 'rg-orders-prod',
    tags: { environment: 'prod' },
    userAssigned: [demo.ordersIdentity.id.replace('/resourceGroups/', '/resourcegroups/')],
  });

  // orphaned-assignment: a departed contractor's Contributor on the orders resource group (low) and a deleted dev
  // team group still Reader on the whole dev subscription (medium: broad scope).
  t.assignDeleted('User', 'Contributor', t.resourceGroupScope(sub.prod, 'rg-orders-prod'), 'former-contractor');
  t.assignDeleted('Group', 'Reader', sub.dev.scope, 'dev-team-2023');
  // Clean look-alike: a guest invited 20 minutes before the scan is not replicated yet (grace period).
  const freshGuest = guid('deleted:fresh-guest');
  t.raw.unresolvedPrincipalIds.push(freshGuest);
  t.assign({ principalId: freshGuest, principalType: 'User' }, 'Reader', t.resourceGroupScope(sub.dev, 'rg-sandbox'), { createdOn: '2026-11-24T08:10:00Z' });

  // unused-identity: a migration identity left behind after the 2024 move, still able to manage orders secrets.
  const migration = t.uami({ name: 'id-migration-2024', subscription: sub.prod, resourceGroup: 'rg-identities', tags: { purpose: 'one-off data migration' } });
  t.assign(migration, 'Key Vault Secrets Officer', demo.vaultOrders.id);

  // shared-identity: the catalog identity serves the production app and the dev app, and can write prod data.
  const catalog = t.uami({ name: 'id-catalog', subscription: sub.prod, resourceGroup: 'rg-catalog-prod', tags: { app: 'catalog' } });
  t.resource({ type: 'Microsoft.Web/sites', kind: 'app', name: 'app-catalog-prod', subscription: sub.prod, resourceGroup: 'rg-catalog-prod', tags: { environment: 'prod' }, userAssigned: [catalog] });
  t.resource({ type: 'Microsoft.Web/sites', kind: 'app', name: 'app-catalog-dev', subscription: sub.dev, resourceGroup: 'rg-catalog-dev', tags: { environment: 'dev' }, userAssigned: [catalog] });
  const catalogStorage = t.resource({ type: 'Microsoft.Storage/storageAccounts', name: 'stcatalogprod', subscription: sub.prod, resourceGroup: 'rg-catalog-prod' });
  t.assign(catalog, 'Storage Blob Data Contributor', catalogStorage.id);

  // secret-credential: the infrastructure pipeline app federates with GitHub but kept its old client secret.
  const infra = t.application({ displayName: 'gh-infra-deploy', secrets: 1 });
  t.fic(infra, { name: 'infra-production', issuer: GITHUB_ISSUER, subject: 'repo:contoso@1234567/infrastructure@5678901:environment:production' });
  t.assign(infra, 'Website Contributor', t.resourceGroupScope(sub.prod, 'rg-catalog-prod'));
  // Clean look-alike: a reporting app with a secret but no federated credential is not this rule's business.
  t.application({ displayName: 'legacy-reporting-export', secrets: 1 });

  // credential-limit: one monorepo deployment identity with a FIC per service environment, 19 of 20.
  const monorepo = t.uami({ name: 'id-gh-monorepo-deploy', subscription: sub.dev, resourceGroup: 'rg-identities', tags: { environment: 'dev' } });
  for (let index = 1; index <= 19; index += 1) {
    t.fic(monorepo, { name: `svc-${String(index).padStart(2, '0')}-dev`, issuer: GITHUB_ISSUER, subject: `repo:contoso@1234567/monorepo@4567890:environment:svc-${String(index).padStart(2, '0')}-dev` });
  }
  t.assign(monorepo, 'Website Contributor', t.resourceGroupScope(sub.dev, 'rg-monorepo-dev'));

  // takeover-path: a contractor holds Managed Identity Contributor on the release resource group, where the release
  // identity (Key Vault Secrets Officer, Website Contributor) lives: adding a FIC makes the contractor that identity.
  const release = t.uami({ name: 'id-release-prod', subscription: sub.prod, resourceGroup: 'rg-release-prod', tags: { environment: 'prod' } });
  t.fic(release, { name: 'release-production', issuer: GITHUB_ISSUER, subject: 'repo:contoso@1234567/release@6789012:environment:production' });
  t.assign(release, 'Website Contributor', t.resourceGroupScope(sub.prod, 'rg-orders-prod'));
  t.assign(release, 'Key Vault Secrets Officer', demo.vaultOrders.id);
  const carol = t.user('Carol Contractor');
  t.assign(asPrincipal(carol), 'Managed Identity Contributor', t.resourceGroupScope(sub.prod, 'rg-release-prod'));
  // Clean look-alike: the orders team may attach the dashboards identity, which can only read.
  const dashboards = t.uami({ name: 'id-dashboards-prod', subscription: sub.prod, resourceGroup: 'rg-dashboards-prod', tags: { environment: 'prod' } });
  t.resource({ type: 'Microsoft.Web/sites', kind: 'app', name: 'app-dashboards-prod', subscription: sub.prod, resourceGroup: 'rg-dashboards-prod', tags: { environment: 'prod' }, userAssigned: [dashboards] });
  t.assign(dashboards, 'Reader', t.resourceGroupScope(sub.prod, 'rg-orders-prod'));
  t.assign(asPrincipal(demo.people.appTeam), 'Managed Identity Operator', t.resourceGroupScope(sub.prod, 'rg-dashboards-prod'));

  addLifecycleAndControls(demo);
}

/** ORPH-004, ORPH-005, CTRL-002 and RBAC-007, each with a clean look-alike. */
function addLifecycleAndControls(demo: DemoTenant): void {
  const { t, sub } = demo;

  // orphaned-system-identity: the invoices function was rebuilt as func-invoices-prod; the old function app was
  // deleted, but its system-assigned service principal is still listed by Graph and still reads the orders storage.
  const legacyInvoicesId = `${sub.prod.scope}/resourcegroups/rg-invoices-prod/providers/Microsoft.Web/sites/func-invoices-legacy`;
  const legacyInvoicesSp = guid(`system:${legacyInvoicesId}`);
  t.raw.servicePrincipals.push({
    id: legacyInvoicesSp,
    appId: guid(`system-client:${legacyInvoicesId}`),
    displayName: 'func-invoices-legacy',
    servicePrincipalType: 'ManagedIdentity',
    alternativeNames: ['isExplicit=False', legacyInvoicesId],
  });
  t.assign({ principalId: legacyInvoicesSp, principalType: 'ServicePrincipal' }, 'Storage Blob Data Reader', demo.storageOrders.id, { createdOn: '2024-05-14T09:12:00Z' });
  // Clean look-alike: the tag-inheritance policy assignment (what-it-can-do.ts) has a system-assigned identity too,
  // and it exists where policy assignments were read, so it is no leftover.

  // keyvault-policy-client-id: the reports portal's access policy was written with its identity's client id, so it
  // names nobody and the portal is denied its secrets. Clean look-alike: the same vault's entry for the exporter
  // uses the object id.
  const reportsPortal = t.uami({ name: 'id-reports-portal', subscription: sub.prod, resourceGroup: 'rg-reports-prod', tags: { environment: 'prod' } });
  t.resource({ type: 'Microsoft.Web/sites', kind: 'app', name: 'app-reports-portal', subscription: sub.prod, resourceGroup: 'rg-reports-prod', userAssigned: [reportsPortal], tags: { environment: 'prod' } });
  const reportsExporter = t.uami({ name: 'id-reports-exporter', subscription: sub.prod, resourceGroup: 'rg-reports-prod', tags: { environment: 'prod' } });
  t.resource({ type: 'Microsoft.Web/sites', kind: 'functionapp', name: 'func-reports-exporter', subscription: sub.prod, resourceGroup: 'rg-reports-prod', userAssigned: [reportsExporter], tags: { environment: 'prod' } });
  t.resource({
    type: 'Microsoft.KeyVault/vaults',
    name: 'kv-reports-prod',
    subscription: sub.prod,
    resourceGroup: 'rg-reports-prod',
    tags: { environment: 'prod' },
    keyVault: {
      enableRbacAuthorization: false,
      accessPolicies: [
        { tenantId: t.tenantId, objectId: reportsPortal.clientId, permissions: { secrets: ['Get', 'List'] } },
        { tenantId: t.tenantId, objectId: reportsExporter.principalId, permissions: { secrets: ['Get'] } },
      ],
    },
  });

  // dead-trust: the staff handbook moved to GitHub Pages; its publishing identity still trusts the handbook repository but
  // lost its storage role, so the federated credential serves nobody (or something mi-audit cannot see).
  const handbookPublish = t.uami({ name: 'id-handbook-publish', subscription: sub.dev, resourceGroup: 'rg-identities', tags: { app: 'handbook' } });
  t.fic(handbookPublish, { name: 'handbook-main', issuer: GITHUB_ISSUER, subject: 'repo:contoso@1234567/handbook@7890123:ref:refs/heads/main' });
  // Clean look-alike: the handbook search indexer federates too and reads its API key through a Key Vault access policy.
  const handbookSearch = t.uami({ name: 'id-handbook-search', subscription: sub.dev, resourceGroup: 'rg-identities', tags: { app: 'handbook' } });
  t.fic(handbookSearch, { name: 'handbook-indexer-main', issuer: GITHUB_ISSUER, subject: 'repo:contoso@1234567/handbook@7890123:environment:search-index' });
  t.resource({
    type: 'Microsoft.KeyVault/vaults',
    name: 'kv-handbook-dev',
    subscription: sub.dev,
    resourceGroup: 'rg-handbook-dev',
    tags: { environment: 'dev' },
    keyVault: { enableRbacAuthorization: false, accessPolicies: [{ tenantId: t.tenantId, objectId: handbookSearch.principalId, permissions: { secrets: ['get'] } }] },
  });

  // no-assignment-restriction: the payments API identity (created with api-version 2026-05-31, which returns the
  // blank default) writes payment blobs; it could be attached to any resource type.
  const paymentsApi = t.uami({ name: 'id-payments-api', subscription: sub.prod, resourceGroup: 'rg-payments-prod', tags: { environment: 'prod', app: 'payments' } });
  t.resource({ type: 'Microsoft.Web/sites', kind: 'app', name: 'app-payments-api', subscription: sub.prod, resourceGroup: 'rg-payments-prod', tags: { environment: 'prod' }, userAssigned: [paymentsApi] });
  const paymentsStorage = t.resource({ type: 'Microsoft.Storage/storageAccounts', name: 'stpaymentsprod', subscription: sub.prod, resourceGroup: 'rg-payments-prod', tags: { environment: 'prod' } });
  t.assign(paymentsApi, 'Storage Blob Data Contributor', paymentsStorage.id);
  // Clean look-alike: the shipping API identity has the same reach but may only be attached to Microsoft.Web.
  const shippingApi = t.uami({ name: 'id-shipping-api', subscription: sub.prod, resourceGroup: 'rg-shipping-prod', tags: { environment: 'prod', app: 'shipping' } });
  t.resource({ type: 'Microsoft.Web/sites', kind: 'app', name: 'app-shipping-api', subscription: sub.prod, resourceGroup: 'rg-shipping-prod', tags: { environment: 'prod' }, userAssigned: [shippingApi] });
  const shippingStorage = t.resource({ type: 'Microsoft.Storage/storageAccounts', name: 'stshippingprod', subscription: sub.prod, resourceGroup: 'rg-shipping-prod', tags: { environment: 'prod' } });
  t.assign(shippingApi, 'Storage Blob Data Contributor', shippingStorage.id);
  for (const [identity, providers] of [[paymentsApi, []], [shippingApi, ['Microsoft.Web']]] as const) {
    const raw = t.raw.userAssignedIdentities.find((candidate) => candidate.id === identity.id);
    if (raw !== undefined) raw.assignmentRestrictions = { providers: [...providers] };
  }

  // weak-delegation-condition: the sandbox vending pipeline may create role assignments in the dev sandbox, with
  // a deny-list that forgot Role Based Access Control Administrator. (id-app-onboarding in what-it-can-do.ts, with
  // Microsoft's allow-list template, is the clean look-alike.)
  const vending = t.uami({ name: 'id-sandbox-vending', subscription: sub.platform, resourceGroup: 'rg-identities', tags: { environment: 'prod' } });
  t.fic(vending, { name: 'vending-production', issuer: GITHUB_ISSUER, subject: 'repo:contoso@1234567/sandbox-vending@8901234:environment:production' });
  const excluded = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635, 18d7d88d-d35e-4fb5-a5c3-7773c20a72d9';
  t.assign(vending, 'Role Based Access Control Administrator', t.resourceGroupScope(sub.dev, 'rg-sandbox'), {
    condition: [
      "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR",
      ` (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {${excluded}}))`,
      'AND',
      "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR",
      ` (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {${excluded}}))`,
    ].join('\n'),
  });

  // idle-privileged-identity: the sign-in report (Graph beta, a row for a few service principals only) says the
  // shipping API last signed in in June, yet it can still write the shipping blobs. Clean look-alike: the
  // billing API signed in last week. Every other identity has no row: its activity is unknown, never idle.
  const billingApi = t.raw.userAssignedIdentities.find((candidate) => candidate.name === 'id-billing-api');
  if (billingApi === undefined) throw new Error('demo: id-billing-api is defined in what-it-can-do.ts');
  t.raw.signInActivity = [
    { appId: shippingApi.clientId, lastSignInDateTime: '2026-06-03T04:12:00Z', lastAppOnlyClientSignInDateTime: '2026-06-03T04:12:00Z' },
    { appId: billingApi.clientId, lastSignInDateTime: '2026-11-17T09:30:00Z', lastAppOnlyClientSignInDateTime: '2026-11-17T09:30:00Z' },
  ];
}
