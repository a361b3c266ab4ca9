/** Application permissions granted to service principals (`/servicePrincipals/{id}/appRoleAssignments`, batched, all pages). */
import type { SnapshotAppRoleAssignment } from '../../snapshot/schema.js';
import type { RetrySettings } from '../http/retry-decision.js';
import type { GraphApi } from './client.js';
import { batchGet, stepError } from './batch.js';
import { appRoleAssignmentFromWire } from './wire-mapping.js';

export async function readAppRoleAssignments(api: GraphApi, servicePrincipalIds: readonly string[], retry: RetrySettings): Promise<SnapshotAppRoleAssignment[]> {
  const url = (id: string): string => `/servicePrincipals/${id}/appRoleAssignments`;
  const results = await batchGet(api, servicePrincipalIds.map((id) => ({ key: id, url: url(id) })), { retry });
  const assignments: SnapshotAppRoleAssignment[] = [];
  for (const id of servicePrincipalIds) {
    const result = results.get(id);
    // 404: the SP disappeared between the list and this read; nothing is granted to it any more.
    if (result === undefined || result.status === 404) continue;
    if (result.status < 200 || result.status >= 300) throw stepError(result, url(id));
    for (const item of result.items) {
      const assignment = appRoleAssignmentFromWire(item);
      if (assignment !== undefined) assignments.push(assignment);
    }
  }
  return assignments;
}
