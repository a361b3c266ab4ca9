/**
 * What a principal can do, one entry per grant: Azure role assignments (inherited ones named where they are
 * assigned, with the scanned subscriptions they reach), Key Vault access policies (inert on RBAC-mode vaults),
 * Microsoft Graph application permissions and Entra directory roles. Tiers come from the privilege model the
 * rules use (src/rules/util/privilege.ts), so the record and the findings never disagree.
 */
import { canonicalArmId, canonicalGuid } from '../azure/ids.js';
import type { AppRoleAssignment, DirectoryRoleAssignment, Inventory, KeyVaultAccessPolicy, Resource, RoleAssignment } from '../inventory/model.js';
import { ENTRA_TIER0_ROLES } from '../rules/util/entra-roles.js';
import { graphPermissionName } from '../rules/util/graph-permissions.js';
import type { RunFacts } from '../engine/facts.js';
import { accessPolicyGrantTier, azureRoleGrantTier, directoryRoleGrantTier, graphPermissionGrantTier } from '../rules/util/privilege.js';
import { describeScope } from '../rules/util/refs.js';
import type { Grant, Tier } from './schema.js';
import { compareText } from '../core/compare-text.js';

type AzureRoleGrant = Extract<Grant, { kind: 'azureRole' }>;

/** One grant a principal holds with its tier, before it is described: what ranking needs, read once. */
type HeldGrant =
  | { readonly kind: 'azureRole'; readonly tier: Tier | null; readonly assignment: RoleAssignment }
  | { readonly kind: 'graphPermission'; readonly tier: Tier; readonly appRole: AppRoleAssignment }
  | { readonly kind: 'directoryRole'; readonly tier: Tier; readonly assignment: DirectoryRoleAssignment }
  | { readonly kind: 'keyVaultAccessPolicy'; readonly tier: Tier; readonly vault: Resource; readonly policy: KeyVaultAccessPolicy; readonly inert: boolean };

/**
 * The grants of a principal (object id, any case) with their tiers, in source order. Tiers come from the per-grant
 * tiers of the privilege model the rules use (rules/util/privilege.ts), the role's reach read through the run's
 * facts: the same answers as `facts.privilegeOf`, without building and keeping a privilege for every identity of
 * the export. {@link grantsOf} reads this and {@link grantReachOf} the same tiers, so the rank of a record and its
 * grants never disagree.
 */
function heldGrants(inventory: Inventory, facts: Pick<RunFacts, 'roleReach'>, principalId: string): HeldGrant[] {
  const held: HeldGrant[] = [];
  for (const assignment of inventory.assignmentsOf(principalId)) held.push({ kind: 'azureRole', tier: azureRoleGrantTier(assignment, facts.roleReach) ?? null, assignment });
  for (const appRole of inventory.appRoleAssignmentsOf(principalId)) held.push({ kind: 'graphPermission', tier: graphPermissionGrantTier(appRole), appRole });
  for (const assignment of inventory.directoryRoleAssignmentsOf(principalId)) held.push({ kind: 'directoryRole', tier: directoryRoleGrantTier(inventory, assignment) ?? 3, assignment });
  for (const { vault, policy } of inventory.accessPoliciesOf(principalId)) {
    held.push({ kind: 'keyVaultAccessPolicy', tier: accessPolicyGrantTier(vault, policy) ?? 3, vault, policy, inert: isInert(vault) });
  }
  return held;
}

/** A vault on the Azure RBAC permission model ignores its access policies. */
function isInert(vault: Resource): boolean {
  return vault.keyVault?.enableRbacAuthorization === true;
}

/**
 * How far a principal reaches without describing its grants: the best (lowest) tier among them, T3 when none
 * has a known tier, and how many grants it holds. Equals the tier `riskOf` reads from {@link grantsOf}. Reads the
 * tiers without making a held grant each: ranking asks this of every identity before any record exists.
 */
export function grantReachOf(inventory: Inventory, facts: Pick<RunFacts, 'roleReach'>, principalId: string | undefined): { readonly tier: Tier; readonly grants: number } {
  if (principalId === undefined) return { tier: 3, grants: 0 };
  const assignments = inventory.assignmentsOf(principalId);
  const appRoles = inventory.appRoleAssignmentsOf(principalId);
  const directoryRoles = inventory.directoryRoleAssignmentsOf(principalId);
  const accessPolicies = inventory.accessPoliciesOf(principalId);
  let best: Tier = 3;
  for (const assignment of assignments) best = better(best, azureRoleGrantTier(assignment, facts.roleReach) ?? null);
  for (const appRole of appRoles) best = better(best, graphPermissionGrantTier(appRole));
  for (const assignment of directoryRoles) best = better(best, directoryRoleGrantTier(inventory, assignment) ?? 3);
  for (const { vault, policy } of accessPolicies) best = better(best, accessPolicyGrantTier(vault, policy) ?? 3);
  return { tier: best, grants: assignments.length + appRoles.length + directoryRoles.length + accessPolicies.length };
}

function better(best: Tier, tier: Tier | null): Tier {
  return tier !== null && tier < best ? tier : best;
}

/**
 * Every grant held by the principal (object id, any case), most privileged first, then by summary.
 * An undefined principal (identity without a service principal in the snapshot) holds nothing known.
 */
