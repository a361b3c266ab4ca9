/**
 * Privilege tier of a principal ("Identity privilege tier"), the highest that applies:
 *   T0: can grant access (roleAssignments/write) anywhere; Contributor, a write wildcard or an identity-takeover
 *       role at root/MG/subscription; a tier-0 Graph permission; a privileged Entra role.
 *   T1: any other write-capable control-plane role, a write data role, a tier-1 Graph permission, any other
 *       Entra role, a Key Vault access policy beyond get/list.
 *   T2: read-only data access (data roles, other Graph permissions, get/list access policies).
 *   T3: nothing beyond metadata reads.
 * Used by rules that weigh "who can become it" against "what can it do" (blast-radius, takeover-path). Rules read it
 * through `context.facts.privilegeOf(principalId)` (src/engine/facts.ts), which computes it once per principal and run;
 * this function is the uncached computation (`ask` answers grants(); the facts pass their per-run memo).
 */
import { canonicalGuid, isBroadScopeLevel } from '../../azure/ids.js';
import type { AppRoleAssignment, DirectoryRoleAssignment, Inventory, KeyVaultAccessPolicy, RelatedRef, Resource, RoleAssignment, RoleDefinition } from '../../inventory/model.js';
import { type GrantsQuestion, ROLE_ASSIGNMENT_WRITE, canWriteDataPlane, grants } from './actions.js';
import { IDENTITY_TAKEOVER_ROLE_IDS, ROLE } from './azure-roles.js';
import { controlPlaneWritePatterns } from './control-plane-writes.js';
import { ENTRA_TIER0_ROLES, DIRECTORY_READERS_TEMPLATE_ID } from './entra-roles.js';
import { assignmentLabel, describeScope } from './refs.js';
import { graphPermissionName, graphPermissionTier } from './graph-permissions.js';
import { compareText } from '../../core/compare-text.js';

export type Tier = 0 | 1 | 2 | 3;

export interface PrivilegeGrant {
  readonly tier: Tier;
  readonly kind: 'azureRole' | 'graphPermission' | 'directoryRole' | 'keyVaultAccessPolicy';
  /** Human summary, e.g. `Owner on subscription 'contoso-prod'` (ids are in `ref`). */
  readonly label: string;
  readonly ref: RelatedRef;
}

export interface Privilege {
  readonly tier: Tier;
  /** Every grant, most privileged first. */
  readonly grants: readonly PrivilegeGrant[];
}

/** What a role definition lets its holder do wherever it is assigned: the part of a grant's tier its scope does not change. */
export interface RoleReach {
  /** roleAssignments/write or elevateAccess: T0 at any scope. */
  readonly grantsAccess: boolean;
  /** An `*` action (Owner, Contributor-like custom roles): T0 at a broad scope. */
  readonly fullControl: boolean;
  /** Control-plane writes beyond incidental ones, or data-plane writes: T1. */
  readonly writes: boolean;
  /** Any data action: T2. */
  readonly readsData: boolean;
}

/** The scope-independent reach of a role definition (`ask` answers grants()). */
export function roleReach(definition: RoleDefinition, ask: GrantsQuestion = grants): RoleReach {
  return {
    grantsAccess: ask(definition, ROLE_ASSIGNMENT_WRITE) || ask(definition, 'Microsoft.Authorization/elevateAccess/Action'),
    fullControl: definition.permissions.some((block) => block.actions.some((pattern) => pattern.trim() === '*')),
    writes: controlPlaneWritePatterns(definition).length > 0 || canWriteDataPlane(definition),
    readsData: definition.permissions.some((block) => block.dataActions.length > 0),
  };
}

/** What privilegeOf asks per assignment; the run's facts (src/engine/facts.ts) answer each once per run. */
export interface PrivilegeLookups {
  /** "Owner on subscription 'prod'" (rules/util/refs.ts assignmentLabel). */
  readonly labelOf: (assignment: RoleAssignment) => string;
  /** `roleReach` of a definition. */
  readonly reachOf: (definition: RoleDefinition) => RoleReach;
}

