/**
 * The Microsoft Graph half of a collection: service principals (managed identities, the tenant's applications,
 * resources granted to them) with their app-role grants, applications with owners and FICs, Entra roles. Each area
 * is one coverage source at scope `tenant`; a 403 on one area is a gap and the others go on.
 * Request economy: four lists (999 per page) and Entra roles; per-object reads only where an expanded relationship
 * was truncated (graph/expanded-list.ts).
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
import { listApplicationFics, listApplicationsWithOwners } from './graph/applications.js';
import { readDirectoryRoles } from './graph/directory-roles.js';
import { listServicePrincipalsWithGrants } from './graph/service-principals.js';
import { readSignInActivity } from './graph/sign-in-activity.js';
import type { RetrySettings } from './http/retry-decision.js';
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
  /** Every listed service principal as a directory object, by lowercased id: principals that need no getByIds. */
  readonly listedPrincipals: ReadonlyMap<string, SnapshotDirectoryObject>;
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
  const [listed, listedApplications, allApplicationFics, directoryRoles] = await Promise.all([
    coverage.attempt('servicePrincipals', TENANT, () => listServicePrincipalsWithGrants(api, retry)),
    coverage.attempt('applications', TENANT, () => listApplicationsWithOwners(api, retry)),
    coverage.attempt('federatedIdentityCredentials', TENANT, () => listApplicationFics(api, retry)),
    coverage.attempt('directoryRoles', TENANT, () => readDirectoryRoles(api)),
  ]);
  // The grants arrive with the service principal list: without it they were not read either.
  if (listed === undefined) coverage.gap({ source: 'appRoleAssignments', scope: TENANT, reason: 'not read: the service principal list, which carries the grants, failed' });
  const applications = uniqueBy(listedApplications ?? [], (app) => app.id);
  const applicationIds = new Set(applications.map((app) => app.id.toLowerCase()));
  const applicationAppIds = new Set(applications.map((app) => app.appId.toLowerCase()));

  // Kept: managed identities and the tenant's applications (the principals audited), then the resources they are
  // granted (e.g. Microsoft Graph, for its appRoles), so rules can name the permission.
  const all = listed ?? [];
  const principals = all.filter(
    ({ servicePrincipal }) => servicePrincipal.servicePrincipalType === 'ManagedIdentity' || applicationAppIds.has(servicePrincipal.appId.toLowerCase()),
  );
  const appRoleAssignments = uniqueBy(
    principals.flatMap((entry) => entry.grants),
    (grant) => grant.id,
  );
  const resourceIds = new Set(appRoleAssignments.map((grant) => grant.resourceId.toLowerCase()));
  const resources = all.filter(({ servicePrincipal }) => resourceIds.has(servicePrincipal.id.toLowerCase()));
  const servicePrincipals = uniqueBy([...principals, ...resources].map((entry) => entry.servicePrincipal), (sp) => sp.id);
  progress('servicePrincipals', servicePrincipals.length);
  progress('appRoleAssignments', appRoleAssignments.length);

  const signInActivity =
    principals.length === 0
      ? []
      : ((await coverage.attempt('signInActivity', TENANT, () => readSignInActivity(api, principals.map(({ servicePrincipal }) => servicePrincipal.appId)))) ?? []);

  progress('applications', applications.length);
  progress('directoryRoles', directoryRoles?.assignments.length ?? 0);
  return {
    servicePrincipals,
    applications,
    applicationFics: uniqueBy((allApplicationFics ?? []).filter((fic) => applicationIds.has(fic.owner.id.toLowerCase())), (fic) => fic.id),
    appRoleAssignments,
    directoryRoleDefinitions: uniqueBy(directoryRoles?.definitions ?? [], (definition) => definition.id),
    directoryRoleAssignments: uniqueBy(directoryRoles?.assignments ?? [], (assignment) => assignment.id),
    signInActivity: uniqueBy(signInActivity, (activity) => activity.appId.toLowerCase()),
    owners: uniqueBy(
      applications.flatMap((app) => app.owners),
      (owner) => owner.id,
    ),
    listedPrincipals: new Map(
      all.map(({ servicePrincipal: sp }) => [sp.id.toLowerCase(), { id: sp.id, type: 'servicePrincipal' as const, displayName: sp.displayName }]),
    ),
  };
}
