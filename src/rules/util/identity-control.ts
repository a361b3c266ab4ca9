/**
 * Which role assignments let their holder become a user-assigned identity without being it:
 *  - federatedIdentityCredentials/write (Managed Identity Contributor, MI FIC Contributor, [S29][S31]) adds
 *    a FIC, i.e. secret-free, long-lived sign-in as the UAMI from any issuer the holder controls;
 *  - the identity assign action (userAssignedIdentities/…/assign/action) (Managed Identity Operator, [S29][S34][S35]) attaches it to
 *    compute the holder can write (the compute write is not checked).
 * Owner, Contributor and other `*` roles grant both actions too, but their holders at subscription, management
 * group or root scope are platform administrators who control everything there already; they count only at
 * resource-group or resource scope. Shared by takeover-path and the identity record's controllers.
 */
import { canonicalArmId } from '../../azure/ids.js';
import type { Inventory, RoleAssignment, RoleDefinition } from '../../inventory/model.js';
import { FIC_WRITE, IDENTITY_ASSIGN, grants } from './actions.js';
import { ROLE } from './azure-roles.js';

export type ControlCapability = 'add-federated-credential' | 'attach';

const FIC_WRITER_ROLE_IDS: ReadonlySet<string> = new Set([ROLE.managedIdentityContributor, ROLE.managedIdentityFicContributor]);

/** What holding this assignment lets its principal do to user-assigned identities under its scope, if anything. */
export function controlCapabilityOf(assignment: RoleAssignment): ControlCapability | undefined {
  const definition = assignment.definition;
  if (FIC_WRITER_ROLE_IDS.has(assignment.roleDefinitionGuid) || (definition !== undefined && grants(definition, FIC_WRITE))) {
    return 'add-federated-credential';
  }
  if (assignment.roleDefinitionGuid === ROLE.managedIdentityOperator || (definition !== undefined && grants(definition, IDENTITY_ASSIGN))) {
    return 'attach';
  }
  return undefined;
}

function isFullControlRole(definition: RoleDefinition | undefined): boolean {
  return definition?.permissions.some((block) => block.actions.some((pattern) => pattern.trim() === '*')) === true;
}

/**
 * The capability an assignment gives over identities under its scope, leaving out full-control roles held
 * at subscription scope or above (platform administrators, see above). Undefined when it gives none.
 */
export function targetedControlOf(assignment: RoleAssignment): ControlCapability | undefined {
  const capability = controlCapabilityOf(assignment);
  if (capability === undefined) return undefined;
  const narrow = assignment.scopeLevel === 'resourceGroup' || assignment.scopeLevel === 'resource';
  return isFullControlRole(assignment.definition) && !narrow ? undefined : capability;
}

export interface ControlGrant {
  readonly assignment: RoleAssignment;
  readonly capability: ControlCapability;
}

const byScopeCache = new WeakMap<Inventory, Map<string, ControlGrant[]>>();

/**
 * The assignments (held by principals that still exist) that give control over the identity with this ARM id,
 * at its own scope or inherited, nearest scope first. Assignments are judged once per inventory and grouped by
 * scope, so asking for every identity of a tenant stays linear.
 */
export function controlGrantsOver(inventory: Inventory, identityId: string): ControlGrant[] {
  let byScope = byScopeCache.get(inventory);
  if (byScope === undefined) {
    byScope = new Map();
    for (const assignment of inventory.roleAssignments) {
      const capability = targetedControlOf(assignment);
      if (capability === undefined || inventory.isUnresolvedPrincipal(assignment.principalId)) continue;
      const scope = canonicalArmId(assignment.scope);
      const list = byScope.get(scope) ?? [];
      list.push({ assignment, capability });
      byScope.set(scope, list);
    }
    byScopeCache.set(inventory, byScope);
  }
  const scopes = byScope;
  return inventory.ancestorScopes(identityId).flatMap((scope) => scopes.get(scope) ?? []);
}
