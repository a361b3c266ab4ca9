/**
 * Demo instances of the "What can it do?" categories (privileged-role, broad-scope, data-role-preferred,
 * custom-role-wildcard, graph-permission, directory-role, keyvault-access-policy), each next to a clean
 * look-alike that must stay silent. Everything goes through the builder; `t.raw` is not needed.
 */
import type { DemoTenant } from './base.js';

const STORAGE_BLOB_DATA_READER = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1';
const KEY_VAULT_SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';

/** Microsoft's "Constrain roles" condition allowing only the given role ids. */
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

export function addWhatItCanDo(demo: DemoTenant): void {
  const { t, sub } = demo;
  const prodTags = { environment: 'prod' };

  // privileged-role: a legacy automation identity that is Owner of the production subscription.
  const legacy = t.uami({ name: 'id-legacy-automation', subscription: sub.prod, resourceGroup: 'rg-automation', tags: prodTags });
  t.resource({ type: 'Microsoft.Automation/automationAccounts', name: 'aa-legacy-prod', subscription: sub.prod, resourceGroup: 'rg-automation', userAssigned: [legacy], tags: prodTags });
  t.assign(legacy, 'Owner', sub.prod.scope);
  // privileged-role, graded down: the app-onboarding pipeline may grant only two data roles on its resource group.
  const onboarding = t.uami({ name: 'id-app-onboarding', subscription: sub.platform, resourceGroup: 'rg-identities', tags: prodTags });
  t.fic(onboarding, { name: 'onboarding-production', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso@1234567/app-onboarding@4567890:environment:production' });
  t.assign(onboarding, 'Role Based Access Control Administrator', t.resourceGroupScope(sub.prod, 'rg-orders-prod'), {
    condition: constrainRoles([STORAGE_BLOB_DATA_READER, KEY_VAULT_SECRETS_USER]),
  });

  // broad-scope: the dev platform pipeline identity is Contributor on the whole dev subscription.
  const devCi = t.uami({ name: 'id-dev-platform-ci', subscription: sub.dev, resourceGroup: 'rg-identities', tags: { environment: 'dev' } });
  t.fic(devCi, { name: 'platform-main', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso@1234567/platform@2345678:ref:refs/heads/main' });
  t.assign(devCi, 'Contributor', sub.dev.scope);
  // broad-scope, whatever hosts the identity (Azure/azure-policy#1290): the tag-inheritance policy assignment's
  // system-assigned identity is Contributor on the whole production subscription, where Tag Contributor would do;
  // the diagnostics remediation identity, used only by a policy assignment, is Contributor on the landing zones.
  const tagPolicy = t.policyAssignment({ name: 'inherit-environment-tag', displayName: 'Inherit the environment tag from the subscription', scope: sub.prod.scope, systemAssigned: true });
  t.assign(tagPolicy, 'Contributor', sub.prod.scope);
  const diagnostics = t.uami({ name: 'id-policy-diagnostics', subscription: sub.platform, resourceGroup: 'rg-identities', tags: prodTags });
  t.policyAssignment({ name: 'deploy-diagnostics', displayName: 'Deploy diagnostic settings to Log Analytics', scope: demo.mg.landingZones, userAssigned: diagnostics });
  t.assign(diagnostics, 'Contributor', demo.mg.landingZones);
  // Clean look-alike: a subscription-wide role whose only non-read action is provider registration.
  const metrics = t.resource({ type: 'Microsoft.Web/sites', kind: 'functionapp', name: 'func-metrics-prod', subscription: sub.prod, resourceGroup: 'rg-monitoring-prod', systemAssigned: true, tags: prodTags });
  t.assign(metrics, 'Monitoring Metrics Publisher', sub.prod.scope);

  // data-role-preferred: the billing export job manages the storage account it only needs to write blobs to.
  const billingExport = t.uami({ name: 'id-billing-export', subscription: sub.prod, resourceGroup: 'rg-billing-prod', tags: prodTags });
  t.resource({ type: 'Microsoft.Web/sites', kind: 'functionapp', name: 'func-billing-export', subscription: sub.prod, resourceGroup: 'rg-billing-prod', userAssigned: [billingExport], tags: prodTags });
  const billingStorage = t.resource({ type: 'Microsoft.Storage/storageAccounts', name: 'stbillingprod', subscription: sub.prod, resourceGroup: 'rg-billing-prod', tags: prodTags });
  t.assign(billingExport, 'Storage Account Contributor', billingStorage.id);
  // Clean look-alike: the billing API sends to its Service Bus namespace with the data-plane sender role.
  const billingApi = t.uami({ name: 'id-billing-api', subscription: sub.prod, resourceGroup: 'rg-billing-prod', tags: prodTags });
  t.resource({ type: 'Microsoft.Web/sites', kind: 'app', name: 'app-billing-api', subscription: sub.prod, resourceGroup: 'rg-billing-prod', userAssigned: [billingApi], tags: prodTags });
  const billingBus = t.resource({ type: 'Microsoft.ServiceBus/namespaces', name: 'sb-billing-prod', subscription: sub.prod, resourceGroup: 'rg-billing-prod', tags: prodTags });
  t.assign(billingApi, 'Azure Service Bus Data Sender', billingBus.id);

  // custom-role-wildcard: a patching identity holds a custom role with a VM-wide write wildcard.
  const patching = t.uami({ name: 'id-vm-patching', subscription: sub.prod, resourceGroup: 'rg-automation', tags: prodTags });
  t.resource({ type: 'Microsoft.Automation/automationAccounts', name: 'aa-patching-prod', subscription: sub.prod, resourceGroup: 'rg-automation', userAssigned: [patching], tags: prodTags });
  const vmOperator = t.customRole({
    roleName: 'Contoso VM Operator',
    actions: ['Microsoft.Compute/virtualMachines/*', 'Microsoft.Network/networkInterfaces/read', 'Microsoft.Resources/subscriptions/resourceGroups/read'],
    assignableScopes: [sub.prod.scope],
  });
  t.assign(patching, vmOperator, t.resourceGroupScope(sub.prod, 'rg-vms-prod'));
  // Clean look-alike: a security scanner with a custom role made only of read wildcards and support tickets.
  const scanner = t.uami({ name: 'id-security-scanner', subscription: sub.platform, resourceGroup: 'rg-security', tags: prodTags });
  t.resource({ type: 'Microsoft.App/jobs', name: 'job-security-scan', subscription: sub.platform, resourceGroup: 'rg-security', userAssigned: [scanner], tags: prodTags });
  const auditor = t.customRole({
    roleName: 'Contoso Security Auditor',
    actions: ['*/read', 'Microsoft.Authorization/*/read', 'Microsoft.Support/*'],
    assignableScopes: [sub.prod.scope],
  });
  t.assign(scanner, auditor, sub.prod.scope);

  // graph-permission: the joiner/mover/leaver automation can write every user (tier 0, indirect path to GA),
  // and the notification function can send mail as anyone (tier 1).
  const lifecycle = t.uami({ name: 'id-entra-lifecycle', subscription: sub.platform, resourceGroup: 'rg-identity-automation', tags: prodTags });
  t.resource({ type: 'Microsoft.Logic/workflows', name: 'logic-joiner-leaver', subscription: sub.platform, resourceGroup: 'rg-identity-automation', userAssigned: [lifecycle], tags: prodTags });
  t.graphPermission(lifecycle, 'User.ReadWrite.All');
  const notifications = t.resource({ type: 'Microsoft.Web/sites', kind: 'functionapp', name: 'func-notifications-prod', subscription: sub.prod, resourceGroup: 'rg-notifications-prod', systemAssigned: true, tags: prodTags });
  t.graphPermission(notifications, 'Mail.Send');
  // Clean look-alike: a directory sync job that only reads users and groups, and is a Directory Reader.
  const directorySync = t.resource({ type: 'Microsoft.Web/sites', kind: 'functionapp', name: 'func-directory-sync', subscription: sub.platform, resourceGroup: 'rg-identity-automation', systemAssigned: true, tags: prodTags });
  t.graphPermission(directorySync, 'User.Read.All');
  t.graphPermission(directorySync, 'Group.Read.All');
  t.directoryRole(directorySync, 'Directory Readers');

  // directory-role: the Terraform Cloud workspace that manages app registrations is Application Administrator.
  const tfcIdentity = t.application({ displayName: 'tfc-identity-apply', owners: [demo.people.alice] });
  t.fic(tfcIdentity, { name: 'identity-prod-apply', issuer: 'https://app.terraform.io', subject: 'organization:contoso:project:platform:workspace:identity-prod:run_phase:apply' });
  t.directoryRole(tfcIdentity, 'Application Administrator');

  // keyvault-access-policy: a legacy access-policy vault lets the automation identity overwrite and purge secrets;
  // the orders service on the same vault reads only (clean look-alike).
  t.resource({
    type: 'Microsoft.KeyVault/vaults',
    name: 'kv-legacy-prod',
    subscription: sub.prod,
    resourceGroup: 'rg-automation',
    tags: prodTags,
    keyVault: {
      enableRbacAuthorization: false,
      accessPolicies: [
        { tenantId: t.tenantId, objectId: legacy.principalId, permissions: { secrets: ['Get', 'List', 'Set', 'Delete', 'Purge'], certificates: ['Get', 'List'] } },
        { tenantId: t.tenantId, objectId: demo.ordersIdentity.principalId, permissions: { secrets: ['Get', 'List'] } },
      ],
    },
  });
}
