/**
 * One live collection: builds the HTTP gate and one HTTP stack per service (ARM, Graph), runs the ARM and Graph halves
 * in parallel, resolves every role-assignment principal, and assembles snapshot v1. Arrays are de-duplicated and
 * sorted, so two collections of the same tenant give the same document (and `--discovery arg|arm` agree).
 */
import { setMaxListeners } from 'node:events';

import { isGuid } from '../azure/ids.js';
import { AuthError } from '../core/errors.js';
import { SNAPSHOT_KIND, SNAPSHOT_SCHEMA_VERSION, type Snapshot, type SnapshotDirectoryObject, type SnapshotRoleAssignment } from '../snapshot/schema.js';
import { collectArm } from './arm-collection.js';
import type { CollectorConfig } from './config.js';
import { createCoverageRecorder, type CoverageRecorder } from './coverage.js';
import { createGraphApi, type GraphApi } from './graph/client.js';
import { resolvePrincipals, type ResolvedPrincipals } from './graph/directory-objects.js';
import { collectGraph, type GraphCollection } from './graph-collection.js';
import { createHttpGate } from './http/http-gate.js';
import { createLimiter } from './http/limiter.js';
import { accessTokenCredential, createServiceHttp, type ServiceHttp } from './http/service-http.js';
import { arrayAt, stringAt } from './json.js';
import { sortById, sortByKey, uniqueBy } from './unique.js';
import { seconds } from '../core/seconds.js';

/** Longest wait for one answer (ms): a stalled connection is retried, then becomes a coverage gap. */
const ATTEMPT_TIMEOUT_MS = 20_000;
/** An endpoint that does not answer the first request within this ends the run with exit 4 (ms). */
const FIRST_CONTACT_TIMEOUT_MS = 25_000;

export async function collectSnapshot(config: CollectorConfig): Promise<Snapshot> {
  const limiters = { arm: createLimiter(config.concurrency), graph: createLimiter(config.concurrency) };
  // One signal for every request: the caller's (Ctrl-C) and our own first-contact deadline.
  const stop = new AbortController();
  // Every request in flight listens to it (up to 2 × 64 plus the FIC pool): not a leak.
  setMaxListeners(1_000, stop.signal);
  config.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  const gate = createHttpGate({ origins: { arm: config.endpoints.arm, graph: config.endpoints.graph }, limiters, observer: config.observer });
  const coverage = createCoverageRecorder({ debug: config.debug });
  const progress = config.progress ?? ((): void => undefined);
  const common = {
    gate,
    retry: config.retry,
    attemptTimeoutMs: config.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS,
    tlsCa: config.tlsCa,
    signal: stop.signal,
    onRetry: config.onRetry,
  };
  const arm = await createServiceHttp({
    ...common,
    service: 'arm',
    origin: config.endpoints.arm,
    credential: config.credentials.arm,
    scope: config.endpoints.armScope,
    limiter: limiters.arm,
  });
  const graphHttp = await createServiceHttp({
    ...common,
    service: 'graph',
    origin: config.endpoints.graph,
    credential: accessTokenCredential(() => config.credentials.graph.getAccessToken()),
    scope: config.endpoints.graphScope,
    limiter: limiters.graph,
  });
  const graphApi = createGraphApi(graphHttp);
  const api = (): Promise<GraphApi> => Promise.resolve(graphApi);
  const firstContactMs = config.firstContactTimeoutMs ?? FIRST_CONTACT_TIMEOUT_MS;

  // ARM first: its first call (the subscription list) proves the credential and the endpoint, so a rejected token
  // or an unreachable endpoint fails fast with exit 4 before Graph is asked anything.
  let startGraph: () => void = () => undefined;
  const armVerified = new Promise<void>((resolve) => {
    startGraph = resolve;
  });
  const graphPart = armVerified.then(() =>
    untilFirstAnswer(graphHttp, 'Microsoft Graph', firstContactMs, stop, collectGraph({ api, coverage, retry: config.retry, progress })),
  );
  // Awaited below; meanwhile an early failure must not count as an unhandled rejection.
  graphPart.catch(() => undefined);
  // Principals are resolved as soon as the role assignments and Graph are read, while the FIC reads go on.
  let assignmentsRead: (read: { tenantId: string | undefined; roleAssignments: readonly SnapshotRoleAssignment[] }) => void = () => undefined;
  const assignments = new Promise<{ tenantId: string | undefined; roleAssignments: readonly SnapshotRoleAssignment[] }>((resolve) => {
    assignmentsRead = resolve;
  });
  const principalsPart = Promise.all([assignments, graphPart]).then(([read, graph]) => resolveAllPrincipals(read, graph, api, coverage, config.endpoints.authorityHost));
  principalsPart.catch(() => undefined);
  const armPart = await untilFirstAnswer(
    arm,
    'Azure Resource Manager',
    firstContactMs,
    stop,
    collectArm({
      arm,
      coverage,
      scope: config.scope,
      discovery: config.discovery,
      concurrency: config.concurrency,
      progress,
      afterFirstRead: startGraph,
      onRoleAssignments: (tenantId, roleAssignments) => assignmentsRead({ tenantId, roleAssignments }),
    }),
  );
  startGraph();
  const graph = await graphPart;
  const { tenantId, resolved } = await principalsPart;
  progress('directoryObjects', resolved.found.length);

  return {
    kind: SNAPSHOT_KIND,
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: config.tool.name, version: config.tool.version },
    tenantId,
    cloud: config.cloud,
    scope: config.scope,
    collectedAt: config.now().toISOString(),
    managementGroups: sortById(armPart.managementGroups),
    subscriptions: [...armPart.subscriptions].sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId)),
    resources: sortById(armPart.resources),
    userAssignedIdentities: sortById(armPart.userAssignedIdentities),
    federatedIdentityCredentials: sortById(uniqueBy([...armPart.federatedIdentityCredentials, ...graph.applicationFics], (fic) => fic.id)),
    roleDefinitions: sortById(armPart.roleDefinitions),
    roleAssignments: sortById(armPart.roleAssignments),
    servicePrincipals: sortById(graph.servicePrincipals),
    applications: sortById(graph.applications.map((app) => ({ ...app, owners: sortById(app.owners) }))),
    appRoleAssignments: sortById(graph.appRoleAssignments),
    directoryRoleDefinitions: sortById(graph.directoryRoleDefinitions),
    directoryRoleAssignments: sortById(graph.directoryRoleAssignments),
    directoryObjects: sortById(uniqueBy<SnapshotDirectoryObject>([...resolved.found, ...graph.owners], (object) => object.id)),
    unresolvedPrincipalIds: [...resolved.unresolved].sort(),
    deletedIdentityIds: [...armPart.deletedIdentityIds].sort(),
    policyAssignments: sortById(armPart.policyAssignments),
    signInActivity: [...graph.signInActivity].sort((a, b) => a.appId.localeCompare(b.appId)),
    // Recorded as requests complete, so sorted: two collections of the same tenant write the same bytes.
    coverage: { read: sortByKey(coverage.read, coverageKey), gaps: sortByKey(coverage.gaps, coverageKey) },
  };
}

