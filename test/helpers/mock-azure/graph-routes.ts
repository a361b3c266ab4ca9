/** Microsoft Graph routes of the mock (v1.0 and beta), served from a Snapshot, including JSON batching. */
import type { Snapshot } from '../../../src/snapshot/schema.js';
import {
  applicationFicWire,
  applicationWire,
  directoryObjectWire,
  directoryRoleDefinitionWire,
  servicePrincipalWire,
  signInActivityWire,
  type GraphVersion,
} from './graph-wire.js';
import { ficsOf, indexesOf, memoList } from './indexes.js';
import { pageOf, type InjectedFault, type MockRequest, type MockResponse } from './types.js';

export interface GraphRouteOptions {
  readonly origin: string;
  /** Items per page without `$top` (real Graph: 100 for directory objects). */
  readonly pageSize: number;
  /** The most items a page holds whatever `$top` asks (real Graph: 999); `$top` above 999 is a 400 as in Graph. */
  readonly maxPageSize: number;
  /** Paths (after the version) answered with 403 Authorization_RequestDenied, e.g. /^\/roleManagement\//. */
  readonly forbiddenAreas: readonly RegExp[];
  readonly takeFault: (service: 'graph', pathAndQuery: string) => InjectedFault | undefined;
}

const lower = (value: string): string => value.toLowerCase();

function graphError(status: number, code: string, message: string): MockResponse {
  return {
    status,
    body: { error: { code, message, innerError: { date: '2026-11-25T00:00:00', 'request-id': `mock-${status}-${code}`, 'client-request-id': 'mock' } } },
  };
}

export function graphRoute(snapshot: Snapshot, request: MockRequest, options: GraphRouteOptions): MockResponse {
  const match = /^\/(v1\.0|beta)(\/.*)$/.exec(request.url.pathname);
  if (match?.[1] === undefined || match[2] === undefined) return graphError(400, 'BadRequest', 'Invalid version segment.');
  const version = match[1] as GraphVersion;
  return route(snapshot, { method: request.method, path: match[2], url: request.url, body: request.body, version }, options);
}

interface GraphCall {
  readonly method: string;
  /** Path after the version, e.g. `/servicePrincipals`. */
  readonly path: string;
  readonly url: URL;
  readonly body: unknown;
  readonly version: GraphVersion;
}

/** Real Graph: `$top` 1..999 on directory lists; the server may still send fewer (the mock's maxPageSize). */
const GRAPH_MAX_TOP = 999;
/** Expanded relationships of directory objects hold at most 20 items and no nextLink. */
const EXPAND_CAP = 20;

/** `$select` as Graph applies it: only the named properties, plus the expanded relationship. */
function project(item: object, select: readonly string[] | undefined, expand: string | undefined): object {
  if (select === undefined) return item;
  const keep = new Set([...select, ...(expand === undefined ? [] : [expand])].map(lower));
  return Object.fromEntries(Object.entries(item).filter(([key]) => keep.has(lower(key))));
}

