/**
 * Every service principal of the tenant in one list (999 per page) with the app-role grants each one holds
 * (`$expand=appRoleAssignments`, documented on https://learn.microsoft.com/graph/api/resources/serviceprincipal#relationships),
 * instead of one lookup per application and one grant list per principal.
 */
import type { SnapshotAppRoleAssignment, SnapshotServicePrincipal } from '../../snapshot/schema.js';
import type { RetrySettings } from '../http/retry-decision.js';
import type { GraphApi } from './client.js';
import { listWithExpansion } from './expanded-list.js';
import { appRoleAssignmentFromWire, SERVICE_PRINCIPAL_FIELDS, servicePrincipalFromWire } from './wire-mapping.js';

export interface ListedServicePrincipal {
  readonly servicePrincipal: SnapshotServicePrincipal;
  /** Grants this principal holds (all of them: a truncated expansion was read again in full). */
  readonly grants: SnapshotAppRoleAssignment[];
}

export async function listServicePrincipalsWithGrants(api: GraphApi, retry: RetrySettings): Promise<ListedServicePrincipal[]> {
  const listed = await listWithExpansion(api, '/servicePrincipals', `$select=${SERVICE_PRINCIPAL_FIELDS}`, 'appRoleAssignments', { version: 'v1.0', retry }, {
    item: servicePrincipalFromWire,
    related: appRoleAssignmentFromWire,
  });
  return [...listed.values()].map(({ value, related }) => ({ servicePrincipal: value, grants: [...related] }));
}
