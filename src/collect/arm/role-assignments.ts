/**
 * Azure role assignments. Listing at a subscription returns those at, below and above it, i.e. including the ones
 * inherited from management groups and the root. Listing at a management group with `atScope()` adds the ones
 * at (and above) groups that have no subscription in scope
 * (https://learn.microsoft.com/rest/api/authorization/role-assignments/list-for-scope).
 */
import type { SnapshotRoleAssignment } from '../../snapshot/schema.js';
import { listAll } from '../http/pager.js';
import type { ServiceHttp } from '../http/service-http.js';
import { API, armUrl } from './api-versions.js';
import { roleAssignmentFromWire } from './wire-mapping.js';

function mapAll(raw: readonly unknown[]): SnapshotRoleAssignment[] {
  return raw.map(roleAssignmentFromWire).filter((assignment): assignment is SnapshotRoleAssignment => assignment !== undefined);
}

export async function listSubscriptionRoleAssignments(arm: ServiceHttp, subscriptionId: string): Promise<SnapshotRoleAssignment[]> {
  return mapAll(await listAll(arm, armUrl(`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleAssignments`, API.authorization)));
}

export async function listManagementGroupRoleAssignments(arm: ServiceHttp, groupId: string): Promise<SnapshotRoleAssignment[]> {
  const scope = `/${groupId.replace(/^\/+/, '')}`;
  return mapAll(await listAll(arm, armUrl(`${scope}/providers/Microsoft.Authorization/roleAssignments?$filter=${encodeURIComponent('atScope()')}`, API.authorization)));
}
