import { defineRule } from '../engine/define-rule.js';
import { canonicalArmId, canonicalGuid, parseArmId, subscriptionOf } from '../azure/ids.js';
import { UAMI_TYPE } from '../azure/resource-types.js';
import type { Inventory, RelatedRef, ServicePrincipal } from '../inventory/model.js';
import { isManagedIdentityServicePrincipal, managedIdentityMarkers, type ManagedIdentityMarkers } from '../inventory/managed-identity-markers.js';
import type { RunFacts } from '../engine/facts.js';

// [S34]: a system-assigned identity is deleted with its resource, so a managed-identity service
// principal whose resource is gone is a leftover (ORPH-004). Graph marks MI service principals with
// `alternativeNames` = [`isExplicit=True|False`, <ARM id>] ([S41]); reading isExplicit=False as
// "system-assigned" is an inference. The ARM id is found by shape, not position, and compared
// case-insensitively. Only a subscription that was read completely can prove absence; a UAMI id
// confirmed deleted by a GET (404) counts as proof too.
//
// Also reported: an `isExplicit=True` service principal whose user-assigned identity is absent from a readable
// subscription, or that exists with another principal id (deleted and recreated): the same leftover (inference).
//
// A policy assignment's system-assigned identity is judged when policy assignments were read at the assignment's
// scope (its subscription, or its management group): the assignment must exist and carry this principal.
//
// Not judged (silent, the collection cannot see them): extension resources (a second `/providers/` segment, e.g.
// AKS cluster extensions), other Microsoft.Authorization objects, ids outside a resource group, and child types
// (e.g. ML workspace computes) unless the snapshot holds some resource of that type, which shows the collection reads it.

type Variant = 'system-assigned' | 'policy-assignment' | 'user-assigned-deleted' | 'user-assigned-recreated';

const POLICY_ASSIGNMENT_SUFFIX = /\/providers\/microsoft\.authorization\/policyassignments\/[^/]+$/i;

/** Can the collection see this host resource type in `resources`? (see the header comment) */
function isJudgeable(armId: string, seenTypes: ReadonlySet<string>): boolean {
  const canonical = canonicalArmId(armId);
  if (canonical.split('/providers/').length !== 2) return false;
  const parsed = parseArmId(armId);
  if (parsed.resourceGroup === undefined || parsed.type === undefined || parsed.name === undefined) return false;
  if (parsed.type.startsWith('microsoft.authorization/')) return false;
  const nested = parsed.type.split('/').length > 2;
  return !nested || seenTypes.has(parsed.type);
}

/** Gone when policy assignments were read where it would live and it is absent or holds another principal. */
function policyAssignmentGone(inventory: Inventory, sp: ServicePrincipal, armId: string): boolean {
  const scope = armId.replace(POLICY_ASSIGNMENT_SUFFIX, '');
  if (!inventory.coverage.wasRead('policyAssignments', scope === '' ? '/' : scope)) return false;
  const assignment = inventory.policyAssignment(armId);
  return assignment === undefined || assignment.systemPrincipalId !== canonicalGuid(sp.id);
}

function variantOf(inventory: Inventory, sp: ServicePrincipal, markers: ManagedIdentityMarkers, seenTypes: ReadonlySet<string>): Variant | undefined {
  const { armId, isExplicit } = markers;
  if (armId === undefined || isExplicit === undefined) return undefined;
  if (!isExplicit && POLICY_ASSIGNMENT_SUFFIX.test(armId)) return policyAssignmentGone(inventory, sp, armId) ? 'policy-assignment' : undefined;
  const readable = (): boolean => {
    const subscriptionId = subscriptionOf(armId);
    return subscriptionId !== undefined && inventory.coverage.readableSubscriptions.has(subscriptionId);
  };
  if (!isExplicit) {
    // The common case first, one lookup: the host is there with its identity (no finding whatever the checks below say).
    const host = inventory.resource(armId);
    if (host?.hasSystemAssignedIdentity === true) return undefined;
    if (!readable() || !isJudgeable(armId, seenTypes)) return undefined;
    return 'system-assigned';
  }
  const identity = inventory.userAssignedIdentity(armId);
  // The common case first: the identity is there with this principal (no finding whatever the type check says).
  if (identity !== undefined && canonicalGuid(identity.principalId) === canonicalGuid(sp.id)) return undefined;
  if (parseArmId(armId).type !== UAMI_TYPE) return undefined;
  if (identity !== undefined) return 'user-assigned-recreated';
  return readable() || inventory.isDeletedIdentity(armId) ? 'user-assigned-deleted' : undefined;
}

/** Everything the leftover principal still holds: every role assignment, plus Graph, Entra and Key Vault grants. */
function holdings(inventory: Inventory, facts: RunFacts, principalId: string): RelatedRef[] {
  const assignments: RelatedRef[] = inventory.assignmentsOf(principalId).map((assignment) => ({
    relation: 'staleRoleAssignment',
    kind: 'roleAssignment',
    id: assignment.id,
    displayName: facts.assignmentLabel(assignment),
  }));
  const others = facts.privilegeOf(principalId)
    .grants.filter((grant) => grant.kind !== 'azureRole')
    .map((grant) => ({ ...grant.ref, relation: `stale${grant.ref.relation.charAt(0).toUpperCase()}${grant.ref.relation.slice(1)}`, displayName: grant.label }));
  return [...assignments, ...others];
}