/**
 * `work`, unless the service does not answer at all within `ms`: an endpoint that accepts connections but never
 * answers would otherwise take every retry of every timeout. Then every request is cancelled and the run ends with
 * an AuthError (exit 4).
 */
async function untilFirstAnswer<T>(http: ServiceHttp, name: string, ms: number, stop: AbortController, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new AuthError(`cannot reach ${name}: no answer from ${http.origin} within ${seconds(ms)} s`, {
        hint: `check the network, proxy and MI_AUDIT_${http.service.toUpperCase()}_ENDPOINT; the endpoint accepted the connection but did not answer`,
      });
      // The abort carries the reason, so the other service's requests that it cancels end with this error too.
      stop.abort(error);
      reject(error);
    }, ms);
  });
  void http.answered.then(() => clearTimeout(timer));
  work.catch(() => undefined);
  try {
    return await Promise.race([work, deadline]);
  } catch (error: unknown) {
    // A request cancelled because the *other* service never answered fails with an AbortError: say why instead.
    if (stop.signal.aborted && stop.signal.reason instanceof AuthError) throw stop.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The tenant, and the principals of role assignments plus managed identities trusted by application FICs (MI-as-FIC:
 * Entra issuer, subject = the identity's object id), so a deleted one shows up in unresolvedPrincipalIds.
 */
async function resolveAllPrincipals(
  read: { readonly tenantId: string | undefined; readonly roleAssignments: readonly SnapshotRoleAssignment[] },
  graph: GraphCollection,
  api: () => Promise<GraphApi>,
  coverage: CoverageRecorder,
  authorityHost: string,
): Promise<{ tenantId: string; resolved: ResolvedPrincipals }> {
  const tenantId = read.tenantId ?? (await tenantFromGraph(api)) ?? 'unknown';
  const principalIds = [
    ...read.roleAssignments.map((assignment) => assignment.principalId),
    ...graph.applicationFics
      .filter((fic) => isHomeTenantIssuer(fic.issuer, authorityHost, tenantId) && fic.subject !== null && isGuid(fic.subject))
      .map((fic) => fic.subject ?? ''),
  ];
  const none: ResolvedPrincipals = { found: [], unresolved: [] };
  if (principalIds.length === 0) return { tenantId, resolved: none };
  const resolved = await coverage.attempt('directoryObjects', 'tenant', async () => resolvePrincipals(await api(), principalIds, graph.listedPrincipals));
  return { tenantId, resolved: resolved ?? none };
}

function coverageKey(record: { readonly source: string; readonly scope: string }): string {
  return `${record.source} ${record.scope}`;
}

/** MI-as-FIC trusts this tenant's own Entra issuer; another tenant's identities cannot be resolved here. */
function isHomeTenantIssuer(issuer: string, authorityHost: string, tenantId: string): boolean {
  return issuer.toLowerCase().startsWith(`${authorityHost.toLowerCase()}/${tenantId.toLowerCase()}/`);
}

/** Only when no subscription or management group told us the tenant (e.g. an empty tenant). */
async function tenantFromGraph(api: () => Promise<GraphApi>): Promise<string | undefined> {
  try {
    const organization = await (await api()).get('/organization?$select=id');
    return stringAt(arrayAt(organization, 'value')[0], 'id');
  } catch {
    return undefined;
  }
}