/** `ask` answers grants(); `lookups` name assignments and judge definitions (uncached by default). */
export function privilegeOf(
  inventory: Inventory,
  principalId: string | undefined,
  ask: GrantsQuestion = grants,
  lookups: PrivilegeLookups = {
    labelOf: (assignment) => assignmentLabel(assignment, describeScope(inventory, assignment.scope)),
    reachOf: (definition) => roleReach(definition, ask),
  },
): Privilege {
  if (principalId === undefined) return { tier: 3, grants: [] };
  const key = canonicalGuid(principalId);

  const found: PrivilegeGrant[] = [];
  for (const assignment of inventory.assignmentsOf(key)) {
    const grant = azureRoleGrant(assignment, lookups);
    if (grant !== undefined) found.push(grant);
  }
  for (const appRole of inventory.appRoleAssignmentsOf(key)) {
    const name = graphPermissionName(appRole.appRoleId) ?? appRole.appRoleId;
    found.push({
      tier: graphPermissionGrantTier(appRole),
      kind: 'graphPermission',
      label: `${appRole.resourceDisplayName ?? 'API'} ${name}`,
      ref: { relation: 'appRoleAssignment', kind: 'appRoleAssignment', id: appRole.id, displayName: name },
    });
  }
  for (const directoryGrant of inventory.directoryRoleAssignmentsOf(key)) {
    const tier = directoryRoleGrantTier(inventory, directoryGrant);
    if (tier === undefined) continue;
    const definition = inventory.directoryRoleDefinition(directoryGrant.roleDefinitionId);
    const templateId = canonicalGuid(definition?.templateId ?? directoryGrant.roleDefinitionId);
    const name = definition?.displayName ?? ENTRA_TIER0_ROLES.get(templateId) ?? directoryGrant.roleDefinitionId;
    found.push({
      tier,
      kind: 'directoryRole',
      label: `Entra role ${name}`,
      ref: { relation: 'directoryRole', kind: 'directoryRole', id: directoryGrant.roleDefinitionId, displayName: name },
    });
  }
  for (const { vault, policy } of inventory.accessPoliciesOf(key)) {
    const tier = accessPolicyGrantTier(vault, policy);
    if (tier === undefined) continue;
    found.push({
      tier,
      kind: 'keyVaultAccessPolicy',
      label: `access policy on Key Vault ${vault.name}`,
      ref: { relation: 'keyVault', kind: 'resource', id: vault.id, displayName: vault.name },
    });
  }
  // Most principals hold one grant; a sort call costs its set-up even then.
  if (found.length > 1) found.sort((a, b) => a.tier - b.tier || compareText(a.label, b.label));
  const tier = found.reduce<Tier>((best, grant) => (grant.tier < best ? grant.tier : best), 3);
  return { tier, grants: found };
}

function azureRoleGrant(assignment: RoleAssignment, lookups: PrivilegeLookups): PrivilegeGrant | undefined {
  const tier = azureRoleGrantTier(assignment, lookups.reachOf);
  if (tier === undefined) return undefined;
  const label = lookups.labelOf(assignment);
  const ref: RelatedRef = { relation: 'roleAssignment', kind: 'roleAssignment', id: assignment.id, displayName: label };
  return { tier, kind: 'azureRole', label, ref };
}

/*
 * The tier of each kind of grant, as privilegeOf lists it, without building the grant: the identity record ranks
 * and tiers every identity's grants with these, and keeps no privilege object for the identities the rules never
 * asked about (about 18 MB on the 100k-assignment tenant).
 */

/** An Azure role assignment's tier; undefined when its definition is not in the snapshot (privilegeOf lists none). */
export function azureRoleGrantTier(assignment: RoleAssignment, reachOf: (definition: RoleDefinition) => RoleReach): Tier | undefined {
  const definition = assignment.definition;
  if (definition === undefined) return undefined;
  const reach = reachOf(definition);
  const broad = isBroadScopeLevel(assignment.scopeLevel);
  const takeover = assignment.roleDefinitionGuid === ROLE.contributor || IDENTITY_TAKEOVER_ROLE_IDS.has(assignment.roleDefinitionGuid);
  return reach.grantsAccess || (broad && (takeover || reach.fullControl)) ? 0 : reach.writes ? 1 : reach.readsData ? 2 : 3;
}

/** A Microsoft Graph application permission's tier (graph-permissions.ts; unlisted permissions are T2). */
export function graphPermissionGrantTier(appRole: Pick<AppRoleAssignment, 'appRoleId'>): Tier {
  const tier = graphPermissionTier(appRole.appRoleId);
  return tier === 0 ? 0 : tier === 1 ? 1 : 2;
}

/** An Entra directory role's tier: T0 when privileged, else T1; undefined for Directory Readers (metadata reads only: privilegeOf leaves it out). */
export function directoryRoleGrantTier(inventory: Inventory, grant: Pick<DirectoryRoleAssignment, 'roleDefinitionId'>): Tier | undefined {
  const definition = inventory.directoryRoleDefinition(grant.roleDefinitionId);
  const templateId = canonicalGuid(definition?.templateId ?? grant.roleDefinitionId);
  if (templateId === DIRECTORY_READERS_TEMPLATE_ID) return undefined;
  return definition?.isPrivileged === true || ENTRA_TIER0_ROLES.has(templateId) ? 0 : 1;
}

/** A Key Vault access policy's tier: T1 beyond get/list, else T2; undefined on a vault whose RBAC permission model makes it inert. */
export function accessPolicyGrantTier(vault: Resource, policy: KeyVaultAccessPolicy): Tier | undefined {
  if (vault.keyVault?.enableRbacAuthorization === true) return undefined;
  const { keys, secrets, certificates, storage } = policy.permissions;
  for (const area of [keys, secrets, certificates, storage]) {
    for (const permission of area ?? []) {
      const lowered = permission.toLowerCase();
      if (lowered !== 'get' && lowered !== 'list') return 1;
    }
  }
  return 2;
}

export function tierLabel(tier: Tier): string {
  return `T${tier}`;
}
