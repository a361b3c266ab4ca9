/** User-assigned identities (ARM list per subscription) and the 404 check that confirms a deleted one. */
import { describeFailure } from '../request-failure.js';
import { parseArmId } from './arm-id.js';
import type { ArmClients } from './clients.js';
import { getRaw, listRaw } from './raw-pages.js';

export async function listIdentitiesWithArm(clients: ArmClients, subscriptionId: string): Promise<unknown[]> {
  const client = await clients.identities(subscriptionId);
  return listRaw((options) => client.userAssignedIdentities.listBySubscription(options));
}

/**
 * A UAMI id referenced by a resource but absent from the lists: GET it. Only a 404 proves it was deleted;
 * 200 (it exists, e.g. in a subscription out of scope) or any other failure proves nothing.
 */
export async function isConfirmedDeleted(clients: ArmClients, identityId: string): Promise<boolean> {
  const parts = parseArmId(identityId);
  if (parts.subscriptionId === undefined || parts.resourceGroup === undefined || parts.name === undefined) return false;
  const { resourceGroup, name } = parts;
  const client = await clients.identities(parts.subscriptionId);
  try {
    await getRaw((options) => client.userAssignedIdentities.get(resourceGroup, name, options));
    return false;
  } catch (error: unknown) {
    const failure = describeFailure(error);
    if (failure.kind === 'http' && failure.status === 404) return true;
    if (failure.kind === 'http' && failure.status === 401) throw error;
    return false;
  }
}
