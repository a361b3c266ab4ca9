/**
 * Microsoft Graph application permissions (app roles) by privilege tier. appRoleIds are the same in every
 * tenant. Tier 0 = a direct or indirect path to Global Administrator; tier 1 = write or sensitive read-all.
 * Source: [S31] (AzTier facts, not its files), retrieved 2026-11-23.
 */
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export const GRAPH_TIER0: ReadonlyMap<string, string> = new Map([
  ['9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8', 'RoleManagement.ReadWrite.Directory'],
  ['06b708a9-e830-4db3-a914-8e69da51d44f', 'AppRoleAssignment.ReadWrite.All'],
  ['1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', 'Application.ReadWrite.All'],
  ['18a4783c-866b-4cc7-a460-3d5e5662c884', 'Application.ReadWrite.OwnedBy'],
  ['fc023787-fd04-4e44-9bc7-d454f00c0f0a', 'Application.ReadUpdate.All'],
  ['19dbc75e-c2e2-444c-a770-ec69d8559fc7', 'Directory.ReadWrite.All'],
  ['62a82d76-70ea-41e2-9197-370581804d09', 'Group.ReadWrite.All'],
  ['dbaae8cf-10b5-4b86-a4a1-f871c94c6695', 'GroupMember.ReadWrite.All'],
  ['741f803b-c850-494e-b5df-cde7c675a1ca', 'User.ReadWrite.All'],
  ['cc117bb9-00cf-4eb8-b580-ea2a878fe8f7', 'User-PasswordProfile.ReadWrite.All'],
  ['50483e42-d915-4231-9639-7fdb7fd190e5', 'UserAuthenticationMethod.ReadWrite.All'],
  ['627169a8-8c15-451c-861a-5b80e383de5c', 'UserAuthMethod-TAP.ReadWrite.All'],
  ['6e85d483-7092-4375-babe-0a94a8213a58', 'UserAuthMethod-Phone.ReadWrite.All'],
  ['7e9ebcc1-90aa-4471-8051-e68d6b4e9c89', 'UserAuthMethod-HardwareOATH.ReadWrite.All'],
  ['4869299f-18c3-40c8-98f2-222657e67db1', 'UserAuthMethod-QR.ReadWrite.All'],
  ['3011c876-62b7-4ada-afa2-506cbbecc68c', 'User.EnableDisableAccount.All'],
  ['eccc023d-eccf-4e7b-9683-8813ab36cecc', 'User.DeleteRestore.All'],
  ['01c0a623-fc9b-48e9-b794-0756f8e8f067', 'Policy.ReadWrite.ConditionalAccess'],
  ['29c18626-4985-4dcd-85c0-193eef327366', 'Policy.ReadWrite.AuthenticationMethod'],
  ['a402ca1c-2696-4531-972d-6e5ee4aa11ea', 'Policy.ReadWrite.PermissionGrant'],
  ['dd199f4a-f148-40a4-a2ec-f0069cc799ec', 'RoleAssignmentSchedule.ReadWrite.Directory'],
  ['fee28b28-e1f3-4841-818e-2704dc62245f', 'RoleEligibilitySchedule.ReadWrite.Directory'],
  ['31e08e0a-d3f7-4ca2-ac39-7343fb83e8ad', 'RoleManagementPolicy.ReadWrite.Directory'],
  ['2f6817f8-7b12-4f0f-bc18-eeaf60705a9e', 'PrivilegedAccess.ReadWrite.AzureADGroup'],
  ['41202f2c-f7ab-45be-b001-85c9728b9d69', 'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup'],
  ['618b6020-bca8-4de6-99f6-ef445fa4d857', 'PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup'],
  ['b38dcc4d-a239-4ed6-aa84-6c65b284f97c', 'RoleManagementPolicy.ReadWrite.AzureADGroup'],
]);

