/** Every page of a Graph collection: follow the whole @odata.nextLink until there is none (NOTES.md §4 Paging). */
import { InternalError } from '../../core/errors.js';
import { arrayAt, stringAt } from '../json.js';
import type { GraphApi, GraphVersion } from './client.js';

const MAX_PAGES = 100_000;

export async function listAllPages(api: GraphApi, path: string, version: GraphVersion = 'v1.0'): Promise<unknown[]> {
  const first = await api.get(path, version);
  return [...arrayAt(first, 'value'), ...(await followNextLinks(api, first))];
}

/** The items of the pages after `page`, which was already read (also used for $batch step bodies). */
export async function followNextLinks(api: GraphApi, page: unknown): Promise<unknown[]> {
  const items: unknown[] = [];
  let nextLink = stringAt(page, '@odata.nextLink');
  for (let count = 0; nextLink !== undefined; count += 1) {
    if (count >= MAX_PAGES) throw new InternalError('Graph paging did not end');
    const next = await api.get(nextLink);
    items.push(...arrayAt(next, 'value'));
    nextLink = stringAt(next, '@odata.nextLink');
  }
  return items;
}
