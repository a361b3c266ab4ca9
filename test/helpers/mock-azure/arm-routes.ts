/**
 * ARM, Resource Graph routes of the mock, served from a Snapshot. Scoping follows ARM: a subscription's role
 * assignment list includes those inherited from its management groups and the root; `atScope()` at a group returns
 * those at the group and above.
 */
import type { Snapshot, SnapshotResource, SnapshotRoleAssignment, SnapshotUserAssignedIdentity } from '../../../src/snapshot/schema.js';
import {
  ficWire,
  identityWireObject,
  managementGroupListWire,
  managementGroupWire,
  policyAssignmentWire,
  policyAssignmentWithoutIdentityWire,
  resourceGetWire,
  resourceGraphRow,
  resourceListWire,
  roleAssignmentWire,
  roleDefinitionWire,
  subscriptionWire,
} from './arm-wire.js';
import { ficsOf, indexesOf, memoList } from './indexes.js';
import { errorBody, pageOf, type MockRequest, type MockResponse } from './types.js';

export interface ArmRouteOptions {
  readonly origin: string;
  /** ARM list pages (real ARM: 1000 for most lists); Resource Graph rows per page (real: at most 1000). */
  readonly pageSize: number;
  readonly resourceGraphPageSize: number;
  readonly forbiddenSubscriptions: ReadonlySet<string>;
  /** Like the real service: Resource Graph leaves forbidden subscriptions out of its answer instead of failing. */
  readonly resourceGraphOmitsForbidden?: boolean;
  /** The per-user quota headers of a query answer. */
  readonly resourceGraphQuota: { readonly remaining: number; readonly resetsAfter: string };
}

const lower = (value: string): string => value.toLowerCase();
const notFound = (code = 'ResourceNotFound'): MockResponse => ({ status: 404, body: errorBody(code, 'The resource was not found.') });

function ancestorsOfGroup(snapshot: Snapshot, groupId: string | null | undefined): string[] {
  const chain: string[] = [];
  let current = groupId ?? null;
  while (current !== null && !chain.includes(lower(current))) {
    chain.push(lower(current));
    const group = snapshot.managementGroups.find((candidate) => lower(candidate.id) === lower(current ?? ''));
    current = group?.parentId ?? null;
  }
  return chain;
}

function subscriptionAncestors(snapshot: Snapshot, subscriptionId: string): string[] {
  const subscription = snapshot.subscriptions.find((candidate) => lower(candidate.subscriptionId) === lower(subscriptionId));
  return [...ancestorsOfGroup(snapshot, subscription?.managementGroupId), '/'];
}

function isWithin(scope: string, parent: string): boolean {
  const a = lower(scope);
  const b = lower(parent);
  return a === b || a.startsWith(`${b}/`);
}

function policyAssignments(snapshot: Snapshot): NonNullable<Snapshot['policyAssignments']> {
  return snapshot.policyAssignments ?? [];
}

function allInventory(snapshot: Snapshot): (SnapshotResource | SnapshotUserAssignedIdentity)[] {
  return [...snapshot.resources, ...snapshot.userAssignedIdentities];
}

