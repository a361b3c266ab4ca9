/**
 * The bundled demo tenant, Contoso: three subscriptions under a management-group hierarchy, web and function
 * apps, AKS, Key Vaults, storage, a registry, user-assigned identities shared and not, and app registrations
 * federated with GitHub, AKS and Terraform Cloud. This file holds the healthy, least-privilege baseline; each
 * family file (what-it-can-do.ts, who-can-become-it.ts, broken-or-stale.ts) adds the problems its rules find,
 * next to clean look-alikes that must stay silent.
 */
import type { SnapshotDirectoryObject, SnapshotResource, SnapshotUserAssignedIdentity } from '../../src/snapshot/schema.js';
import { GITHUB_ISSUER, type SubscriptionHandle, TenantBuilder, asPrincipal, guid } from '../../test/helpers/tenant-builder.js';

export interface DemoTenant {
  readonly t: TenantBuilder;
  readonly mg: { readonly root: string; readonly platform: string; readonly landingZones: string; readonly prod: string; readonly nonprod: string };
  readonly sub: { readonly prod: SubscriptionHandle; readonly dev: SubscriptionHandle; readonly platform: SubscriptionHandle };
  readonly people: {
    readonly alice: SnapshotDirectoryObject;
    readonly bob: SnapshotDirectoryObject;
    readonly platformAdmins: SnapshotDirectoryObject;
    readonly appTeam: SnapshotDirectoryObject;
  };
  readonly aksProdIssuer: string;
  readonly registry: SnapshotResource;
  readonly storageOrders: SnapshotResource;
  readonly vaultOrders: SnapshotResource;
  readonly ordersIdentity: SnapshotUserAssignedIdentity;
}

export const DEMO_TENANT_ID = guid('contoso-tenant');

