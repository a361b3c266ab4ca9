/**
 * Normalises a snapshot for "collected equals served" comparisons: drops run metadata (tool, time, scope,
 * coverage.read), keeps only the resources collection reads by design (identity-bearing, Key Vault, AKS), sorts
 * every array, and treats an absent optional field like null/empty.
 */
import type { Snapshot } from '../../../src/snapshot/schema.js';

const NULL_IS_MEANINGFUL = new Set(['subject', 'parentId', 'value']);

function clean(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((entry) => clean(entry));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([entryKey, entry]) => entry !== undefined && (entry !== null || NULL_IS_MEANINGFUL.has(entryKey)))
      .filter(([entryKey, entry]) => !(entryKey === 'tags' && typeof entry === 'object' && entry !== null && Object.keys(entry).length === 0))
      .map(([entryKey, entry]) => [entryKey, clean(entry, entryKey)] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return Object.fromEntries(entries);
  }
  void key;
  return value;
}

const byKey =
  <T>(key: (item: T) => string) =>
  (a: T, b: T): number =>
    key(a).toLowerCase() < key(b).toLowerCase() ? -1 : key(a).toLowerCase() > key(b).toLowerCase() ? 1 : 0;

export function normaliseSnapshot(snapshot: Snapshot): unknown {
  const id = byKey<{ id: string }>((item) => item.id);
  return clean({
    tenantId: snapshot.tenantId,
    cloud: snapshot.cloud,
    managementGroups: [...snapshot.managementGroups].sort(id),
    subscriptions: [...snapshot.subscriptions].sort(byKey((item) => item.subscriptionId)),
    resources: snapshot.resources
      .filter((resource) => (resource.identity !== undefined && resource.identity !== null) || resource.keyVault !== undefined || resource.aks !== undefined)
      .sort(id),
    userAssignedIdentities: [...snapshot.userAssignedIdentities].sort(id),
    federatedIdentityCredentials: [...snapshot.federatedIdentityCredentials].sort(id),
    roleDefinitions: [...snapshot.roleDefinitions].sort(byKey((item) => item.name)),
    roleAssignments: [...snapshot.roleAssignments].sort(id),
    servicePrincipals: [...snapshot.servicePrincipals].sort(id),
    applications: snapshot.applications.map((app) => ({ ...app, owners: [...app.owners].sort(id) })).sort(id),
    appRoleAssignments: [...snapshot.appRoleAssignments].sort(id),
    directoryRoleDefinitions: [...snapshot.directoryRoleDefinitions].sort(id),
    directoryRoleAssignments: [...snapshot.directoryRoleAssignments].sort(id),
    directoryObjects: [...snapshot.directoryObjects].sort(id),
    unresolvedPrincipalIds: snapshot.unresolvedPrincipalIds.map((entry) => entry.toLowerCase()).sort(),
    deletedIdentityIds: snapshot.deletedIdentityIds.map((entry) => entry.toLowerCase()).sort(),
    policyAssignments: [...(snapshot.policyAssignments ?? [])].sort(id),
    signInActivity: [...(snapshot.signInActivity ?? [])].sort(byKey((activity) => activity.appId)),
    gaps: [...snapshot.coverage.gaps].sort(byKey((gap) => `${gap.source} ${gap.scope}`)),
  });
}