function route(snapshot: Snapshot, call: GraphCall, options: GraphRouteOptions): MockResponse {
  const { path, version } = call;
  const request: MockRequest = { method: call.method, url: call.url, body: call.body };
  const indexes = indexesOf(snapshot);
  const params = call.url.searchParams;
  const top = params.get('$top');
  const select = params.get('$select')?.split(',').map((field) => field.trim());
  const expand = params.get('$expand') ?? undefined;
  const listKey = `graph ${version} ${path} ${params.get('$filter') ?? ''} ${params.get('$select') ?? ''} ${expand ?? ''}`;
  const page = (items: () => readonly unknown[]): MockResponse => {
    const size = top === null ? options.pageSize : Math.min(Number(top), options.maxPageSize);
    return { status: 200, body: pageOf(memoList(snapshot, listKey, items), request, options.origin, size, '@odata.nextLink') };
  };
  if (top !== null && !(Number.isInteger(Number(top)) && Number(top) >= 1 && Number(top) <= GRAPH_MAX_TOP)) {
    return graphError(400, 'Request_BadRequest', `Invalid page size specified: '${top}'. Must be between 1 and ${GRAPH_MAX_TOP} inclusive.`);
  }
  if (expand?.includes(',') === true || expand?.includes('(') === true) {
    return graphError(400, 'Request_BadRequest', 'Only one relationship can be expanded, without nested options.');
  }
  if (options.forbiddenAreas.some((area) => area.test(path))) return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');

  if (call.method === 'POST' && path === '/$batch') return batch(snapshot, call, options);
  if (call.method === 'POST' && lower(path) === '/directoryobjects/getbyids') {
    const ids = ((call.body ?? {}) as { ids?: string[] }).ids ?? [];
    if (ids.length > 1000) return graphError(400, 'Request_BadRequest', 'getByIds takes at most 1000 ids.');
    return { status: 200, body: { value: ids.map((id) => indexes.directory.get(lower(id))).filter((object) => object !== undefined).map(directoryObjectWire) } };
  }
  if (call.method !== 'GET') return graphError(405, 'Request_BadRequest', 'The mock only serves reads.');

  if (path === '/servicePrincipals') {
    const filter = params.get('$filter');
    if (filter !== null && filter !== "servicePrincipalType eq 'ManagedIdentity'") return graphError(400, 'Request_UnsupportedQuery', 'Unsupported query.');
    if (expand !== undefined && expand !== 'appRoleAssignments') return graphError(400, 'Request_BadRequest', `Unsupported expand ${expand}.`);
    return page(() =>
      snapshot.servicePrincipals
        .filter((sp) => filter === null || sp.servicePrincipalType === 'ManagedIdentity')
        .map((sp) => {
          const wire = servicePrincipalWire(sp);
          const expanded = expand === undefined ? {} : { appRoleAssignments: (indexes.grantsByPrincipal.get(lower(sp.id)) ?? []).slice(0, EXPAND_CAP) };
          return project({ ...wire, ...expanded }, select, expand);
        }),
    );
  }
  const byAppId = /^\/servicePrincipals\(appId='([^']+)'\)$/.exec(path);
  if (byAppId?.[1] !== undefined) {
    const sp = indexes.spByAppId.get(lower(decodeURIComponent(byAppId[1])));
    return sp === undefined ? graphError(404, 'Request_ResourceNotFound', 'Resource does not exist.') : { status: 200, body: project(servicePrincipalWire(sp), select, undefined) };
  }
  const grants = /^\/servicePrincipals\/([^/]+)\/(appRoleAssignments|appRoleAssignedTo)$/.exec(path);
  if (grants?.[1] !== undefined) {
    const id = lower(grants[1]);
    if (!indexes.spById.has(id)) return graphError(404, 'Request_ResourceNotFound', 'Resource does not exist.');
    return page(() => (grants[2] === 'appRoleAssignments' ? indexes.grantsByPrincipal : indexes.grantsByResource).get(id) ?? []);
  }
  const spById = /^\/servicePrincipals\/([^/]+)$/.exec(path);
  if (spById?.[1] !== undefined) {
    const sp = indexes.spById.get(lower(spById[1]));
    return sp === undefined ? graphError(404, 'Request_ResourceNotFound', 'Resource does not exist.') : { status: 200, body: project(servicePrincipalWire(sp), select, undefined) };
  }
  if (path === '/applications') {
    if (expand !== undefined && expand !== 'owners' && expand !== 'federatedIdentityCredentials') return graphError(400, 'Request_BadRequest', `Unsupported expand ${expand}.`);
    return page(() =>
      snapshot.applications.map((app) => {
        const expanded =
          expand === 'owners'
            ? { owners: app.owners.slice(0, EXPAND_CAP).map(directoryObjectWire) }
            : expand === 'federatedIdentityCredentials'
              ? { federatedIdentityCredentials: ficsOf(snapshot, 'application', app.id).slice(0, EXPAND_CAP).map((fic) => applicationFicWire(fic, version)) }
              : {};
        return project({ ...applicationWire(app), ...expanded }, select, expand);
      }),
    );
  }
  const owners = /^\/applications\/([^/]+)\/owners$/.exec(path);
  if (owners?.[1] !== undefined) {
    const app = indexes.applicationById.get(lower(owners[1]));
    return app === undefined ? graphError(404, 'Request_ResourceNotFound', 'Resource does not exist.') : page(() => app.owners.map(directoryObjectWire));
  }
  const fics = /^\/applications\/([^/]+)\/federatedIdentityCredentials$/.exec(path);
  if (fics?.[1] !== undefined) {
    const app = indexes.applicationById.get(lower(fics[1]));
    return app === undefined ? graphError(404, 'Request_ResourceNotFound', 'Resource does not exist.') : page(() => ficsOf(snapshot, 'application', app.id).map((fic) => applicationFicWire(fic, version)));
  }
  if (path === '/roleManagement/directory/roleDefinitions') return page(() => snapshot.directoryRoleDefinitions.map((definition) => directoryRoleDefinitionWire(definition, version)));
  if (path === '/roleManagement/directory/roleAssignments') return page(() => snapshot.directoryRoleAssignments);
  if (path === '/reports/servicePrincipalSignInActivities') {
    // Beta only: v1.0 has no such segment (https://learn.microsoft.com/en-us/graph/api/reportroot-list-serviceprincipalsigninactivities).
    if (version !== 'beta') return graphError(400, 'BadRequest', "Resource not found for the segment 'reports'.");
    return page(() => (snapshot.signInActivity ?? []).map(signInActivityWire));
  }
  if (path === '/organization') return { status: 200, body: { value: [{ id: snapshot.tenantId }] } };
  return graphError(404, 'Request_ResourceNotFound', `No route for ${path}.`);
}

/** POST /$batch: ≤20 unique ids, relative step urls; a `/v1.0/…` step url is a 400 as in real Graph. */
function batch(snapshot: Snapshot, call: GraphCall, options: GraphRouteOptions): MockResponse {
  const steps = ((call.body ?? {}) as { requests?: { id?: string; method?: string; url?: string }[] }).requests ?? [];
  if (steps.length === 0 || steps.length > 20) return graphError(400, 'BadRequest', 'Batch must hold 1 to 20 requests.');
  if (new Set(steps.map((step) => step.id)).size !== steps.length) return graphError(400, 'BadRequest', 'Batch request ids must be unique.');
  const responses = steps.map((step) => {
    const url = step.url ?? '';
    if (/^\/?(v1\.0|beta)\//.test(url) || !url.startsWith('/')) {
      return { id: step.id, status: 400, body: graphError(400, 'BadRequest', "Resource not found for the segment 'v1.0'.").body };
    }
    if ((step.method ?? '').toUpperCase() !== 'GET') return { id: step.id, status: 405, body: graphError(405, 'Request_BadRequest', 'reads only').body };
    const fault = options.takeFault('graph', url);
    if (fault !== undefined) return { id: step.id, status: fault.status, headers: fault.headers ?? {}, body: graphError(fault.status, 'TooManyRequests', 'Throttled.').body };
    const stepUrl = new URL(`/${call.version}${url}`, options.origin);
    const result = route(snapshot, { method: 'GET', path: stepUrl.pathname.slice(call.version.length + 1), url: stepUrl, body: undefined, version: call.version }, options);
    return { id: step.id, status: result.status, headers: { 'content-type': 'application/json' }, body: result.body };
  });
  // Real Graph answers steps in any order.
  return { status: 200, body: { responses: responses.reverse() } };
}
