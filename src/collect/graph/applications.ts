/**
 * App registrations with credential metadata, their owners, and their FICs. FICs come from Graph **beta**, the only
 * version with claimsMatchingExpression (NOTES.md §4 App FICs). Owners and FICs are batched per application.
 */
import type { SnapshotDirectoryObject, SnapshotFederatedCredential } from '../../snapshot/schema.js';
import { ficFields } from '../arm/wire-mapping.js';
import type { RetrySettings } from '../http/retry-decision.js';
import { asObject, stringAt } from '../json.js';
import type { GraphApi } from './client.js';
import { batchGet, stepError } from './batch.js';
import { listAllPages } from './paging.js';
import { APPLICATION_FIELDS, directoryObjectFromWire } from './wire-mapping.js';

export function listApplications(api: GraphApi): Promise<unknown[]> {
  return listAllPages(api, `/applications?$select=${APPLICATION_FIELDS}`);
}

async function itemsPerApplication(
  api: GraphApi,
  applicationIds: readonly string[],
  url: (id: string) => string,
  options: { readonly retry: RetrySettings; readonly version: 'v1.0' | 'beta' },
): Promise<Map<string, readonly unknown[]>> {
  const results = await batchGet(api, applicationIds.map((id) => ({ key: id, url: url(id) })), options);
  const byApplication = new Map<string, readonly unknown[]>();
  for (const id of applicationIds) {
    const result = results.get(id);
    if (result === undefined) continue;
    if (result.status < 200 || result.status >= 300) throw stepError(result, url(id));
    byApplication.set(id, result.items);
  }
  return byApplication;
}

export async function readApplicationOwners(api: GraphApi, applicationIds: readonly string[], retry: RetrySettings): Promise<Map<string, SnapshotDirectoryObject[]>> {
  const raw = await itemsPerApplication(api, applicationIds, (id) => `/applications/${id}/owners?$select=id,displayName`, { retry, version: 'v1.0' });
  return new Map(
    [...raw].map(([id, items]) => [id, items.map(directoryObjectFromWire).filter((owner): owner is SnapshotDirectoryObject => owner !== undefined)] as const),
  );
}

export async function readApplicationFics(api: GraphApi, applicationIds: readonly string[], retry: RetrySettings): Promise<SnapshotFederatedCredential[]> {
  const raw = await itemsPerApplication(api, applicationIds, (id) => `/applications/${id}/federatedIdentityCredentials`, { retry, version: 'beta' });
  return [...raw].flatMap(([applicationId, items]) =>
    items.flatMap((item) => {
      const id = stringAt(item, 'id');
      const name = stringAt(item, 'name');
      return id === undefined || name === undefined ? [] : [ficFields(id, name, { kind: 'application', id: applicationId }, asObject(item))];
    }),
  );
}
