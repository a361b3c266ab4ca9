/**
 * Resolves principal ids: those already listed (every service principal) directly, the rest with
 * `directoryObjects/getByIds` (a read-only POST, up to 1000 ids per call, calls in parallel under the HTTP gate's
 * bound; https://learn.microsoft.com/graph/api/directoryobject-getbyids).
 * Ids Graph does not return are deleted principals: unresolvedPrincipalIds (rules ORPH-001).
 */
import type { SnapshotDirectoryObject } from '../../snapshot/schema.js';
import { arrayAt } from '../json.js';
import type { GraphApi } from './client.js';
import { directoryObjectFromWire } from './wire-mapping.js';

const IDS_PER_CALL = 1000;

export interface ResolvedPrincipals {
  readonly found: SnapshotDirectoryObject[];
  readonly unresolved: string[];
}

/** `known`: directory objects already read, by lowercased id. */
export async function resolvePrincipals(api: GraphApi, ids: readonly string[], known: ReadonlyMap<string, SnapshotDirectoryObject>): Promise<ResolvedPrincipals> {
  const unique = [...new Map(ids.map((id) => [id.toLowerCase(), id])).values()];
  const found = unique.map((id) => known.get(id.toLowerCase())).filter((object): object is SnapshotDirectoryObject => object !== undefined);
  const unknown = unique.filter((id) => !known.has(id.toLowerCase()));
  const chunks: string[][] = [];
  for (let index = 0; index < unknown.length; index += IDS_PER_CALL) chunks.push(unknown.slice(index, index + IDS_PER_CALL));
  const responses = await Promise.all(chunks.map((chunk) => api.post('/directoryObjects/getByIds', { ids: chunk, types: ['user', 'group', 'servicePrincipal', 'device'] })));
  for (const response of responses) {
    for (const item of arrayAt(response, 'value')) {
      const object = directoryObjectFromWire(item);
      if (object !== undefined) found.push(object);
    }
  }
  const foundIds = new Set(found.map((object) => object.id.toLowerCase()));
  return { found, unresolved: unique.filter((id) => !foundIds.has(id.toLowerCase())) };
}