export const GRAPH_TIER1: ReadonlyMap<string, string> = new Map([
  ['810c84a8-4a9e-49e6-bf7d-12d183f40d01', 'Mail.Read'],
  ['e2a3a72e-5f79-4c64-b1b1-878b674786c9', 'Mail.ReadWrite'],
  ['b633e1c5-b582-4048-a93e-9f11b44c7e96', 'Mail.Send'],
  ['01d4889c-1287-42c6-ac1f-5d1e02578ef6', 'Files.Read.All'],
  ['75359482-378d-4052-8f01-80520e7db3cd', 'Files.ReadWrite.All'],
  ['332a536c-c7ef-4017-ab91-336970924f0d', 'Sites.Read.All'],
  ['9492366f-7969-46a4-8d15-ed1a20078fff', 'Sites.ReadWrite.All'],
  ['a82116e5-55eb-4c41-a434-62fe8a61c773', 'Sites.FullControl.All'],
  ['6b7d71aa-70aa-4810-a8d9-5d9fb2830017', 'Chat.Read.All'],
  ['b0afded3-3588-46d8-8b3d-9842eff778da', 'AuditLog.Read.All'],
  ['89c8469c-83ad-45f7-8ff2-6e3d4285709e', 'ServicePrincipalEndpoint.ReadWrite.All'],
]);

export type GraphTier = 0 | 1 | 2;

export function graphPermissionTier(appRoleId: string): GraphTier {
  const id = appRoleId.toLowerCase();
  if (GRAPH_TIER0.has(id)) return 0;
  if (GRAPH_TIER1.has(id)) return 1;
  return 2;
}

export function graphPermissionName(appRoleId: string): string | undefined {
  const id = appRoleId.toLowerCase();
  return GRAPH_TIER0.get(id) ?? GRAPH_TIER1.get(id);
}

/**
 * Tier-0 permissions with a direct path to Global Administrator (AzTier `pathType: Direct`); the other tier-0
 * permissions need one more step (Indirect). Source: [S31].
 */
export const GRAPH_TIER0_DIRECT: ReadonlySet<string> = new Set([
  '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8', // RoleManagement.ReadWrite.Directory
  '50483e42-d915-4231-9639-7fdb7fd190e5', // UserAuthenticationMethod.ReadWrite.All
  '627169a8-8c15-451c-861a-5b80e383de5c', // UserAuthMethod-TAP.ReadWrite.All
  '6e85d483-7092-4375-babe-0a94a8213a58', // UserAuthMethod-Phone.ReadWrite.All
  '7e9ebcc1-90aa-4471-8051-e68d6b4e9c89', // UserAuthMethod-HardwareOATH.ReadWrite.All
  '4869299f-18c3-40c8-98f2-222657e67db1', // UserAuthMethod-QR.ReadWrite.All
  '3011c876-62b7-4ada-afa2-506cbbecc68c', // User.EnableDisableAccount.All
  'eccc023d-eccf-4e7b-9683-8813ab36cecc', // User.DeleteRestore.All
  '01c0a623-fc9b-48e9-b794-0756f8e8f067', // Policy.ReadWrite.ConditionalAccess
  'dd199f4a-f148-40a4-a2ec-f0069cc799ec', // RoleAssignmentSchedule.ReadWrite.Directory
  '2f6817f8-7b12-4f0f-bc18-eeaf60705a9e', // PrivilegedAccess.ReadWrite.AzureADGroup
  '41202f2c-f7ab-45be-b001-85c9728b9d69', // PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup
]);

/**
 * Tier-1 permissions that GRAPH-002 grades high: anything that writes, and tenant-wide reads of mail,
 * files, sites and chat. Other tier-1 permissions (e.g. AuditLog.Read.All) are medium.
 */
export function isHighTier1GraphPermission(name: string): boolean {
  return /ReadWrite|FullControl|\.Send$/i.test(name) || /^(Mail|Files|Sites|Chat|User-Mail)\./i.test(name);
}
