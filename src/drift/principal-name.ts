import type { Inventory } from '../inventory/model.js';

/** The display name a snapshot has for a principal id (identity, service principal, user or group), or null. */
export function principalName(inventory: Inventory, principalId: string): string | null {
  return (
    inventory.workloadByPrincipal(principalId)?.displayName ??
    inventory.servicePrincipal(principalId)?.displayName ??
    inventory.directoryObject(principalId)?.displayName ??
    null
  );
}