export function armRoute(snapshot: Snapshot, request: MockRequest, options: ArmRouteOptions): MockResponse {
  const path = request.url.pathname.replace(/\/{2,}/g, '/').replace(/\/$/, '');
  const lowerPath = lower(path);
  // The full list is computed on the first page and reused for the next ones (the key drops the page token).
  const listKey = `arm ${lowerPath}`;
  const page = (items: () => readonly unknown[]): MockResponse => ({
    status: 200,
    body: pageOf(memoList(snapshot, listKey, items), request, options.origin, options.pageSize, 'nextLink'),
  });

  const subscriptionMatch = /^\/subscriptions\/([^/]+)/i.exec(path);
  if (subscriptionMatch?.[1] !== undefined && options.forbiddenSubscriptions.has(lower(subscriptionMatch[1]))) {
    return {
      status: 403,
      body: errorBody('AuthorizationFailed', `The client does not have authorization to perform action over scope '/subscriptions/${subscriptionMatch[1]}'.`),
    };
  }

  if (request.method === 'POST' && lowerPath === '/providers/microsoft.resourcegraph/resources') return resourceGraph(snapshot, request, options);
  if (request.method !== 'GET') return { status: 405, body: errorBody('MethodNotAllowed', 'The mock only serves reads.') };

  if (lowerPath === '/subscriptions') return page(() => snapshot.subscriptions.map((subscription) => subscriptionWire(snapshot, subscription)));
  if (lowerPath === '/providers/microsoft.management/managementgroups') return page(() => snapshot.managementGroups.map((group) => managementGroupListWire(snapshot, group)));

  const groupAssignments = /^(\/providers\/microsoft\.management\/managementgroups\/[^/]+)\/providers\/microsoft\.authorization\/roleassignments$/i.exec(path);
  if (groupAssignments?.[1] !== undefined) {
    const chain = [...ancestorsOfGroup(snapshot, groupAssignments[1]), '/'];
    return page(() => snapshot.roleAssignments.filter((assignment) => chain.includes(lower(assignment.scope))).map(roleAssignmentWire));
  }
  const groupPolicies = /^(\/providers\/microsoft\.management\/managementgroups\/[^/]+)\/providers\/microsoft\.authorization\/policyassignments$/i.exec(path);
  if (groupPolicies?.[1] !== undefined) {
    // Only the documented form: $filter=atScope() returns those at the group and its ancestors.
    if (request.url.searchParams.get('$filter') !== 'atScope()') return { status: 400, body: errorBody('InvalidFilter', 'The mock serves only $filter=atScope() at management groups.') };
    const chain = [...ancestorsOfGroup(snapshot, groupPolicies[1]), '/'];
    return page(() => policyAssignments(snapshot).filter((assignment) => chain.includes(lower(assignment.scope))).map(policyAssignmentWire));
  }
  const group = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)$/i.exec(path);
  if (group?.[1] !== undefined) {
    const found = snapshot.managementGroups.find((candidate) => lower(candidate.name) === lower(group[1] ?? ''));
    return found === undefined ? notFound() : { status: 200, body: managementGroupWire(snapshot, found) };
  }
  const definitionById = /\/providers\/microsoft\.authorization\/roledefinitions\/([^/]+)$/i.exec(path);
  if (definitionById?.[1] !== undefined) {
    const found = snapshot.roleDefinitions.find((definition) => lower(definition.name) === lower(definitionById[1] ?? ''));
    return found === undefined ? notFound('RoleDefinitionDoesNotExist') : { status: 200, body: roleDefinitionWire(found) };
  }

  const subscriptionId = subscriptionMatch?.[1];
  if (subscriptionId === undefined) return notFound('InvalidResourceType');
  const subscriptionScope = `/subscriptions/${lower(subscriptionId)}`;
  const rest = lower(path.slice(subscriptionMatch?.[0].length ?? 0));

  if (rest === '/resources') {
    return page(() => allInventory(snapshot).filter((item) => lower(item.subscriptionId) === lower(subscriptionId)).map((item) => ('clientId' in item ? resourceListWire({ ...item, type: 'Microsoft.ManagedIdentity/userAssignedIdentities' }) : resourceListWire(item))));
  }
  if (rest === '/providers/microsoft.managedidentity/userassignedidentities') {
    return page(() => snapshot.userAssignedIdentities.filter((identity) => lower(identity.subscriptionId) === lower(subscriptionId)).map(identityWireObject));
  }
  if (rest === '/providers/microsoft.authorization/roledefinitions') {
    const ancestors = [subscriptionScope, ...subscriptionAncestors(snapshot, subscriptionId)];
    const visible = () => snapshot.roleDefinitions.filter((definition) =>
      definition.assignableScopes.some((scope) => ancestors.includes(lower(scope)) || isWithin(scope, subscriptionScope)),
    );
    return page(() => visible().map(roleDefinitionWire));
  }
  if (rest === '/providers/microsoft.authorization/roleassignments') {
    const ancestors = subscriptionAncestors(snapshot, subscriptionId);
    // From the indexes (a scan of 100,000 assignments per subscription made the mock, not the collector, the
    // bottleneck of the live bench): at or below the subscription, then inherited from above it.
    const visible = (): SnapshotRoleAssignment[] => {
      const indexes = indexesOf(snapshot);
      const inherited = ancestors.flatMap((scope) => indexes.assignmentsByOtherScope.get(scope) ?? []);
      return [...(indexes.assignmentsBySubscription.get(lower(subscriptionId)) ?? []), ...inherited];
    };
    return page(() => visible().map(roleAssignmentWire));
  }
  if (rest === '/providers/microsoft.authorization/policyassignments') {
    // No $filter: at the subscription, inherited from its groups and the root, and at its resource groups and resources.
    const ancestors = subscriptionAncestors(snapshot, subscriptionId);
    const visible = policyAssignments(snapshot).filter((assignment) => isWithin(assignment.scope, subscriptionScope) || ancestors.includes(lower(assignment.scope)));
    return page(() => [...visible.map(policyAssignmentWire), policyAssignmentWithoutIdentityWire(`/subscriptions/${subscriptionId}`)]);
  }
  const fics = /^(.*\/providers\/microsoft\.managedidentity\/userassignedidentities\/[^/]+)\/federatedidentitycredentials$/i.exec(path);
  if (fics?.[1] !== undefined) {
    const owner = indexesOf(snapshot).identityById.get(lower(fics[1] ?? ''));
    if (owner === undefined) return notFound();
    return page(() => ficsOf(snapshot, 'userAssignedIdentity', owner.id).map(ficWire));
  }
  const identity = indexesOf(snapshot).identityById.get(lowerPath);
  if (identity !== undefined) return { status: 200, body: identityWireObject(identity) };
  const resource = indexesOf(snapshot).resourceById.get(lowerPath);
  if (resource !== undefined) return { status: 200, body: resourceGetWire(resource) };
  return notFound();
}