export function grantsOf(inventory: Inventory, facts: Pick<RunFacts, 'roleReach'>, principalId: string | undefined): Grant[] {
  if (principalId === undefined) return [];
  const grants = heldGrants(inventory, facts, principalId).map((held) => describeGrant(inventory, held));
  return grants.sort((a, b) => (a.tier ?? 4) - (b.tier ?? 4) || compareText(a.summary, b.summary));
}

function describeGrant(inventory: Inventory, held: HeldGrant): Grant {
  switch (held.kind) {
    case 'azureRole':
      return azureRole(inventory, held.assignment, held.tier);
    case 'graphPermission': {
      const { appRole } = held;
      const resource = inventory.servicePrincipal(appRole.resourceId);
      const permission =
        graphPermissionName(appRole.appRoleId) ??
        resource?.appRoles?.find((role) => canonicalGuid(role.id) === canonicalGuid(appRole.appRoleId))?.value ??
        appRole.appRoleId;
      const resourceName = appRole.resourceDisplayName ?? resource?.displayName ?? appRole.resourceId;
      return {
        kind: 'graphPermission',
        tier: held.tier,
        summary: `${resourceName} application permission ${permission}`,
        assignmentId: appRole.id,
        resourceId: appRole.resourceId,
        resourceName,
        appRoleId: appRole.appRoleId,
        permission,
      };
    }
    case 'directoryRole': {
      const { assignment } = held;
      const definition = inventory.directoryRoleDefinition(assignment.roleDefinitionId);
      const templateId = canonicalGuid(definition?.templateId ?? assignment.roleDefinitionId);
      const roleName = definition?.displayName ?? ENTRA_TIER0_ROLES.get(templateId) ?? assignment.roleDefinitionId;
      const scopeName = directoryScopeName(assignment.directoryScopeId);
      return {
        kind: 'directoryRole',
        tier: held.tier,
        summary: `Entra role ${roleName} on ${scopeName}`,
        assignmentId: assignment.id,
        roleDefinitionId: assignment.roleDefinitionId,
        roleName,
        directoryScopeId: assignment.directoryScopeId,
        scopeName,
        privileged: definition?.isPrivileged === true || ENTRA_TIER0_ROLES.has(templateId),
      };
    }
    case 'keyVaultAccessPolicy': {
      const { vault, policy, inert } = held;
      const permissions = {
        keys: [...(policy.permissions.keys ?? [])],
        secrets: [...(policy.permissions.secrets ?? [])],
        certificates: [...(policy.permissions.certificates ?? [])],
        storage: [...(policy.permissions.storage ?? [])],
      };
      const listed = Object.entries(permissions)
        .filter(([, values]) => values.length > 0)
        .map(([area, values]) => `${area}: ${values.join('/')}`)
        .join('; ');
      return {
        kind: 'keyVaultAccessPolicy',
        tier: held.tier,
        summary: `access policy on Key Vault ${vault.name} (${listed === '' ? 'no permissions' : listed})${inert ? ', inert: the vault uses Azure RBAC' : ''}`,
        vaultId: vault.id,
        vaultName: vault.name,
        permissions,
        inert,
      };
    }
  }
}

function azureRole(inventory: Inventory, assignment: RoleAssignment, tier: Tier | null): AzureRoleGrant {
  const definition = assignment.definition;
  const roleName = definition?.roleName ?? assignment.roleDefinitionGuid;
  const scopeName = describeScope(inventory, assignment.scope);
  const inherited = assignment.scopeLevel === 'root' || assignment.scopeLevel === 'managementGroup';
  const effectiveOn = inherited
    ? inventory.subscriptions
        .filter((subscription) => inventory.ancestorScopes(`/subscriptions/${subscription.subscriptionId}`).includes(canonicalArmId(assignment.scope)))
        .map((subscription) => ({ subscriptionId: subscription.subscriptionId, name: subscription.displayName }))
    : [];
  const control = definition?.permissions.some((block) => block.actions.length > 0);
  const data = definition?.permissions.some((block) => block.dataActions.length > 0);
  const plane = definition === undefined ? 'unknown' : control === true && data === true ? 'both' : control === true ? 'control' : data === true ? 'data' : 'none';
  const reach = effectiveOn.length > 0 ? `, effective on ${effectiveOn.map((subscription) => `subscription '${subscription.name}'`).join(', ')}` : '';
  return {
    kind: 'azureRole',
    tier,
    summary: `${roleName} on ${scopeName}${reach}`,
    assignmentId: assignment.id,
    roleName,
    roleDefinitionId: assignment.roleDefinitionGuid,
    roleType: definition === undefined ? 'unknown' : definition.roleType === 'BuiltInRole' ? 'builtIn' : 'custom',
    scope: assignment.scope,
    scopeName,
    scopeLevel: assignment.scopeLevel,
    effectiveOn,
    condition: typeof assignment.condition === 'string' && assignment.condition !== '' ? assignment.condition : null,
    plane,
  };
}

function directoryScopeName(scopeId: string): string {
  if (scopeId === '/' || scopeId === '') return 'the whole directory';
  const unit = /^\/administrativeUnits\/(.+)$/i.exec(scopeId);
  return unit === null ? `directory object ${scopeId}` : `administrative unit ${unit[1] ?? ''}`;
}
