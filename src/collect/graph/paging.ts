/** Every page of a Graph collection, through the one pager (http/pager.ts). */
import { followNextLinks as followPages, listAll } from '../http/pager.js';
import { versioned, type GraphApi, type GraphVersion } from './client.js';

export function listAllPages(api: GraphApi, path: string, version: GraphVersion = 'v1.0'): Promise<unknown[]> {
  return listAll(api.http, versioned(path, version));
}

/** The items of the pages after `page`, which was already read (a `$batch` step body). */
export function followNextLinks(api: GraphApi, page: unknown): Promise<unknown[]> {
  return followPages(api.http, page);
}