export default defineRule({
  meta: {
    id: 'MIA-3007',
    name: 'orphaned-system-identity',
    category: 'orphaned-reference',
    severity: 'medium',
    title: 'Managed identity service principal outlived the resource or identity it belongs to',
    why: 'A system-assigned identity should disappear with its resource. A managed-identity service principal whose resource is gone keeps every role assignment, Graph permission and directory role it was given, clutters access reviews and counts towards directory quota; nobody owns it any more.',
    fix: 'Remove the role assignments, Graph app role assignments and directory roles the leftover service principal still holds. If the service principal itself persists for more than a day or two after its resource was deleted, open a support case to have it removed.',
    references: [
      { title: 'Managed identity best practice recommendations (lifecycle)', url: 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identity-best-practice-recommendations' },
      { title: 'Managed identities FAQ', url: 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identities-faq' },
    ],
    requires: ['servicePrincipals', 'resources', 'userAssignedIdentities', 'policyAssignments'],
  },
  check({ inventory, facts, report }) {
    const seenTypes = new Set(inventory.resources.map((resource) => resource.type.toLowerCase()));
    for (const sp of inventory.servicePrincipals) {
      if (!isManagedIdentityServicePrincipal(sp)) continue;
      const markers = managedIdentityMarkers(sp);
      const variant = variantOf(inventory, sp, markers, seenTypes);
      const armId = markers.armId;
      if (variant === undefined || armId === undefined) continue;
      const parsed = parseArmId(armId);
      const hostName = parsed.name ?? armId;
      const held = holdings(inventory, facts, sp.id);
      const assignmentCount = held.filter((ref) => ref.kind === 'roleAssignment').length;
      const holds =
        held.length === 0
          ? 'holds nothing'
          : assignmentCount === held.length
            ? `still holds ${assignmentCount} role assignment(s)`
            : `still holds ${held.length} grant(s), ${assignmentCount} of them Azure role assignment(s)`;
      const subscriptionName = facts.describeScope(`/subscriptions/${parsed.subscriptionId ?? ''}`);
      const policyScope = facts.describeScope(armId.replace(POLICY_ASSIGNMENT_SUFFIX, '') || '/');
      const what =
        variant === 'policy-assignment'
          ? `the system-assigned identity of policy assignment '${hostName}', but that assignment (or its system-assigned identity) no longer exists at ${policyScope}`
          : variant === 'system-assigned'
          ? `the system-assigned identity of '${hostName}', but that resource (or its system-assigned identity) no longer exists in ${subscriptionName}`
          : variant === 'user-assigned-deleted'
            ? `user-assigned identity '${hostName}', but that identity no longer exists in ${subscriptionName}`
            : `an earlier incarnation of user-assigned identity '${hostName}', which has since been recreated with another principal`;
      const current = variant === 'user-assigned-recreated' ? inventory.userAssignedIdentity(armId) : undefined;
      report({
        // The identity as the inventory keys it (host resource id, or the UAMI id) with the leftover principal id;
        // the key tells two leftovers of one ARM id apart (an identity recreated more than once).
        subject: { kind: variant === 'system-assigned' || variant === 'policy-assignment' ? 'systemAssignedIdentity' : 'userAssignedIdentity', id: armId, displayName: sp.displayName, principalId: sp.id },
        key: [canonicalGuid(sp.id)],
        severity: held.length === 0 ? 'low' : 'medium',
        message: `Managed identity service principal '${sp.displayName}' belongs to ${what}, and it ${holds}.`,
        related: [
          variant === 'policy-assignment'
            ? { relation: 'deletedPolicyAssignment', kind: 'policyAssignment', id: armId, displayName: hostName }
            : variant === 'system-assigned'
            ? { relation: 'deletedResource', kind: 'resource', id: armId, displayName: hostName }
            : current === undefined
              ? { relation: 'deletedIdentity', kind: 'userAssignedIdentity', id: armId, displayName: hostName }
              : { relation: 'recreatedIdentity', kind: 'userAssignedIdentity', id: current.id, displayName: current.name, principalId: current.principalId },
          ...held,
        ],
        evidence: {
          variant,
          servicePrincipalId: sp.id,
          appId: sp.appId,
          alternativeNames: sp.alternativeNames,
          armId,
          resourceType: parsed.type ?? null,
          subscriptionReadable: parsed.subscriptionId !== undefined && inventory.coverage.readableSubscriptions.has(parsed.subscriptionId.toLowerCase()),
          confirmedDeleted: inventory.isDeletedIdentity(armId),
          roleAssignments: assignmentCount,
          grants: held.length,
        },
      });
    }
  },
});
