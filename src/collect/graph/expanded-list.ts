/**
 * A Graph list with one relationship expanded (`$expand`), made complete. Graph returns at most 20 items of an
 * expanded directory-object relationship and no nextLink for the rest (known issues, "Some limitations apply to query
 * parameters": https://learn.microsoft.com/graph/known-issues), so every object that came back with 20 or more is
 * read again through the relationship itself (`/{collection}/{id}/{relationship}`, batched, every page).
 * One expand per request: Graph documents that some APIs expand only one relationship at a time
 * (https://learn.microsoft.com/graph/query-parameters#expand).
 */
import type { RetrySettings } from '../http/retry-decision.js';
import { arrayAt, stringAt } from '../json.js';
import { batchGet, stepError } from './batch.js';
import type { GraphApi, GraphVersion } from './client.js';
import { listAllPages } from './paging.js';

export const EXPAND_CAP = 20;

export interface ExpandedObject {
  /** The listed object as Graph sent it (`$select`ed fields and the expanded relationship). */
  readonly item: unknown;
  /** Every item of the relationship. */
  readonly related: readonly unknown[];
}

/**
 * `collection` is e.g. `/applications`, `query` the rest (`$select=…`, no `$top`/`$expand`). Returns one entry per
 * listed object, keyed by its id. An object deleted between the list and the follow-up read (404) keeps what the
 * list returned. Throws the first failed follow-up read (a coverage gap for the caller).
 */
export async function listWithExpansion(
  api: GraphApi,
  collection: string,
  query: string,
  relationship: string,
  options: { readonly version: GraphVersion; readonly retry: RetrySettings },
): Promise<Map<string, ExpandedObject>> {
  const items = await listAllPages(api, `${collection}?$top=${MAX_PAGE_SIZE}&${query}&$expand=${relationship}`, options.version);
  const objects = new Map<string, ExpandedObject>();
  for (const item of items) {
    const id = stringAt(item, 'id');
    if (id !== undefined && !objects.has(id)) objects.set(id, { item, related: arrayAt(item, relationship) });
  }
  const truncated = [...objects].filter(([, object]) => object.related.length >= EXPAND_CAP).map(([id]) => id);
  const url = (id: string): string => `${collection}/${encodeURIComponent(id)}/${relationship}?$top=${MAX_PAGE_SIZE}`;
  const results = await batchGet(api, truncated.map((id) => ({ key: id, url: url(id) })), options);
  for (const id of truncated) {
    const result = results.get(id);
    const known = objects.get(id);
    if (result === undefined || known === undefined || result.status === 404) continue;
    if (result.status < 200 || result.status >= 300) throw stepError(result, url(id));
    objects.set(id, { item: known.item, related: result.items });
  }
  return objects;
}

/** Graph directory lists serve at most 999 items per page (https://learn.microsoft.com/graph/paging). */
export const MAX_PAGE_SIZE = 999;
