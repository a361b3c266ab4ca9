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
  const first = await http.get(url);
  return [...arrayAt(first, 'value'), ...(await followNextLinks(http, first))];
}

/** The items of the pages after `page`, which was already read (also used for Graph `$batch` step bodies). */
export async function followNextLinks(http: ServiceHttp, page: unknown): Promise<unknown[]> {
  const key = nextKeyOf(http);
  const items: unknown[] = [];
  let nextLink = stringAt(page, key);
  for (let count = 0; nextLink !== undefined && nextLink !== ''; count += 1) {
    if (count >= MAX_PAGES) throw new InternalError(`paging of ${http.service} did not end`);
    const next = await http.get(nextLink);
    items.push(...arrayAt(next, 'value'));
    nextLink = stringAt(next, key);
  }
  return items;
}
