/**
 * One live collection: builds the HTTP gate, the ARM clients and the Graph client, runs the ARM and Graph halves
 * in parallel, resolves every role-assignment principal, and assembles snapshot v1. Arrays are de-duplicated and
 * sorted, so two collections of the same tenant give the same document (and `--discovery arg|arm` agree).
 */
import { SNAPSHOT_KIND, SNAPSHOT_SCHEMA_VERSION, type Snapshot, type SnapshotDirectoryObject } from '../snapshot/schema.js';
import { collectArm } from './arm-collection.js';
import { createArmClients } from './arm/clients.js';
import type { CollectorConfig } from './config.js';
import { createCoverageRecorder } from './coverage.js';
import { createGraphApi, type GraphApi } from './graph/client.js';
import { resolvePrincipals } from './graph/directory-objects.js';
import { collectGraph } from './graph-collection.js';
import { createHttpGate } from './http/http-gate.js';
import { createLimiter } from './http/limiter.js';
import { arrayAt, stringAt } from './json.js';
import { sortById, uniqueBy } from './unique.js';

export async function collectSnapshot(config: CollectorConfig): Promise<Snapshot> {
  const gate = createHttpGate({
    origins: { arm: config.endpoints.arm, graph: config.endpoints.graph },
    limiter: createLimiter(config.concurrency),
    observer: config.observer,
  });
  const coverage = createCoverageRecorder({ debug: config.debug });
  const progress = config.progress ?? ((): void => undefined);
  const clients = createArmClients({
    endpoint: config.endpoints.arm,
    scope: config.endpoints.armScope,
    credential: config.credentials.arm,
    gate,
    retry: config.retry,
    tlsCa: config.tlsCa,
  });
  let graphApi: Promise<GraphApi> | undefined;
  const api = (): Promise<GraphApi> =>
    (graphApi ??= createGraphApi({
      endpoint: config.endpoints.graph,
      accessToken: () => config.credentials.graph.getAccessToken(),
      gate,
      retry: config.retry,
      tlsCa: config.tlsCa,
    }));

  // ARM first: its first call (the subscription list) proves the credential and the endpoint, so a rejected token
  // or an unreachable endpoint fails fast with exit 4 before Graph is asked anything.
  let startGraph: () => void = () => undefined;
  const armVerified = new Promise<void>((resolve) => {
    startGraph = resolve;
  });
  const graphPart = armVerified.then(() => collectGraph({ api, coverage, retry: config.retry, progress }));
  const arm = await collectArm({
    clients,
    coverage,
    scope: config.scope,
    discovery: config.discovery,
    concurrency: config.concurrency,
    progress,
    afterFirstRead: startGraph,
  });
  startGraph();
  const graph = await graphPart;

  const tenantId = arm.tenantId ?? (await tenantFromGraph(api)) ?? 'unknown';
  // Role-assignment principals, plus managed identities trusted by application FICs (MI-as-FIC: Entra issuer,
  // subject = the identity's object id), so a deleted one shows up in unresolvedPrincipalIds.
  const principalIds = [
    ...arm.roleAssignments.map((assignment) => assignment.principalId),
    ...graph.applicationFics
      .filter((fic) => isHomeTenantIssuer(fic.issuer, config.endpoints.authorityHost, tenantId) && fic.subject !== null && GUID.test(fic.subject))
      .map((fic) => fic.subject ?? ''),
  ];
  const resolved =
    principalIds.length === 0
      ? { found: [], unresolved: [] }
      : ((await coverage.attempt('directoryObjects', 'tenant', async () => resolvePrincipals(await api(), principalIds))) ?? { found: [], unresolved: [] });
  progress('directoryObjects', resolved.found.length);

  return {
    kind: SNAPSHOT_KIND,
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: config.tool.name, version: config.tool.version },
    tenantId,
    cloud: config.cloud,
    scope: config.scope,
    collectedAt: config.now().toISOString(),
    managementGroups: sortById(arm.managementGroups),
    subscriptions: [...arm.subscriptions].sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId)),
    resources: sortById(arm.resources),
    userAssignedIdentities: sortById(arm.userAssignedIdentities),
    federatedIdentityCredentials: sortById(uniqueBy([...arm.federatedIdentityCredentials, ...graph.applicationFics], (fic) => fic.id)),
    roleDefinitions: sortById(arm.roleDefinitions),
    roleAssignments: sortById(arm.roleAssignments),
    servicePrincipals: sortById(graph.servicePrincipals),
    applications: sortById(graph.applications.map((app) => ({ ...app, owners: sortById(app.owners) }))),
    appRoleAssignments: sortById(graph.appRoleAssignments),
    directoryRoleDefinitions: sortById(graph.directoryRoleDefinitions),
    directoryRoleAssignments: sortById(graph.directoryRoleAssignments),
    directoryObjects: sortById(uniqueBy<SnapshotDirectoryObject>([...resolved.found, ...graph.owners], (object) => object.id)),
    unresolvedPrincipalIds: [...resolved.unresolved].sort(),
    deletedIdentityIds: [...arm.deletedIdentityIds].sort(),
    policyAssignments: sortById(arm.policyAssignments),
    signInActivity: [...graph.signInActivity].sort((a, b) => a.appId.localeCompare(b.appId)),
    coverage: { read: coverage.read, gaps: coverage.gaps },
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
