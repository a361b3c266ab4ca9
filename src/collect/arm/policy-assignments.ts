/**
 * Azure Policy assignments that carry a managed identity (DeployIfNotExists and Modify need one), read with the
 * ARM list operations at every subscription and management group in scope:
 *   GET /subscriptions/{id}/providers/Microsoft.Authorization/policyAssignments           (no $filter: at, above and below the subscription)
 *   GET /providers/Microsoft.Management/managementGroups/{id}/providers/Microsoft.Authorization/policyAssignments?$filter=atScope()
 * Body `{value: [...], nextLink?}` with absolute nextLinks; `identity` is SystemAssigned (principalId) or one
 * UserAssigned entry. https://learn.microsoft.com/rest/api/policy/policy-assignments/list and
 * https://learn.microsoft.com/rest/api/policy/policy-assignments/list-for-management-group.
 *
 * The installed ARM SDKs have no policy client, so the requests are plain GET operations sent through a hardened
 * ResourceManagementClient (`sendOperationRequest`): its endpoint, token, HTTP gate (read-only, own origin) and retry
 * policy, like every other ARM list. A non-2xx answer is the SDK's RestError, so coverage records it as usual.
 */
import type { OperationSpec } from '@azure/core-client';

import { InternalError } from '../../core/errors.js';
import type { SnapshotPolicyAssignment } from '../../snapshot/schema.js';
import type { CoverageRecorder } from '../coverage.js';
import { mapBounded } from '../http/limiter.js';
import { arrayAt, objectAt, optional, parseJson, stringAt } from '../json.js';
import { uniqueBy } from '../unique.js';
import type { ArmClients } from './clients.js';
import { identityBlockFromWire } from './wire-mapping.js';

/** 2023-04-01 is stable in every cloud and has the identity and scope fields read here. */
export const POLICY_ASSIGNMENTS_API_VERSION = '2023-04-01';
const MAX_PAGES = 10_000;

/** Every assignment that applies to the subscription or to anything in it, plus those inherited from its groups. */
export async function listSubscriptionPolicyAssignments(clients: ArmClients, subscriptionId: string): Promise<SnapshotPolicyAssignment[]> {
  return listAt(clients, subscriptionId, `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Authorization/policyAssignments`, undefined);
}

/** Assignments at the management group and its ancestors (`atScope()`), for groups with no subscription in scope too. */
export async function listManagementGroupPolicyAssignments(clients: ArmClients, anySubscriptionId: string, groupId: string): Promise<SnapshotPolicyAssignment[]> {
  const path = `/${groupId.replace(/^\/+/, '')}/providers/Microsoft.Authorization/policyAssignments`;
  return listAt(clients, anySubscriptionId, path, 'atScope()');
}

async function listAt(clients: ArmClients, subscriptionId: string, path: string, filter: string | undefined): Promise<SnapshotPolicyAssignment[]> {
  const client = await clients.resources(subscriptionId);
  const { createSerializer } = await import('@azure/core-client');
  // `{url}` is a path relative to the client's own endpoint for the first page and the absolute nextLink after it,
  // the way the generated `*Next` operations page (core-client uses an absolute URL as is).
  const spec: OperationSpec = {
    path: '{url}',
    httpMethod: 'GET',
    responses: { 200: {}, default: {} },
    urlParameters: [{ parameterPath: 'url', mapper: { serializedName: 'url', required: true, type: { name: 'String' } }, skipEncoding: true }],
    serializer: createSerializer({}, false),
  };
  // Spelled as the generated SDKs send it: `$filter` literal, the value URI-encoded (`atScope()` stays readable).
  const query = `api-version=${POLICY_ASSIGNMENTS_API_VERSION}${filter === undefined ? '' : `&$filter=${encodeURIComponent(filter)}`}`;
  const items: SnapshotPolicyAssignment[] = [];
  let url: string | undefined = `${path}?${query}`;
  for (let page = 0; page < MAX_PAGES && url !== undefined; page += 1) {
    let body: unknown;
    await client.sendOperationRequest(
      {
        url,
        options: {
          onResponse: (raw) => {
            if (raw.status >= 200 && raw.status < 300) body = parseJson(raw.bodyAsText);
          },
        },
      },
      spec,
    );
    if (body === undefined) throw new InternalError('a policy assignment page arrived without its raw body');
    for (const raw of arrayAt(body, 'value')) {
      const mapped = policyAssignmentFromWire(raw);
      if (mapped !== undefined) items.push(mapped);
    }
    const next = stringAt(body, 'nextLink');
    url = next === undefined || next === '' ? undefined : next;
  }
  if (url !== undefined) throw new InternalError('policy assignment paging did not end');
  return items;
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
  clients: ArmClients,
  coverage: CoverageRecorder,
  subscriptionIds: readonly string[],
  groupIds: readonly string[],
  concurrency: number,
): Promise<SnapshotPolicyAssignment[]> {
  const anySubscription = subscriptionIds[0] ?? NO_SUBSCRIPTION;
  const lists = await Promise.all([
    mapBounded(subscriptionIds, concurrency, (id) => coverage.attempt('policyAssignments', `/subscriptions/${id}`, () => listSubscriptionPolicyAssignments(clients, id))),
    mapBounded(groupIds, concurrency, (id) => coverage.attempt('policyAssignments', id, () => listManagementGroupPolicyAssignments(clients, anySubscription, id))),
  ]);
  return uniqueBy(lists.flat().flatMap((list) => list ?? []), (assignment) => assignment.id.toLowerCase());
}

/** The list URLs do not depend on the client's subscription; a placeholder serves when none is in scope. */
const NO_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
