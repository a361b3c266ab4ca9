import { defineRule } from '../engine/define-rule.js';
import { canonicalArmId, canonicalGuid, parseArmId, subscriptionOf } from '../azure/ids.js';
import type { Inventory, RelatedRef, Resource } from '../inventory/model.js';

// Deleting a UAMI does not remove it from the resources it was attached to ([S36][S40]); a UAMI
// recreated under the same name gets a new principal, so the old role assignments are orphaned (ORPH-002).
// Keys have inconsistent casing ([S41]): every lookup is case-insensitive. An identity whose subscription
// was not read is "not visible", not "deleted": no finding.

/** One user-assigned identity a resource points at, with the principal id the resource recorded for it. */
interface IdentityReference {
  readonly id: string;
  readonly recordedPrincipalId: string | undefined;
  readonly via: 'identity block' | 'AKS kubelet identity';
}

function referencesOf(resource: Resource): IdentityReference[] {
  const references = new Map<string, IdentityReference>();
  for (const [id, entry] of Object.entries(resource.identity?.userAssignedIdentities ?? {})) {
    const recordedPrincipalId = entry.principalId ?? undefined;
    references.set(canonicalArmId(id), { id, recordedPrincipalId, via: 'identity block' });
  }
  const kubelet = resource.aks?.kubeletIdentity;
  if (kubelet !== undefined && kubelet !== null && !references.has(canonicalArmId(kubelet.resourceId))) {
    references.set(canonicalArmId(kubelet.resourceId), { id: kubelet.resourceId, recordedPrincipalId: kubelet.objectId, via: 'AKS kubelet identity' });
  }
  return [...references.values()];
}

/** Role assignments still held by the principal the resource recorded: they outlived the identity. */
function staleAssignments(inventory: Inventory, principalId: string | undefined): RelatedRef[] {
  if (principalId === undefined) return [];
  return inventory.assignmentsOf(principalId).map((assignment) => ({
    relation: 'staleRoleAssignment',
    kind: 'roleAssignment',
    id: assignment.id,
    displayName: `${assignment.definition?.roleName ?? assignment.roleDefinitionGuid} at ${assignment.scope}`,
  }));
}

export default defineRule({
  meta: {
    id: 'MIA-3001',
    name: 'orphaned-reference',
    category: 'orphaned-reference',
    severity: 'medium',
    title: 'Resource references a user-assigned identity that was deleted or recreated',
    why: 'Deleting a user-assigned identity does not remove it from the resources that used it: the workload silently loses access, later updates of the resource can fail, and a recreated identity with the same name gets a new principal while the old role assignments linger.',
    fix: 'Remove the stale identity from the resource identity block, or attach the intended identity again and re-grant its roles; then delete the role assignments of the old principal.',
    references: [
      { title: 'Manage user-assigned managed identities', url: 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-manage-user-assigned-managed-identities' },
      { title: 'Managed identity best practice recommendations', url: 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identity-best-practice-recommendations' },
    ],
    requires: ['resources', 'userAssignedIdentities'],
  },
  check({ inventory, report }) {
    for (const resource of inventory.resources) {
      for (const reference of referencesOf(resource)) {
        const existing = inventory.userAssignedIdentity(reference.id);
        if (existing === undefined) {
          const confirmed = inventory.isDeletedIdentity(reference.id);
          const subscriptionId = subscriptionOf(reference.id);
          const visible = subscriptionId !== undefined && inventory.coverage.readableSubscriptions.has(subscriptionId);
          if (!confirmed && !visible) continue;
          // Parsed only for a finding: most references resolve.
          const name = parseArmId(reference.id).name ?? reference.id;
          report({
            subject: resource.ref,
            message: `Resource '${resource.name}' still references user-assigned identity '${name}' in its ${reference.via}, but that identity no longer exists.`,
            related: [
              {
                relation: 'deletedIdentity',
                kind: 'userAssignedIdentity',
                id: reference.id,
                displayName: name,
                ...(reference.recordedPrincipalId === undefined ? {} : { principalId: reference.recordedPrincipalId }),
              },
              ...staleAssignments(inventory, reference.recordedPrincipalId),
            ],
            evidence: {
              variant: 'deleted',
              identityId: reference.id,
              referencedBy: reference.via,
              recordedPrincipalId: reference.recordedPrincipalId ?? null,
              confirmedBy: confirmed ? 'GET returned 404' : 'absent from the complete identity list of its subscription',
            },
            key: [canonicalArmId(reference.id)],
          });
          continue;
        }
        const recorded = reference.recordedPrincipalId;
        if (recorded === undefined || canonicalGuid(recorded) === canonicalGuid(existing.principalId)) continue;
        report({
          subject: resource.ref,
          message: `Resource '${resource.name}' references user-assigned identity '${existing.name}' with principal ${recorded} in its ${reference.via}, but the identity now has principal ${existing.principalId}: it was recreated and the old principal's role assignments are orphaned.`,
          related: [
            { relation: 'recreatedIdentity', kind: 'userAssignedIdentity', id: existing.id, displayName: existing.name, principalId: existing.principalId },
            ...staleAssignments(inventory, recorded),
          ],
          evidence: {
            variant: 'recreated',
            identityId: reference.id,
            referencedBy: reference.via,
            recordedPrincipalId: recorded,
            currentPrincipalId: existing.principalId,
          },
          key: [canonicalArmId(reference.id)],
        });
      }
    }
  },
});
