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
import { FIC_WRITE, type GrantsQuestion, IDENTITY_ASSIGN, grants } from './actions.js';
import { ROLE } from './azure-roles.js';

export type ControlCapability = 'add-federated-credential' | 'attach';

const FIC_WRITER_ROLE_IDS: ReadonlySet<string> = new Set([ROLE.managedIdentityContributor, ROLE.managedIdentityFicContributor]);

/** What holding this assignment lets its principal do to user-assigned identities under its scope, if anything. */
export function controlCapabilityOf(assignment: RoleAssignment, ask: GrantsQuestion = grants): ControlCapability | undefined {
  const definition = assignment.definition;
  if (FIC_WRITER_ROLE_IDS.has(assignment.roleDefinitionGuid) || (definition !== undefined && ask(definition, FIC_WRITE))) {
    return 'add-federated-credential';
  }
  if (assignment.roleDefinitionGuid === ROLE.managedIdentityOperator || (definition !== undefined && ask(definition, IDENTITY_ASSIGN))) {
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
export function targetedControlOf(assignment: RoleAssignment, ask: GrantsQuestion = grants): ControlCapability | undefined {
  const capability = controlCapabilityOf(assignment, ask);
  if (capability === undefined) return undefined;
  const narrow = assignment.scopeLevel === 'resourceGroup' || assignment.scopeLevel === 'resource';
  return isFullControlRole(assignment.definition) && !narrow ? undefined : capability;
}

export interface ControlGrant {
  readonly assignment: RoleAssignment;
  readonly capability: ControlCapability;
}

/**
 * The assignments (held by principals that still exist) that give control over user-assigned identities, grouped by
 * canonical scope. Built once per run by `context.facts.controlGrantsOver(identityId)` (src/engine/facts.ts), which
 * walks an identity's ancestor scopes through it, so asking for every identity of a tenant stays linear.
 */
export function controlGrantsByScope(inventory: Inventory, ask: GrantsQuestion = grants): Map<string, ControlGrant[]> {
  const byScope = new Map<string, ControlGrant[]>();
  // controlCapabilityOf reads the definition and its GUID only, and the inventory resolves one definition per GUID:
  // judge each definition (or unresolved GUID) once instead of once per assignment (100,000 on a large tenant).
  const judged = new Map<RoleDefinition | string, { capability: ControlCapability | undefined; fullControl: boolean }>();
  for (const assignment of inventory.roleAssignments) {
    const role = assignment.definition ?? assignment.roleDefinitionGuid;
    let judgement = judged.get(role);
    if (judgement === undefined) {
      judgement = { capability: controlCapabilityOf(assignment, ask), fullControl: isFullControlRole(assignment.definition) };
      judged.set(role, judgement);
    }
    const { capability, fullControl } = judgement;
    // targetedControlOf, from the judgement: full-control roles count only at resource-group or resource scope.
    if (capability === undefined || (fullControl && assignment.scopeLevel !== 'resourceGroup' && assignment.scopeLevel !== 'resource')) continue;
    if (inventory.isUnresolvedPrincipal(assignment.principalId)) continue;
    const scope = canonicalArmId(assignment.scope);
    const list = byScope.get(scope) ?? [];
    list.push({ assignment, capability });
    byScope.set(scope, list);
  }
  return byScope;
}
