/**
 * The one pager: every page of an ARM or Graph list, following the absolute next link until there is none
 * (ARM `nextLink`: https://learn.microsoft.com/rest/api/azure/#async-operations-throttling-and-paging; Graph
 * `@odata.nextLink`: https://learn.microsoft.com/graph/paging). "List all pages of URL X" is one call.
 */
import { InternalError } from '../../core/errors.js';
import { arrayAt, stringAt } from '../json.js';
import type { ServiceHttp } from './service-http.js';

const MAX_PAGES = 100_000;

function nextKeyOf(http: Pick<ServiceHttp, 'service'>): string {
  return http.service === 'arm' ? 'nextLink' : '@odata.nextLink';
}

/** Every item of the list at `url` (a path on the service's origin, or absolute). */
export async function listAll(http: ServiceHttp, url: string): Promise<unknown[]> {
  return listMapped(http, url, (item) => item);
}

/**
 * Every item of the list at `url`, each mapped by `map` as its page arrives (undefined drops it): a raw page lives
 * only until it is mapped, so a 100,000-item list never holds its wire JSON whole.
 */
export async function listMapped<T>(http: ServiceHttp, url: string, map: (item: unknown) => T | undefined): Promise<T[]> {
  const mapped: T[] = [];
  const keep = (page: unknown): void => {
    for (const item of arrayAt(page, 'value')) {
      const value = map(item);
      if (value !== undefined) mapped.push(value);
    }
  };
  const first = await http.get(url);
  keep(first);
  await eachNextPage(http, first, keep);
  return mapped;
}

/** The items of the pages after `page`, which was already read (also used for Graph `$batch` step bodies). */
export async function followNextLinks(http: ServiceHttp, page: unknown): Promise<unknown[]> {
  const items: unknown[] = [];
  await eachNextPage(http, page, (next) => items.push(...arrayAt(next, 'value')));
  return items;
}

/** Hands each page after `page` to `onPage`, following the next link until there is none. */
async function eachNextPage(http: ServiceHttp, page: unknown, onPage: (page: unknown) => void): Promise<void> {
  const key = nextKeyOf(http);
  let nextLink = stringAt(page, key);
  for (let count = 0; nextLink !== undefined && nextLink !== ''; count += 1) {
    if (count >= MAX_PAGES) throw new InternalError(`paging of ${http.service} did not end`);
    const next = await http.get(nextLink);
    onPage(next);
    nextLink = stringAt(next, key);
  }
}
