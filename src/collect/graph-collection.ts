/**
 * The Microsoft Graph half of a collection: service principals (managed identities, the tenant's applications,
 * resources granted to them), applications with owners and FICs, app-role grants, Entra roles. Each area is one
 * coverage source at scope `tenant`; a 403 on one area is a gap and the others go on.
 */
import type {
  SnapshotAppRoleAssignment,
  SnapshotApplication,
  SnapshotDirectoryObject,
  SnapshotDirectoryRoleAssignment,
  SnapshotDirectoryRoleDefinition,
  SnapshotFederatedCredential,
  SnapshotServicePrincipal,
  SnapshotSignInActivity,
} from '../snapshot/schema.js';
import type { CoverageRecorder } from './coverage.js';
import type { GraphApi } from './graph/client.js';
import { readAppRoleAssignments } from './graph/app-role-assignments.js';
import { listApplications, readApplicationFics, readApplicationOwners } from './graph/applications.js';
import { readDirectoryRoles } from './graph/directory-roles.js';
import { getServicePrincipalsByAppId, getServicePrincipalsById, listManagedIdentityServicePrincipals } from './graph/service-principals.js';
import { readSignInActivity } from './graph/sign-in-activity.js';
import { applicationFromWire } from './graph/wire-mapping.js';
import type { RetrySettings } from './http/retry-decision.js';
import { stringAt } from './json.js';
import { uniqueBy } from './unique.js';

export interface GraphCollection {
  readonly servicePrincipals: SnapshotServicePrincipal[];
  readonly applications: SnapshotApplication[];
  readonly applicationFics: SnapshotFederatedCredential[];
  readonly appRoleAssignments: SnapshotAppRoleAssignment[];
  readonly directoryRoleDefinitions: SnapshotDirectoryRoleDefinition[];
  readonly directoryRoleAssignments: SnapshotDirectoryRoleAssignment[];
  /** Owners of applications, already typed by Graph. */
  readonly owners: SnapshotDirectoryObject[];
  /** Last sign-ins of the collected service principals (empty when the report could not be read). */
  readonly signInActivity: SnapshotSignInActivity[];
}

export interface GraphCollectionContext {
  readonly api: () => Promise<GraphApi>;
  readonly coverage: CoverageRecorder;
  readonly retry: RetrySettings;
  readonly progress: (source: string, count: number) => void;
}

const TENANT = 'tenant';

export async function collectGraph(context: GraphCollectionContext): Promise<GraphCollection> {
  const { coverage, retry, progress } = context;
  const api = await context.api();
  const [managedIdentitySps, applicationsPart, directoryRoles] = await Promise.all([
    coverage.attempt('servicePrincipals', TENANT, () => listManagedIdentityServicePrincipals(api)),
    collectApplications(api, coverage, retry),
    coverage.attempt('directoryRoles', TENANT, () => readDirectoryRoles(api)),
  ]);
  const applications = applicationsPart.applications;
  const applicationSps =
    applications.length === 0
      ? []
      : ((await coverage.attempt('servicePrincipals', TENANT, () => getServicePrincipalsByAppId(api, applications.map((app) => app.appId), retry))) ?? []);
  const principals = uniqueBy([...(managedIdentitySps ?? []), ...applicationSps], (sp) => sp.id);
  progress('servicePrincipals', principals.length);

  const grants =
    (await coverage.attempt('appRoleAssignments', TENANT, () => readAppRoleAssignments(api, principals.map((sp) => sp.id), retry))) ?? [];
  const appRoleAssignments = uniqueBy(grants, (grant) => grant.id);
  progress('appRoleAssignments', appRoleAssignments.length);

  // Resource SPs of those grants (e.g. Microsoft Graph), read for their appRoles so rules can name the permission.
  const knownIds = new Set(principals.map((sp) => sp.id.toLowerCase()));
  const resourceIds = [...new Set(appRoleAssignments.map((grant) => grant.resourceId))].filter((id) => !knownIds.has(id.toLowerCase()));
  const resourceSps =
    resourceIds.length === 0 ? [] : ((await coverage.attempt('servicePrincipals', TENANT, () => getServicePrincipalsById(api, resourceIds, retry))) ?? []);

  const signInActivity =
    principals.length === 0 ? [] : ((await coverage.attempt('signInActivity', TENANT, () => readSignInActivity(api, principals.map((sp) => sp.appId)))) ?? []);

  progress('applications', applications.length);
  progress('directoryRoles', directoryRoles?.assignments.length ?? 0);
  return {
    servicePrincipals: uniqueBy([...principals, ...resourceSps], (sp) => sp.id),
    applications,
    applicationFics: applicationsPart.fics,
    appRoleAssignments,
    directoryRoleDefinitions: uniqueBy(directoryRoles?.definitions ?? [], (definition) => definition.id),
    directoryRoleAssignments: uniqueBy(directoryRoles?.assignments ?? [], (assignment) => assignment.id),
    signInActivity: uniqueBy(signInActivity, (activity) => activity.appId.toLowerCase()),
    owners: uniqueBy(
      applications.flatMap((app) => app.owners),
      (owner) => owner.id,
    ),
  };
}

async function collectApplications(
  api: GraphApi,
  coverage: CoverageRecorder,
  retry: RetrySettings,
): Promise<{ applications: SnapshotApplication[]; fics: SnapshotFederatedCredential[] }> {
  const raw = uniqueBy((await coverage.attempt('applications', TENANT, () => listApplications(api))) ?? [], (item) => stringAt(item, 'id') ?? '');
  const ids = raw.map((item) => stringAt(item, 'id')).filter((id): id is string => id !== undefined);
  if (ids.length === 0) return { applications: [], fics: [] };
  const [owners, fics] = await Promise.all([
    coverage.attempt('applications', TENANT, () => readApplicationOwners(api, ids, retry)),
    coverage.attempt('federatedIdentityCredentials', TENANT, () => readApplicationFics(api, ids, retry)),
  ]);
  const applications = raw
    .map((item) => applicationFromWire(item, owners?.get(stringAt(item, 'id') ?? '') ?? []))
    .filter((app): app is SnapshotApplication => app !== undefined);
  return { applications, fics: uniqueBy(fics ?? [], (fic) => fic.id) };
}
