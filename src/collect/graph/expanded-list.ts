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
import { listMapped } from '../http/pager.js';
import { batchGet, stepError } from './batch.js';
import { versioned, type GraphApi, type GraphVersion } from './client.js';

export const EXPAND_CAP = 20;

export interface ExpandedObject<T, R> {
  /** The listed object, mapped from what Graph sent (`$select`ed fields). */
  readonly value: T;
  /** Every item of the relationship, mapped (undefined ones dropped). */
  readonly related: readonly R[];
}

export interface ExpansionMapping<T, R> {
  /** A listed object → its typed value; undefined drops it (no follow-up read either). */
  readonly item: (raw: unknown) => T | undefined;
  readonly related: (raw: unknown) => R | undefined;
}

/**
 * `collection` is e.g. `/applications`, `query` the rest (`$select=…`, no `$top`/`$expand`). Returns one entry per
 * listed object, keyed by its id. Each object is mapped as its page arrives, so the wire JSON of a 35,000-object list
 * is never held whole. An object deleted between the list and the follow-up read (404) keeps what the list returned.
 * Throws the first failed follow-up read (a coverage gap for the caller).
 */
export async function listWithExpansion<T, R>(
  api: GraphApi,
  collection: string,
  query: string,
  relationship: string,
  options: { readonly version: GraphVersion; readonly retry: RetrySettings },
  mapping: ExpansionMapping<T, R>,
): Promise<Map<string, ExpandedObject<T, R>>> {
  const mapRelated = (items: readonly unknown[]): R[] => items.flatMap((raw) => mapping.related(raw) ?? []);
  const objects = new Map<string, ExpandedObject<T, R>>();
  const truncated: string[] = [];
  await listMapped(api.http, versioned(`${collection}?$top=${MAX_PAGE_SIZE}&${query}&$expand=${relationship}`, options.version), (raw) => {
    const id = stringAt(raw, 'id');
    if (id === undefined || objects.has(id)) return undefined;
    const value = mapping.item(raw);
    if (value === undefined) return undefined;
    const related = arrayAt(raw, relationship);
    if (related.length >= EXPAND_CAP) truncated.push(id);
    objects.set(id, { value, related: mapRelated(related) });
    return undefined;
  });
  const url = (id: string): string => `${collection}/${encodeURIComponent(id)}/${relationship}?$top=${MAX_PAGE_SIZE}`;
  const results = await batchGet(api, truncated.map((id) => ({ key: id, url: url(id) })), options);
  for (const id of truncated) {
    const result = results.get(id);
    const known = objects.get(id);
    if (result === undefined || known === undefined || result.status === 404) continue;
    if (result.status < 200 || result.status >= 300) throw stepError(result, url(id));
    objects.set(id, { value: known.value, related: mapRelated(result.items) });
  }
  return objects;
}

/** Graph directory lists serve at most 999 items per page (https://learn.microsoft.com/graph/paging). */
export const MAX_PAGE_SIZE = 999;
