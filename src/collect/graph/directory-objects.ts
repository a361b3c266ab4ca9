/**
 * Resolves principal ids with `directoryObjects/getByIds` (a read-only POST, up to 1000 ids per call).
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

export async function resolvePrincipals(api: GraphApi, ids: readonly string[]): Promise<ResolvedPrincipals> {
  const unique = [...new Map(ids.map((id) => [id.toLowerCase(), id])).values()];
  const found: SnapshotDirectoryObject[] = [];
  for (let index = 0; index < unique.length; index += IDS_PER_CALL) {
    const chunk = unique.slice(index, index + IDS_PER_CALL);
    const response = await api.post('/directoryObjects/getByIds', { ids: chunk, types: ['user', 'group', 'servicePrincipal', 'device'] });
    for (const item of arrayAt(response, 'value')) {
      const object = directoryObjectFromWire(item);
      if (object !== undefined) found.push(object);
    }
  }
  const foundIds = new Set(found.map((object) => object.id.toLowerCase()));
  return { found, unresolved: unique.filter((id) => !foundIds.has(id.toLowerCase())) };
}
