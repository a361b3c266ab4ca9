/**
 * Service principals: every managed identity's (`servicePrincipalType eq 'ManagedIdentity'`, NOTES.md §4), those of
 * the tenant's applications (by appId alternate key), and resource SPs granted to them (e.g. Microsoft Graph, for
 * its appRoles), the last two batched.
 */
import type { SnapshotServicePrincipal } from '../../snapshot/schema.js';
import type { RetrySettings } from '../http/retry-decision.js';
import type { GraphApi } from './client.js';
import { batchGet, stepError } from './batch.js';
import { listAllPages } from './paging.js';
import { SERVICE_PRINCIPAL_FIELDS, servicePrincipalFromWire } from './wire-mapping.js';

function mapAll(raw: readonly unknown[]): SnapshotServicePrincipal[] {
  return raw.map(servicePrincipalFromWire).filter((sp): sp is SnapshotServicePrincipal => sp !== undefined);
}

export async function listManagedIdentityServicePrincipals(api: GraphApi): Promise<SnapshotServicePrincipal[]> {
  return mapAll(await listAllPages(api, `/servicePrincipals?$filter=servicePrincipalType eq 'ManagedIdentity'&$select=${SERVICE_PRINCIPAL_FIELDS}`));
}

/** GET each URL in batches; 404 means "none" (an app without an SP, a deleted resource SP). */
async function getEach(api: GraphApi, urls: readonly string[], retry: RetrySettings): Promise<SnapshotServicePrincipal[]> {
  const results = await batchGet(api, urls.map((url) => ({ key: url, url })), { retry });
  const found: unknown[] = [];
  for (const url of urls) {
    const result = results.get(url);
    if (result === undefined || result.status === 404) continue;
    if (result.status < 200 || result.status >= 300) throw stepError(result, url);
    found.push(result.body);
  }
  return mapAll(found);
}

export function getServicePrincipalsByAppId(api: GraphApi, appIds: readonly string[], retry: RetrySettings): Promise<SnapshotServicePrincipal[]> {
  return getEach(api, appIds.map((appId) => `/servicePrincipals(appId='${encodeURIComponent(appId)}')?$select=${SERVICE_PRINCIPAL_FIELDS}`), retry);
}

export function getServicePrincipalsById(api: GraphApi, ids: readonly string[], retry: RetrySettings): Promise<SnapshotServicePrincipal[]> {
  return getEach(api, ids.map((id) => `/servicePrincipals/${encodeURIComponent(id)}?$select=${SERVICE_PRINCIPAL_FIELDS}`), retry);
}