/** The one KQL filter the mock understands: `where type =~ 'T'` (only T) and `where type !~ 'T'` (all but T). */
function typeFilterOf(query: string): (type: string) => boolean {
  const only = /\|\s*where\s+type\s+=~\s+'([^']+)'/i.exec(query)?.[1];
  const except = /\|\s*where\s+type\s+!~\s+'([^']+)'/i.exec(query)?.[1];
  return (type) => (only === undefined || type === lower(only)) && (except === undefined || type !== lower(except));
}

/**
 * POST /providers/Microsoft.ResourceGraph/resources. The mock does not run KQL: a `resources` query returns every
 * resource row of the subscriptions asked, narrowed only by a leading type filter (typeFilterOf).
 */
function resourceGraph(snapshot: Snapshot, request: MockRequest, options: ArmRouteOptions): MockResponse {
  const body = (request.body ?? {}) as { subscriptions?: string[]; query?: string; options?: { $skipToken?: string; $top?: number } };
  const asked = (body.subscriptions ?? []).map(lower);
  const subscriptions = options.resourceGraphOmitsForbidden === true ? asked.filter((id) => !options.forbiddenSubscriptions.has(id)) : asked;
  const forbidden = subscriptions.find((id) => options.forbiddenSubscriptions.has(id));
  if (forbidden !== undefined) {
    return { status: 403, body: errorBody('AuthorizationFailed', `The client does not have authorization over subscription '${forbidden}'.`) };
  }
  if (!/^\s*resources\b/i.test(body.query ?? '')) return { status: 400, body: errorBody('BadRequest', 'The mock only understands queries of the resources table.') };
  const typeFilter = typeFilterOf(body.query ?? '');
  const rows = memoList(snapshot, `arg ${body.query ?? ''} ${subscriptions.join(',')}`, () => {
    const wanted = new Set(subscriptions);
    return indexesOf(snapshot)
      .inventoryById.filter((entry) => wanted.has(entry.subscriptionId) && typeFilter(entry.type))
      .map((entry) => resourceGraphRow(entry.item));
  });
  const offset = body.options?.$skipToken === undefined ? 0 : Number(Buffer.from(body.options.$skipToken, 'base64').toString('utf8'));
  const top = Math.min(body.options?.$top ?? options.resourceGraphPageSize, options.resourceGraphPageSize);
  const data = rows.slice(offset, offset + top);
  const more = offset + top < rows.length;
  return {
    status: 200,
    headers: { 'x-ms-user-quota-remaining': String(options.resourceGraphQuota.remaining), 'x-ms-user-quota-resets-after': options.resourceGraphQuota.resetsAfter },
    body: {
      totalRecords: rows.length,
      count: data.length,
      resultTruncated: 'false',
      facets: [],
      ...(more ? { $skipToken: Buffer.from(String(offset + top)).toString('base64') } : {}),
      data,
    },
  };
}
