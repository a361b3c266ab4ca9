/**
 * Azure role assignments. Listing at a subscription returns those at, below and above it, i.e. including the ones
 * inherited from management groups and the root. Listing at a management group with `atScope()` adds the ones
 * at (and above) groups that have no subscription in scope
 * (https://learn.microsoft.com/rest/api/authorization/role-assignments/list-for-scope).
 */
import type { SnapshotRoleAssignment } from '../../snapshot/schema.js';
import { listMapped } from '../http/pager.js';
import type { ServiceHttp } from '../http/service-http.js';
import type { Intern } from '../../core/intern.js';
import { API, armUrl } from './api-versions.js';
import { roleAssignmentFromWire } from './wire-mapping.js';

/** Mapped page by page; `intern` shares the strings that repeat across assignments (role, scope, principal). */
export function listSubscriptionRoleAssignments(arm: ServiceHttp, subscriptionId: string, intern: Intern): Promise<SnapshotRoleAssignment[]> {
  return listMapped(arm, armUrl(`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleAssignments`, API.authorization), (raw) =>
    roleAssignmentFromWire(raw, intern),
  );
}

export function listManagementGroupRoleAssignments(arm: ServiceHttp, groupId: string, intern: Intern): Promise<SnapshotRoleAssignment[]> {
  const scope = `/${groupId.replace(/^\/+/, '')}`;
  return listMapped(arm, armUrl(`${scope}/providers/Microsoft.Authorization/roleAssignments?$filter=${encodeURIComponent('atScope()')}`, API.authorization), (raw) =>
    roleAssignmentFromWire(raw, intern),
  );
}
