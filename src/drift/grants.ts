/**
 * Grants held by service principals (every managed identity and app) added, removed or changed: Azure RBAC role
 * assignments, Key Vault access policies, Microsoft Graph app role assignments and Entra directory role
 * assignments. Grants to users and groups are out of scope: mi-audit audits workload identities.
 *
 * Role assignments are matched by their ARM id, `{scope}/providers/Microsoft.Authorization/roleAssignments/{name}`
 * (https://learn.microsoft.com/azure/role-based-access-control/role-assignments-rest). A "changed" assignment is
 * either a same-id record whose role, principal, scope or condition differs, or an assignment of the same
 * principal that keeps its name (GUID) at another scope (a template redeployed to a new scope).
 */
import { canonicalArmId, canonicalGuid } from '../azure/ids.js';
import type { Inventory } from '../inventory/model.js';
import { createRunFacts, type RunFacts } from '../engine/facts.js';
import type { PrivilegeGrant, Tier } from '../rules/util/privilege.js';
import { describeScope } from '../rules/util/refs.js';
import { graphPermissionName } from '../rules/util/graph-permissions.js';
import { grantSeverity } from './grant-severity.js';
import { compareValues, pairByKey, sortedList, type Keyed, type Paired } from './keyed.js';
import type { DriftPrincipal, GrantChange, GrantKind } from './model.js';
import { principalName } from './principal-name.js';

/** One grant, keyed and canonical, from a snapshot (here) or an export (record-grants.ts). */
export interface GrantRecord extends Keyed {
  readonly kind: GrantKind;
  readonly id: string;
  /** The assignment name (GUID) of a role assignment, for matching a moved assignment. */
  readonly name: string | null;
  readonly principal: DriftPrincipal;
  readonly label: string;
  readonly tier: Tier | null;
}

/** True when either snapshot knows the principal as a service principal, so both sides select the same grants. */
export type PrincipalFilter = (principalId: string, declaredType: string | undefined) => boolean;

export function servicePrincipalFilter(before: Inventory, after: Inventory): PrincipalFilter {
  const known = (inventory: Inventory, principalId: string): boolean =>
    inventory.workloadByPrincipal(principalId) !== undefined ||
    inventory.servicePrincipal(principalId) !== undefined ||
    inventory.directoryObject(principalId)?.type === 'servicePrincipal';
  return (principalId, declaredType) => declaredType === 'ServicePrincipal' || known(before, principalId) || known(after, principalId);
}

function principalOf(inventory: Inventory, principalId: string): DriftPrincipal {
  return { id: canonicalGuid(principalId), displayName: principalName(inventory, principalId) };
}

/** The tier privilegeOf() gave this grant; undefined when it does not list it (see grant-severity.ts). */
function tierOf(facts: RunFacts, principalId: string, kind: PrivilegeGrant['kind'], matches: (refId: string) => boolean): Tier | undefined {
  return facts.privilegeOf(principalId).grants.find((grant) => grant.kind === kind && matches(grant.ref.id))?.tier;
}

