/**
 * What a managed-identity service principal says about its host. Graph lists MI service principals with
 * `alternativeNames` = [`isExplicit=True|False`, <ARM id of the host>]: True for a
 * user-assigned identity (the id is the identity), False for a system-assigned one (the id is the resource or policy
 * assignment it belongs to). Reading isExplicit=False as "system-assigned" is an inference. The ARM id is found by
 * shape, not position, and keeps the casing Graph returned.
 * Source: https://learn.microsoft.com/graph/api/resources/serviceprincipal (alternativeNames).
 */
import type { SnapshotServicePrincipal } from '../snapshot/schema.js';

export interface ManagedIdentityMarkers {
  /** undefined when the flag is missing (not a managed identity, or an unexpected shape). */
  readonly isExplicit: boolean | undefined;
  /** The host's ARM id (subscription- or management-group-rooted); undefined when none is listed. */
  readonly armId: string | undefined;
}

const HOST_ID = /^\/(subscriptions|providers\/microsoft\.management\/managementgroups)\//i;

export function managedIdentityMarkers(sp: Pick<SnapshotServicePrincipal, 'alternativeNames'>): ManagedIdentityMarkers {
  let isExplicit: boolean | undefined;
  let armId: string | undefined;
  for (const name of sp.alternativeNames) {
    const trimmed = name.trim();
    const flag = /^isExplicit=(true|false)$/i.exec(trimmed);
    if (flag !== null) isExplicit = flag[1]?.toLowerCase() === 'true';
    else if (armId === undefined && HOST_ID.test(trimmed)) armId = trimmed;
  }
  return { isExplicit, armId };
}

export function isManagedIdentityServicePrincipal(sp: Pick<SnapshotServicePrincipal, 'servicePrincipalType'>): boolean {
  return sp.servicePrincipalType.toLowerCase() === 'managedidentity';
}
