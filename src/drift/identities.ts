/**
 * Identities added, removed or recreated: user-assigned identities, system-assigned identities (keyed by
 * their host resource), federated app registrations (apps with at least one FIC), and managed-identity service
 * principals that no visible identity or resource accounts for (their subscription was out of scope).
 */
import { canonicalGuid, subscriptionOf } from '../azure/ids.js';
import type { Inventory } from '../inventory/model.js';
import { pairByKey, type Keyed } from './keyed.js';
import type { IdentityChange, IdentityKind } from './model.js';

interface IdentityRecord extends Keyed {
  readonly kind: IdentityKind;
  readonly id: string;
  readonly displayName: string;
  readonly principalId: string | null;
}

function identitiesOf(inventory: Inventory): IdentityRecord[] {
  // Managed identities whose host was not found are judged by the rules when they hold a grant (inventory), but for
  // drift they are service principals like any other host-less one: whether one holds a grant must not make it
  // appear or disappear as an identity (a removed grant is a grant change, a deleted identity's leftover is no addition).
  const hosted = inventory.workloadIdentities.filter((workload) => workload.hostNotFound === undefined);
  const records: IdentityRecord[] = hosted.map((workload) => ({
    key: workload.key,
    kind: workload.kind,
    id: workload.ref.id,
    displayName: workload.displayName,
    principalId: workload.principalId ?? null,
    // A user-assigned identity deleted and recreated under the same name keeps its ARM id, not its principal.
    values: { principalId: workload.principalId ?? null },
  }));
  for (const sp of inventory.servicePrincipals) {
    const workload = inventory.workloadByPrincipal(sp.id);
    if (sp.servicePrincipalType !== 'ManagedIdentity' || (workload !== undefined && workload.hostNotFound === undefined)) continue;
    // An identity in a subscription that was read completely would be a workload: this one is a leftover of a
    // deleted identity (the orphaned-system-identity finding), not an identity of its own.
    if (hostInReadSubscription(inventory, sp.alternativeNames)) continue;
    const principalId = canonicalGuid(sp.id);
    records.push({ key: `sp:${principalId}`, kind: 'managedIdentityServicePrincipal', id: sp.id, displayName: sp.displayName, principalId, values: {} });
  }
  return records;
}

/** Managed-identity service principals carry their ARM resource id among alternativeNames. */
function hostInReadSubscription(inventory: Inventory, alternativeNames: readonly string[]): boolean {
  return alternativeNames.some((name) => {
    const subscriptionId = name.startsWith('/') ? subscriptionOf(name) : undefined;
    return subscriptionId !== undefined && inventory.coverage.readableSubscriptions.has(subscriptionId);
  });
}

/** Identity changes from OLD to NEW, sorted by canonical key. */
export function diffIdentities(before: Inventory, after: Inventory): IdentityChange[] {
  return pairByKey(identitiesOf(before), identitiesOf(after)).map(({ change, current, changes }) => ({
    change,
    kind: current.kind,
    id: current.id,
    displayName: current.displayName,
    principalId: current.principalId,
    changes,
  }));
}