function grantsOf(inventory: Inventory, include: PrincipalFilter): GrantRecord[] {
  // One privilege judgement per principal, not one per grant it holds.
  const facts = createRunFacts(inventory);
  const records: GrantRecord[] = [];
  for (const assignment of inventory.roleAssignments) {
    if (!include(assignment.principalId, assignment.principalType)) continue;
    const id = canonicalArmId(assignment.id);
    const roleName = assignment.definition?.roleName ?? assignment.roleDefinitionGuid;
    records.push({
      key: `azureRole:${id}`,
      kind: 'azureRole',
      id: assignment.id,
      name: canonicalGuid(assignment.name),
      principal: principalOf(inventory, assignment.principalId),
      label: `${roleName} on ${describeScope(inventory, assignment.scope)}`,
      // No definition means privilegeOf cannot grade it: unknown, not harmless.
      tier: tierOf(facts, assignment.principalId, 'azureRole', (refId) => canonicalArmId(refId) === id) ?? null,
      values: {
        principalId: canonicalGuid(assignment.principalId),
        roleDefinitionId: assignment.roleDefinitionGuid,
        scope: canonicalArmId(assignment.scope),
        condition: assignment.condition ?? null,
      },
    });
  }
  for (const vault of inventory.resources) {
    for (const policy of vault.keyVault?.accessPolicies ?? []) {
      if (!include(policy.objectId, undefined)) continue;
      const applicationId = policy.applicationId === undefined || policy.applicationId === null ? '' : canonicalGuid(policy.applicationId);
      records.push({
        key: `keyVaultAccessPolicy:${canonicalArmId(vault.id)}:${canonicalGuid(policy.objectId)}:${applicationId}`,
        kind: 'keyVaultAccessPolicy',
        id: vault.id,
        name: null,
        principal: principalOf(inventory, policy.objectId),
        label: `access policy on Key Vault ${vault.name}`,
        // On the RBAC permission model the vault ignores access policies: privilegeOf lists none, T3.
        tier: tierOf(facts, policy.objectId, 'keyVaultAccessPolicy', (refId) => canonicalArmId(refId) === canonicalArmId(vault.id)) ?? 3,
        values: {
          keys: sortedList(policy.permissions.keys?.map((permission) => permission.toLowerCase())),
          secrets: sortedList(policy.permissions.secrets?.map((permission) => permission.toLowerCase())),
          certificates: sortedList(policy.permissions.certificates?.map((permission) => permission.toLowerCase())),
          storage: sortedList(policy.permissions.storage?.map((permission) => permission.toLowerCase())),
          enableRbacAuthorization: vault.keyVault?.enableRbacAuthorization ?? false,
        },
      });
    }
  }
  for (const grant of inventory.appRoleAssignments) {
    if (!include(grant.principalId, grant.principalType)) continue;
    // The resource's own appRoles name any permission; the tier lists only the graded ones.
    const declared = inventory.servicePrincipal(grant.resourceId)?.appRoles?.find((role) => canonicalGuid(role.id) === canonicalGuid(grant.appRoleId));
    const name = declared?.value ?? graphPermissionName(grant.appRoleId) ?? grant.appRoleId;
    records.push({
      key: `graphAppRole:${canonicalGuid(grant.id)}`,
      kind: 'graphAppRole',
      id: grant.id,
      name: null,
      principal: principalOf(inventory, grant.principalId),
      label: `${grant.resourceDisplayName ?? 'API'} ${name}`,
      tier: tierOf(facts, grant.principalId, 'graphPermission', (refId) => refId === grant.id) ?? 2,
      values: { principalId: canonicalGuid(grant.principalId), resourceId: canonicalGuid(grant.resourceId), appRoleId: canonicalGuid(grant.appRoleId) },
    });
  }
  for (const grant of inventory.directoryRoleAssignments) {
    if (!include(grant.principalId, undefined)) continue;
    const definition = inventory.directoryRoleDefinition(grant.roleDefinitionId);
    const scope = grant.directoryScopeId === '/' ? '' : ` (scope ${grant.directoryScopeId})`;
    records.push({
      key: `directoryRole:${canonicalGuid(grant.id)}`,
      kind: 'directoryRole',
      id: grant.id,
      name: null,
      principal: principalOf(inventory, grant.principalId),
      label: `Entra role ${definition?.displayName ?? grant.roleDefinitionId}${scope}`,
      // privilegeOf skips Directory Readers (read-only): T3.
      tier:
        tierOf(facts, grant.principalId, 'directoryRole', (refId) => canonicalGuid(refId) === canonicalGuid(grant.roleDefinitionId)) ?? 3,
      values: {
        principalId: canonicalGuid(grant.principalId),
        roleDefinitionId: canonicalGuid(grant.roleDefinitionId),
        directoryScopeId: grant.directoryScopeId,
      },
    });
  }
  return records;
}

/** A removed and an added role assignment of one principal with one name: the assignment moved scope. */
function foldMovedAssignments(paired: readonly Paired<GrantRecord>[]): Paired<GrantRecord>[] {
  const movedKey = (record: GrantRecord): string => `${record.principal.id}:${record.name ?? ''}`;
  const addedByName = new Map<string, Paired<GrantRecord>>();
  for (const entry of paired) {
    if (entry.change === 'added' && entry.current.kind === 'azureRole') addedByName.set(movedKey(entry.current), entry);
  }
  const consumed = new Set<Paired<GrantRecord>>();
  const replaced = new Map<Paired<GrantRecord>, Paired<GrantRecord>>();
  for (const entry of paired) {
    if (entry.change !== 'removed' || entry.current.kind !== 'azureRole') continue;
    const partner = addedByName.get(movedKey(entry.current));
    if (partner === undefined || consumed.has(partner)) continue;
    consumed.add(partner);
    replaced.set(entry, { change: 'changed', current: partner.current, previous: entry.current, changes: compareValues(entry.current.values, partner.current.values) });
  }
  return paired.filter((entry) => !consumed.has(entry)).map((entry) => replaced.get(entry) ?? entry);
}

/** Grant changes from OLD to NEW, sorted by kind and canonical id. */
export function diffGrants(before: Inventory, after: Inventory): GrantChange[] {
  const include = servicePrincipalFilter(before, after);
  return grantChanges(grantsOf(before, include), grantsOf(after, include));
}

/** Pairs OLD's and NEW's grant records (moved role assignments folded into one change) and grades each change. */
export function grantChanges(oldRecords: readonly GrantRecord[], newRecords: readonly GrantRecord[]): GrantChange[] {
  return foldMovedAssignments(pairByKey(oldRecords, newRecords)).map(({ change, current, previous, changes }) => ({
    change,
    kind: current.kind,
    id: current.id,
    // A principal deleted by NEW is still named by OLD.
    principal: current.principal.displayName === null && previous !== undefined ? previous.principal : current.principal,
    label: current.label,
    previousLabel: previous === undefined || previous.label === current.label ? null : previous.label,
    tier: current.tier,
    severity: grantSeverity(current.tier),
    previousSeverity: previous === undefined ? null : grantSeverity(previous.tier),
    values: current.values,
    changes,
  }));
}
