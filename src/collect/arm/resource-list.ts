/**
 * Resource discovery with plain ARM (`--discovery arm`): list every resource of a subscription (the list carries
 * the identity block but not `properties`), then GET each Key Vault and AKS cluster for its properties.
 */
import { mapBounded } from '../http/limiter.js';
import { listAll } from '../http/pager.js';
import type { ServiceHttp } from '../http/service-http.js';
import { asObject, stringAt } from '../json.js';
import { API, armUrl } from './api-versions.js';
import { AKS_TYPE, KEY_VAULT_TYPE } from '../../azure/resource-types.js';
import { identityBlockFromWire, needsProperties } from './wire-mapping.js';

/** Provider API versions for the property GETs. */
const PROPERTY_API_VERSIONS: Readonly<Record<string, string>> = {
  [KEY_VAULT_TYPE]: API.keyVault,
  [AKS_TYPE]: API.aks,
};

/** Raw resource items, shaped like ARG rows: Key Vault and AKS items carry their `properties`. */
export async function listResourcesWithArm(arm: ServiceHttp, subscriptionId: string, concurrency: number): Promise<unknown[]> {
  const listed = await listAll(arm, armUrl(`/subscriptions/${subscriptionId}/resources`, API.resources));
  const relevant = listed.filter((item) => {
    const type = stringAt(item, 'type') ?? '';
    return needsProperties(type) || identityBlockFromWire(item) !== undefined;
  });
  return mapBounded(relevant, concurrency, async (item) => {
    const type = (stringAt(item, 'type') ?? '').toLowerCase();
    const id = stringAt(item, 'id');
    const apiVersion = PROPERTY_API_VERSIONS[type];
    if (id === undefined || apiVersion === undefined) return item;
    const full = await arm.get(armUrl(`/${id.replace(/^\/+/, '')}`, apiVersion));
    return { ...asObject(item), properties: asObject(full)?.['properties'] ?? null };
  });
}
