/** User-assigned identities (ARM list per subscription) and the 404 check that confirms a deleted one. */
import { listAll } from '../http/pager.js';
import type { ServiceHttp } from '../http/service-http.js';
import { describeFailure } from '../request-failure.js';
import { API, armUrl } from './api-versions.js';
import { parseArmId } from '../../azure/ids.js';

export function listIdentitiesWithArm(arm: ServiceHttp, subscriptionId: string): Promise<unknown[]> {
  return listAll(arm, armUrl(`/subscriptions/${subscriptionId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`, API.managedIdentity));
}

/**
 * A UAMI id referenced by a resource but absent from the lists: GET it. Only a 404 proves it was deleted;
 * 200 (it exists, e.g. in a subscription out of scope) or 403 (no access there) proves nothing. Any other failure
 * (401, 5xx or a timeout after the retries) is thrown, so the caller records a coverage gap instead of silently
 * dropping the verdict.
 */
export async function isConfirmedDeleted(arm: ServiceHttp, identityId: string): Promise<boolean> {
  const parts = parseArmId(identityId);
  if (parts.subscriptionId === undefined || parts.resourceGroup === undefined || parts.name === undefined) return false;
  try {
    await arm.get(armUrl(`/${identityId.replace(/^\/+/, '')}`, API.managedIdentity));
    return false;
  } catch (error: unknown) {
    const failure = describeFailure(error);
    if (failure.kind === 'http' && failure.status === 404) return true;
    if (failure.kind === 'http' && failure.status === 403) return false;
    throw error;
  }
}
