/**
 * Resource discovery with plain ARM (`--discovery arm`): list every resource of a subscription (the list carries
 * the identity block but not `properties`), then GET each Key Vault and AKS cluster for its properties.
 */
import { mapBounded } from '../http/limiter.js';
import { asObject, stringAt } from '../json.js';
import { AKS_TYPE, KEY_VAULT_TYPE } from './arm-id.js';
import type { ArmClients } from './clients.js';
import { getRaw, listRaw } from './raw-pages.js';
import { identityBlockFromWire, needsProperties } from './wire-mapping.js';

/** Provider API versions for the property GETs (the generic getById needs one per type). */
const PROPERTY_API_VERSIONS: Readonly<Record<string, string>> = {
  [KEY_VAULT_TYPE]: '2023-07-01',
  [AKS_TYPE]: '2024-09-01',
};

/** Raw resource items, shaped like ARG rows: Key Vault and AKS items carry their `properties`. */
export async function listResourcesWithArm(clients: ArmClients, subscriptionId: string, concurrency: number): Promise<unknown[]> {
  const client = await clients.resources(subscriptionId);
  const listed = await listRaw((options) => client.resources.list(options));
  const relevant = listed.filter((item) => {
    const type = stringAt(item, 'type') ?? '';
    return needsProperties(type) || identityBlockFromWire(item) !== undefined;
  });
  return mapBounded(relevant, concurrency, async (item) => {
    const type = (stringAt(item, 'type') ?? '').toLowerCase();
    const id = stringAt(item, 'id');
    const apiVersion = PROPERTY_API_VERSIONS[type];
    if (id === undefined || apiVersion === undefined) return item;
    const full = await getRaw((options) => client.resources.getById(id.replace(/^\//, ''), apiVersion, options));
    return { ...asObject(item), properties: asObject(full)?.['properties'] ?? null };
  });
}
