/**
 * Built-in Azure role definition GUIDs that rules reason about. GUIDs are identical in every tenant.
 * Sources: [S26], [S29][S31], [S30][S31]; retrieved 2026-11-23.
 */
export const ROLE = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  userAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  rbacAdministrator: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
  reservationsAdministrator: 'a8889054-8d42-49c9-bc1c-52486c10e7cd',
  managedIdentityContributor: 'e40ec5ca-96e0-45a2-b4ff-59039f2c2b59',
  managedIdentityOperator: 'f1a07417-d97a-45cb-824c-7a7467783830',
  managedIdentityFicContributor: '7e559ce2-48d7-4b27-9128-fa1b247f1308',
  storageAccountContributor: '17d1049b-9a84-46fb-8f53-869881c3d3ab',
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  keyVaultContributor: 'f25e0fa2-a7c8-4377-a976-54943a77a395',
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
  keyVaultAdministrator: '00482a5a-887f-4fb3-b363-3b7fe8e74483',
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  acrPush: '8311e382-0749-4cb8-b61a-304f252e45ec',
} as const;

/**
 * AzTier tier-0 Azure roles that let a holder run code as, attach, or add credentials to managed identities
 * within reach ([S31]). Held at root, MG or subscription scope they make an identity T0.
 */
export const IDENTITY_TAKEOVER_ROLE_IDS: ReadonlySet<string> = new Set([
  ROLE.managedIdentityContributor,
  ROLE.managedIdentityFicContributor,
  ROLE.managedIdentityOperator,
  '9980e02c-c2be-4d73-94e8-173b1dc7cf3c', // Virtual Machine Contributor
  'de139f84-1756-47ae-9be6-808fbbe84772', // Website Contributor
  'f353d9bd-d4a6-484e-a77a-8050b599b867', // Automation Contributor
  '87a39d53-fc1b-424a-814c-f7e04687dc9e', // Logic App Contributor
  'ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8', // Azure Kubernetes Service Contributor Role
  '0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8', // Azure Kubernetes Service Cluster Admin Role
  'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b', // Azure Kubernetes Service RBAC Cluster Admin
  'f3bd1b5c-91fa-40e7-afe7-0c11d331232c', // Container Apps Operator
  '1c0163c0-47e6-4577-8991-ea5c82e286e4', // Virtual Machine Administrator Login
  'fb879df8-f326-4884-b1cf-06f3ad86be52', // Virtual Machine User Login
  '36243c78-bf99-498c-9df9-86d9f8d28608', // Resource Policy Contributor
  'fb1c8493-542b-48eb-b624-b4c8fea62acd', // Security Admin
]);
