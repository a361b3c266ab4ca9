/** Microsoft Graph routes of the mock (v1.0 and beta), served from a Snapshot, including JSON batching. */
import type { Snapshot, SnapshotDirectoryObject } from '../../../src/snapshot/schema.js';
import {
  applicationFicWire,
  applicationWire,
  directoryObjectWire,
  directoryRoleDefinitionWire,
  servicePrincipalWire,
  signInActivityWire,
  type GraphVersion,
} from './graph-wire.js';
import { pageOf, type InjectedFault, type MockRequest, type MockResponse } from './types.js';

export interface GraphRouteOptions {
  readonly origin: string;
  readonly pageSize: number;
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

function directory(snapshot: Snapshot): Map<string, SnapshotDirectoryObject> {
  const objects = new Map<string, SnapshotDirectoryObject>();
  for (const sp of snapshot.servicePrincipals) objects.set(lower(sp.id), { id: sp.id, type: 'servicePrincipal', displayName: sp.displayName });
  for (const object of snapshot.directoryObjects) objects.set(lower(object.id), object);
  for (const app of snapshot.applications) for (const owner of app.owners) objects.set(lower(owner.id), owner);
  for (const id of snapshot.unresolvedPrincipalIds) objects.delete(lower(id));
  return objects;
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

function route(snapshot: Snapshot, call: GraphCall, options: GraphRouteOptions): MockResponse {
  const { path, version } = call;
  const request: MockRequest = { method: call.method, url: call.url, body: call.body };
  const page = (items: readonly unknown[]): MockResponse => ({ status: 200, body: pageOf(items, request, options.origin, options.pageSize, '@odata.nextLink') });
  if (options.forbiddenAreas.some((area) => area.test(path))) return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');

  if (call.method === 'POST' && path === '/$batch') return batch(snapshot, call, options);
  if (call.method === 'POST' && lower(path) === '/directoryobjects/getbyids') {
    const ids = ((call.body ?? {}) as { ids?: string[] }).ids ?? [];
    const known = directory(snapshot);
    return { status: 200, body: { value: ids.map((id) => known.get(lower(id))).filter((object) => object !== undefined).map(directoryObjectWire) } };
  }
  if (call.method !== 'GET') return graphError(405, 'Request_BadRequest', 'The mock only serves reads.');

  if (path === '/servicePrincipals') {
    const filter = call.url.searchParams.get('$filter');
    if (filter !== "servicePrincipalType eq 'ManagedIdentity'") return graphError(400, 'Request_UnsupportedQuery', 'Unsupported query.');
    return page(snapshot.servicePrincipals.filter((sp) => sp.servicePrincipalType === 'ManagedIdentity').map(servicePrincipalWire));
  }
  const byAppId = /^\/servicePrincipals\(appId='([^']+)'\)$/.exec(path);
  if (byAppId?.[1] !== undefined) {
    const sp = snapshot.servicePrincipals.find((candidate) => lower(candidate.appId) === lower(decodeURIComponent(byAppId[1] ?? '')));
    return sp === undefined ? graphError(404, 'Request_ResourceNotFound', 'Resource does not exist.') : { status: 200, body: servicePrincipalWire(sp) };
  }
  const grants = /^\/servicePrincipals\/([^/]+)\/appRoleAssignments$/.exec(path);
  if (grants?.[1] !== undefined) {
    return page(snapshot.appRoleAssignments.filter((grant) => lower(grant.principalId) === lower(grants[1] ?? '')));
  }
  const spById = /^\/servicePrincipals\/([^/]+)$/.exec(path);
  if (spById?.[1] !== undefined) {
    const sp = snapshot.servicePrincipals.find((candidate) => lower(candidate.id) === lower(spById[1] ?? ''));
    return sp === undefined ? graphError(404, 'Request_ResourceNotFound', 'Resource does not exist.') : { status: 200, body: servicePrincipalWire(sp) };
  }
  if (path === '/applications') return page(snapshot.applications.map(applicationWire));
  const owners = /^\/applications\/([^/]+)\/owners$/.exec(path);
  if (owners?.[1] !== undefined) {
    const app = snapshot.applications.find((candidate) => lower(candidate.id) === lower(owners[1] ?? ''));
    return app === undefined ? graphError(404, 'Request_ResourceNotFound', 'Resource does not exist.') : page(app.owners.map(directoryObjectWire));
  }
  const fics = /^\/applications\/([^/]+)\/federatedIdentityCredentials$/.exec(path);
  if (fics?.[1] !== undefined) {
    const owned = snapshot.federatedIdentityCredentials.filter((fic) => fic.owner.kind === 'application' && lower(fic.owner.id) === lower(fics[1] ?? ''));
    return page(owned.map((fic) => applicationFicWire(fic, version)));
  }
  if (path === '/roleManagement/directory/roleDefinitions') return page(snapshot.directoryRoleDefinitions.map((definition) => directoryRoleDefinitionWire(definition, version)));
  if (path === '/roleManagement/directory/roleAssignments') return page(snapshot.directoryRoleAssignments);
  if (path === '/reports/servicePrincipalSignInActivities') {
    // Beta only (NOTES.md §8): v1.0 has no such segment.
    if (version !== 'beta') return graphError(400, 'BadRequest', "Resource not found for the segment 'reports'.");
    return page((snapshot.signInActivity ?? []).map(signInActivityWire));
  }
  if (path === '/organization') return { status: 200, body: { value: [{ id: snapshot.tenantId }] } };
  return graphError(404, 'Request_ResourceNotFound', `No route for ${path}.`);
}

/** POST /$batch (NOTES.md §4 $batch): ≤20 unique ids, relative step urls; a `/v1.0/…` step url is a 400 as in real Graph. */
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
