/**
 * References that became dangling between OLD and NEW:
 * - a resource (identity block or AKS kubelet identity) pointing at a user-assigned identity that no longer
 *   exists: deleting the identity does not detach it (https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-manage-user-assigned-managed-identities);
 * - a role assignment whose principal disappeared: Azure keeps it, shown as "Identity not found"
 *   (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting).
 * "No longer exists" needs proof, as in the orphaned-reference rule: a confirmed 404, Graph's "not found", or
 * absence from a subscription or directory that was read completely. What dangled already in OLD is not new.
 */
import { canonicalArmId, canonicalGuid, parseArmId, subscriptionOf } from '../azure/ids.js';
import type { Inventory } from '../inventory/model.js';
import type { DanglingReference } from './model.js';
import { principalName } from './principal-name.js';
import { compareText } from '../core/compare-text.js';

interface DanglingRecord extends DanglingReference {
  readonly key: string;
}

function knowsPrincipal(inventory: Inventory, principalId: string): boolean {
  return (
    inventory.workloadByPrincipal(principalId) !== undefined ||
    inventory.servicePrincipal(principalId) !== undefined ||
    inventory.directoryObject(principalId) !== undefined
  );
}

function identityIsGone(inventory: Inventory, identityId: string): boolean {
  if (inventory.userAssignedIdentity(identityId) !== undefined) return false;
  const subscriptionId = subscriptionOf(identityId);
  return inventory.isDeletedIdentity(identityId) || (subscriptionId !== undefined && inventory.coverage.readableSubscriptions.has(subscriptionId));
}

/** Dangling references of `inventory`; `other` (the other snapshot) tells which principals existed once. */
function danglingOf(inventory: Inventory, other: Inventory): DanglingRecord[] {
  const records: DanglingRecord[] = [];
  for (const resource of inventory.resources) {
    const kubelet = resource.aks?.kubeletIdentity?.resourceId;
    const references = kubelet === undefined ? resource.attachedIdentityIds : [...resource.attachedIdentityIds, kubelet];
    const seen = new Set<string>();
    for (const target of references) {
      const canonical = canonicalArmId(target);
      if (seen.has(canonical) || !identityIsGone(inventory, target)) continue;
      seen.add(canonical);
      records.push({
        key: `identityReference:${canonicalArmId(resource.id)}>${canonical}`,
        kind: 'identityReference',
        id: resource.id,
        displayName: resource.name,
        target,
        targetName: parseArmId(target).name ?? null,
      });
    }
  }
  // Graph answers "not found" only for principals it was asked about; a principal the other snapshot knew and
  // this complete directory read lacks is gone too.
  const directoryComplete = inventory.coverage.isComplete('servicePrincipals') && inventory.coverage.isComplete('directoryObjects');
  for (const assignment of inventory.roleAssignments) {
    const principalId = assignment.principalId;
    const gone =
      inventory.isUnresolvedPrincipal(principalId) ||
      (directoryComplete && !knowsPrincipal(inventory, principalId) && knowsPrincipal(other, principalId));
    if (!gone) continue;
    records.push({
      key: `roleAssignmentPrincipal:${canonicalArmId(assignment.id)}`,
      kind: 'roleAssignmentPrincipal',
      id: assignment.id,
      displayName: `${assignment.definition?.roleName ?? assignment.roleDefinitionGuid} at ${assignment.scope}`,
      target: canonicalGuid(principalId),
      targetName: principalName(other, principalId),
    });
  }
  return records;
}

/** References that dangle in NEW and did not in OLD, sorted by kind and holder. */
export function diffDangling(before: Inventory, after: Inventory): DanglingReference[] {
  const already = new Set(danglingOf(before, after).map((record) => record.key));
  return danglingOf(after, before)
    .filter((record) => !already.has(record.key))
    .sort((a, b) => compareText(a.key, b.key))
    .map(({ key: _key, ...reference }) => reference);
}
