/**
 * Azure Policy assignments that carry a managed identity (DeployIfNotExists and Modify need one), read with the
 * ARM list operations at every subscription and management group in scope:
 *   GET /subscriptions/{id}/providers/Microsoft.Authorization/policyAssignments           (no $filter: at, above and below the subscription)
 *   GET /providers/Microsoft.Management/managementGroups/{id}/providers/Microsoft.Authorization/policyAssignments?$filter=atScope()
 * Body `{value: [...], nextLink?}` with absolute nextLinks; `identity` is SystemAssigned (principalId) or one
 * UserAssigned entry. https://learn.microsoft.com/rest/api/policy/policy-assignments/list and
 * https://learn.microsoft.com/rest/api/policy/policy-assignments/list-for-management-group.
 *
 * Read through the ARM service stack (src/collect/http/service-http.ts: read-only gate, own-origin token, retry) and
 * the one pager, like every other ARM list.
 */
import type { SnapshotPolicyAssignment } from '../../snapshot/schema.js';
import type { CoverageRecorder } from '../coverage.js';
import { mapBounded } from '../http/limiter.js';
import { listMapped } from '../http/pager.js';
import type { ServiceHttp } from '../http/service-http.js';
import { objectAt, optional, stringAt } from '../json.js';
import { uniqueBy } from '../unique.js';
import { armUrl } from './api-versions.js';
import { identityBlockFromWire } from './wire-mapping.js';

/** 2023-04-01 is stable in every cloud and has the identity and scope fields read here. */
export const POLICY_ASSIGNMENTS_API_VERSION = '2023-04-01';

/** Every assignment that applies to the subscription or to anything in it, plus those inherited from its groups. */
export async function listSubscriptionPolicyAssignments(arm: ServiceHttp, subscriptionId: string): Promise<SnapshotPolicyAssignment[]> {
  return listAt(arm, `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/policyAssignments`);
}

/** Assignments at the management group and its ancestors (`atScope()`), for groups with no subscription in scope too. */
export async function listManagementGroupPolicyAssignments(arm: ServiceHttp, groupId: string): Promise<SnapshotPolicyAssignment[]> {
  // Spelled as the generated SDKs send it: `$filter` literal, the value URI-encoded (`atScope()` stays readable).
  return listAt(arm, `/${groupId.replace(/^\/+/, '')}/providers/Microsoft.Authorization/policyAssignments?$filter=${encodeURIComponent('atScope()')}`);
}

function listAt(arm: ServiceHttp, pathAndQuery: string): Promise<SnapshotPolicyAssignment[]> {
  return listMapped(arm, armUrl(pathAndQuery, POLICY_ASSIGNMENTS_API_VERSION), policyAssignmentFromWire);
}

/** One list item → snapshot shape; undefined for assignments without a managed identity (nothing to audit). */
export function policyAssignmentFromWire(raw: unknown): SnapshotPolicyAssignment | undefined {
  const id = stringAt(raw, 'id');
  const name = stringAt(raw, 'name');
  const identity = identityBlockFromWire(raw);
  if (id === undefined || name === undefined || identity === undefined) return undefined;
  const properties = objectAt(raw, 'properties');
  // `properties.scope` is read-only and always present on the wire; the id's prefix is the same scope.
  const scope = stringAt(properties, 'scope') ?? id.replace(/\/providers\/Microsoft\.Authorization\/policyAssignments\/[^/]+$/i, '');
  return {
    id,
    name,
    ...optional('displayName', stringAt(properties, 'displayName')),
    scope: scope === '' ? '/' : scope,
    ...optional('policyDefinitionId', stringAt(properties, 'policyDefinitionId')),
    ...optional('enforcementMode', stringAt(properties, 'enforcementMode')),
    ...optional('location', stringAt(raw, 'location')),
    identity,
  };
}

/**
 * Reads the policy assignments of every subscription and management group in scope, each under the coverage
 * recorder, and keeps one copy of each assignment (inherited ones repeat). A refused or failed list is a
 * `policyAssignments` gap at that scope (subscription or management-group id); an authentication failure is
 * rethrown by the recorder (AuthError, exit 4).
 */
export async function collectPolicyAssignments(
  arm: ServiceHttp,
  coverage: CoverageRecorder,
  subscriptionIds: readonly string[],
  groupIds: readonly string[],
  concurrency: number,
): Promise<SnapshotPolicyAssignment[]> {
  const lists = await Promise.all([
    mapBounded(subscriptionIds, concurrency, (id) => coverage.attempt('policyAssignments', `/subscriptions/${id}`, () => listSubscriptionPolicyAssignments(arm, id))),
    mapBounded(groupIds, concurrency, (id) => coverage.attempt('policyAssignments', id, () => listManagementGroupPolicyAssignments(arm, id))),
  ]);
  return uniqueBy(lists.flat().flatMap((list) => list ?? []), (assignment) => assignment.id.toLowerCase());
}