export function buildBase(): DemoTenant {
  const t = new TenantBuilder({ tenantId: DEMO_TENANT_ID, collectedAt: '2026-11-24T08:30:00Z' });
  const root = t.managementGroup(DEMO_TENANT_ID, { displayName: 'Tenant Root Group' });
  const platform = t.managementGroup('contoso-platform', { displayName: 'Platform', parent: root });
  const landingZones = t.managementGroup('contoso-landingzones', { displayName: 'Landing zones', parent: root });
  const prodMg = t.managementGroup('contoso-prod', { displayName: 'Production', parent: landingZones });
  const nonprodMg = t.managementGroup('contoso-nonprod', { displayName: 'Non-production', parent: landingZones });

  const prod = t.subscription('contoso-prod', { managementGroup: prodMg, tags: { environment: 'prod' } });
  const dev = t.subscription('contoso-dev', { managementGroup: nonprodMg, tags: { environment: 'dev' } });
  const platformSub = t.subscription('contoso-platform', { managementGroup: platform, tags: { environment: 'prod' } });

  const alice = t.user('Alice Admin');
  const bob = t.user('Bob Developer');
  const platformAdmins = t.group('platform-admins');
  const appTeam = t.group('orders-app-team');
  t.assign(asPrincipal(platformAdmins), 'Owner', root);
  t.assign(asPrincipal(appTeam), 'Reader', prod.scope);
  t.assign(asPrincipal(bob), 'Contributor', dev.scope);

  // Shared platform services.
  const registry = t.resource({ type: 'Microsoft.ContainerRegistry/registries', name: 'acrcontoso', subscription: platformSub, resourceGroup: 'rg-registry' });
  const logs = t.resource({ type: 'Microsoft.OperationalInsights/workspaces', name: 'log-contoso', subscription: platformSub, resourceGroup: 'rg-monitoring' });

  // Orders service (prod): web app with its own identity, data-plane roles only. Clean.
  const ordersIdentity = t.uami({ name: 'id-orders-prod', subscription: prod, resourceGroup: 'rg-orders-prod', tags: { environment: 'prod', app: 'orders' } });
  t.resource({ type: 'Microsoft.Web/sites', kind: 'app', name: 'app-orders-prod', subscription: prod, resourceGroup: 'rg-orders-prod', tags: { environment: 'prod' }, userAssigned: [ordersIdentity] });
  const storageOrders = t.resource({ type: 'Microsoft.Storage/storageAccounts', name: 'stordersprod', subscription: prod, resourceGroup: 'rg-orders-prod' });
  const vaultOrders = t.resource({
    type: 'Microsoft.KeyVault/vaults',
    name: 'kv-orders-prod',
    subscription: prod,
    resourceGroup: 'rg-orders-prod',
    keyVault: { enableRbacAuthorization: true, accessPolicies: [] },
  });
  t.assign(ordersIdentity, 'Storage Blob Data Reader', storageOrders.id);
  t.assign(ordersIdentity, 'Key Vault Secrets User', vaultOrders.id);
  t.assign(ordersIdentity, 'AcrPull', registry.id);

  // Invoices function app (prod): system-assigned identity that only publishes metrics. Clean.
  const invoices = t.resource({ type: 'Microsoft.Web/sites', kind: 'functionapp', name: 'func-invoices-prod', subscription: prod, resourceGroup: 'rg-invoices-prod', systemAssigned: true, tags: { environment: 'prod' } });
  t.assign(invoices, 'Monitoring Metrics Publisher', logs.id);

  // AKS (prod) with OIDC issuer, a kubelet identity and a workload identity federated to one service account. Clean.
  const aksProdIssuer = `https://westeurope.oic.prod-aks.azure.com/${DEMO_TENANT_ID}/${guid('aks-prod-oidc-key')}/`;
  const kubelet = t.uami({ name: 'id-aks-prod-kubelet', subscription: prod, resourceGroup: 'rg-aks-prod', tags: { environment: 'prod' } });
  t.resource({
    type: 'Microsoft.ContainerService/managedClusters',
    name: 'aks-prod',
    subscription: prod,
    resourceGroup: 'rg-aks-prod',
    systemAssigned: true,
    tags: { environment: 'prod' },
    aks: { oidcIssuerEnabled: true, oidcIssuerUrl: aksProdIssuer, workloadIdentityEnabled: true, kubeletIdentity: { resourceId: kubelet.id, clientId: kubelet.clientId, objectId: kubelet.principalId } },
  });
  t.assign(kubelet, 'AcrPull', registry.id);
  const payments = t.uami({ name: 'id-payments-workload', subscription: prod, resourceGroup: 'rg-aks-prod', tags: { environment: 'prod', app: 'payments' } });
  t.fic(payments, { name: 'payments-api', issuer: aksProdIssuer, subject: 'system:serviceaccount:payments:payments-api' });
  const vaultPayments = t.resource({ type: 'Microsoft.KeyVault/vaults', name: 'kv-payments-prod', subscription: prod, resourceGroup: 'rg-aks-prod', keyVault: { enableRbacAuthorization: true, accessPolicies: [] } });
  t.assign(payments, 'Key Vault Secrets User', vaultPayments.id);

  // GitHub deployment of the orders service: immutable, environment-bound subject; RG-scoped role. Clean.
  const ghOrders = t.uami({ name: 'id-gh-orders-deploy', subscription: prod, resourceGroup: 'rg-identities', tags: { environment: 'prod' } });
  t.fic(ghOrders, { name: 'orders-production', issuer: GITHUB_ISSUER, subject: 'repo:contoso@1234567/orders-service@7654321:environment:production' });
  t.assign(ghOrders, 'Website Contributor', t.resourceGroupScope(prod, 'rg-orders-prod'));

  // Terraform Cloud apply identity (app registration) for the network workspace, RG-scoped. Clean.
  const tfcNetwork = t.application({ displayName: 'tfc-network-apply' });
  t.fic(tfcNetwork, { name: 'network-prod-apply', issuer: 'https://app.terraform.io', subject: 'organization:contoso:project:platform:workspace:network-prod:run_phase:apply' });
  t.assign(tfcNetwork, 'Contributor', t.resourceGroupScope(prod, 'rg-network-prod'));

  // Jump box with a system-assigned identity that only reads its resource group. Clean.
  const jumpbox = t.resource({ type: 'Microsoft.Compute/virtualMachines', name: 'vm-jumpbox-prod', subscription: prod, resourceGroup: 'rg-ops-prod', systemAssigned: true, tags: { environment: 'prod' } });
  t.assign(jumpbox, 'Reader', t.resourceGroupScope(prod, 'rg-ops-prod'));

  return {
    t,
    mg: { root, platform, landingZones, prod: prodMg, nonprod: nonprodMg },
    sub: { prod, dev, platform: platformSub },
    people: { alice, bob, platformAdmins, appTeam },
    aksProdIssuer,
    registry,
    storageOrders,
    vaultOrders,
    ordersIdentity,
  };
}
