/**
 * Built-in Azure role definitions for test tenants and the demo tenant, in snapshot shape. Owner, Contributor,
 * Reader, User Access Administrator and RBAC Administrator follow knowledge/api builtin-roles; the others
 * carry the actions that matter to the rules (rules-kb §D.2, §D.5), not the full Microsoft lists.
 */
import type { SnapshotRoleDefinition } from '../../src/snapshot/schema.js';

interface BuiltinSpec {
  readonly guid: string;
  readonly actions: readonly string[];
  readonly notActions?: readonly string[];
  readonly dataActions?: readonly string[];
}

const SPECS = {
  Owner: { guid: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', actions: ['*'] },
  Contributor: {
    guid: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    actions: ['*'],
    notActions: [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
      'Microsoft.Blueprint/blueprintAssignments/write',
      'Microsoft.Blueprint/blueprintAssignments/delete',
      'Microsoft.Compute/galleries/share/action',
      'Microsoft.Purview/consents/write',
      'Microsoft.Purview/consents/delete',
    ],
  },
  Reader: { guid: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', actions: ['*/read'] },
  'User Access Administrator': {
    guid: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
    actions: ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'],
  },
  'Role Based Access Control Administrator': {
    guid: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
    actions: [
      'Microsoft.Authorization/roleAssignments/write',
      'Microsoft.Authorization/roleAssignments/delete',
      '*/read',
      'Microsoft.Support/*',
    ],
  },
  'Managed Identity Contributor': {
    guid: 'e40ec5ca-96e0-45a2-b4ff-59039f2c2b59',
    actions: [
      'Microsoft.ManagedIdentity/userAssignedIdentities/read',
      'Microsoft.ManagedIdentity/userAssignedIdentities/write',
      'Microsoft.ManagedIdentity/userAssignedIdentities/delete',
      'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read',
      'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write',
      'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/delete',
      'Microsoft.ManagedIdentity/userAssignedIdentities/revokeTokens/action',
      'Microsoft.Authorization/*/read',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
      'Microsoft.Resources/deployments/*',
      'Microsoft.Support/*',
    ],
  },
  'Managed Identity Operator': {
    guid: 'f1a07417-d97a-45cb-824c-7a7467783830',
    actions: [
      'Microsoft.ManagedIdentity/userAssignedIdentities/*/read',
      'Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action',
      'Microsoft.Authorization/*/read',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
      'Microsoft.Resources/deployments/*',
      'Microsoft.Support/*',
    ],
  },
  'Managed Identity Federated Identity Credential Contributor': {
    guid: '7e559ce2-48d7-4b27-9128-fa1b247f1308',
    actions: [
      'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read',
      'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write',
      'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/delete',
    ],
  },
  'Virtual Machine Contributor': {
    guid: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
    actions: ['Microsoft.Compute/virtualMachines/*', 'Microsoft.Network/networkInterfaces/*', 'Microsoft.Resources/subscriptions/resourceGroups/read'],
  },
  'Website Contributor': {
    guid: 'de139f84-1756-47ae-9be6-808fbbe84772',
    actions: ['Microsoft.Web/sites/*', 'Microsoft.Web/serverFarms/join/action', 'Microsoft.Resources/subscriptions/resourceGroups/read'],
  },
  'Storage Account Contributor': {
    guid: '17d1049b-9a84-46fb-8f53-869881c3d3ab',
    actions: ['Microsoft.Storage/storageAccounts/*', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Authorization/*/read'],
  },
  'Storage Blob Data Reader': {
    guid: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
    actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/read', 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
    dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'],
  },
  'Storage Blob Data Contributor': {
    guid: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
    actions: [
      'Microsoft.Storage/storageAccounts/blobServices/containers/delete',
      'Microsoft.Storage/storageAccounts/blobServices/containers/read',
      'Microsoft.Storage/storageAccounts/blobServices/containers/write',
      'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action',
    ],
    dataActions: [
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete',
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read',
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write',
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action',
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action',
    ],
  },
  'Key Vault Contributor': {
    guid: 'f25e0fa2-a7c8-4377-a976-54943a77a395',
    actions: ['Microsoft.Authorization/*/read', 'Microsoft.KeyVault/*', 'Microsoft.Resources/subscriptions/resourceGroups/read'],
    notActions: ['Microsoft.KeyVault/locations/deletedVaults/purge/action', 'Microsoft.KeyVault/hsmPools/*', 'Microsoft.KeyVault/managedHsms/*'],
  },
  'Key Vault Secrets User': {
    guid: '4633458b-17de-408a-b874-0445c86b69e6',
    actions: [],
    dataActions: ['Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'],
  },
  'Key Vault Secrets Officer': {
    guid: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
    actions: ['Microsoft.Authorization/*/read', 'Microsoft.KeyVault/checkNameAvailability/read', 'Microsoft.KeyVault/vaults/*/read'],
    dataActions: ['Microsoft.KeyVault/vaults/secrets/*'],
  },
  AcrPull: { guid: '7f951dda-4ed3-4680-a7ca-43fe172d538d', actions: ['Microsoft.ContainerRegistry/registries/pull/read'] },
  AcrPush: {
    guid: '8311e382-0749-4cb8-b61a-304f252e45ec',
    actions: ['Microsoft.ContainerRegistry/registries/pull/read', 'Microsoft.ContainerRegistry/registries/push/write'],
  },
  'Azure Service Bus Data Sender': {
    guid: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39',
    actions: ['Microsoft.ServiceBus/*/queues/read', 'Microsoft.ServiceBus/*/topics/read'],
    dataActions: ['Microsoft.ServiceBus/*/send/action'],
  },
  'Monitoring Metrics Publisher': {
    guid: '3913510d-42f4-4e42-8a64-420c390055eb',
    actions: ['Microsoft.Insights/Register/Action', 'Microsoft.Support/*', 'Microsoft.Resources/subscriptions/resourceGroups/read'],
    dataActions: ['Microsoft.Insights/Metrics/Write'],
  },
  'Azure Kubernetes Service Cluster User Role': {
    guid: '4abbcc35-e782-43d8-92c5-2d3f1bd2253f',
    actions: ['Microsoft.ContainerService/managedClusters/listClusterUserCredential/action', 'Microsoft.ContainerService/managedClusters/read'],
  },
} as const satisfies Record<string, BuiltinSpec>;

export type BuiltinRoleName = keyof typeof SPECS;

export function builtinRole(name: BuiltinRoleName): SnapshotRoleDefinition {
  const spec: BuiltinSpec = SPECS[name];
  return {
    id: `/providers/Microsoft.Authorization/roleDefinitions/${spec.guid}`,
    name: spec.guid,
    roleName: name,
    roleType: 'BuiltInRole',
    assignableScopes: ['/'],
    permissions: [
      {
        actions: [...spec.actions],
        notActions: [...(spec.notActions ?? [])],
        dataActions: [...(spec.dataActions ?? [])],
        notDataActions: [],
      },
    ],
  };
}

export function allBuiltinRoles(): SnapshotRoleDefinition[] {
  return (Object.keys(SPECS) as BuiltinRoleName[]).map(builtinRole);
}
