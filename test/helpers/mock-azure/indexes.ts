/**
 * Lookup tables over a served Snapshot, built once per snapshot: the mock answers each request in O(page) instead of
 * scanning every collection, so a 100,000-assignment bench tenant measures the collector, not the mock.
 * Keys are lowercased (ARM and Graph ids compare case-insensitively).
 */
import type {
  Snapshot,
  SnapshotAppRoleAssignment,
  SnapshotApplication,
  SnapshotDirectoryObject,
  SnapshotFederatedCredential,
  SnapshotResource,
  SnapshotRoleAssignment,
  SnapshotServicePrincipal,
  SnapshotUserAssignedIdentity,
} from '../../../src/snapshot/schema.js';

export interface MockIndexes {
  readonly identityById: ReadonlyMap<string, SnapshotUserAssignedIdentity>;
  readonly resourceById: ReadonlyMap<string, SnapshotResource>;
  readonly ficsByOwner: ReadonlyMap<string, readonly SnapshotFederatedCredential[]>;
  readonly spById: ReadonlyMap<string, SnapshotServicePrincipal>;
  readonly spByAppId: ReadonlyMap<string, SnapshotServicePrincipal>;
  readonly grantsByPrincipal: ReadonlyMap<string, readonly SnapshotAppRoleAssignment[]>;
  readonly grantsByResource: ReadonlyMap<string, readonly SnapshotAppRoleAssignment[]>;
  readonly applicationById: ReadonlyMap<string, SnapshotApplication>;
  /** Role assignments at or below `/subscriptions/{id}`, by lowercased subscription id; the others by lowercased scope. */
  readonly assignmentsBySubscription: ReadonlyMap<string, readonly SnapshotRoleAssignment[]>;
  readonly assignmentsByOtherScope: ReadonlyMap<string, readonly SnapshotRoleAssignment[]>;
  /** Every object getByIds can return (deleted principals removed). */
  readonly directory: ReadonlyMap<string, SnapshotDirectoryObject>;
  /** Resources and user-assigned identities in Resource Graph's `order by id`, with their lowercased subscription and type. */
  readonly inventoryById: readonly { readonly subscriptionId: string; readonly type: string; readonly item: SnapshotResource | SnapshotUserAssignedIdentity }[];
  /** Memoised full item lists of list URLs, keyed by the URL without its page token. */
  readonly lists: Map<string, readonly unknown[]>;
}

const cache = new WeakMap<Snapshot, MockIndexes>();
const UAMI_TYPE = 'microsoft.managedidentity/userassignedidentities';
const SUBSCRIPTION_SCOPE = /^\/subscriptions\/([^/]+)(\/|$)/i;
const lower = (value: string): string => value.toLowerCase();

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = lower(key(item));
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(lower(key(item)))) map.set(lower(key(item)), item);
  return map;
}

export function indexesOf(snapshot: Snapshot): MockIndexes {
  const known = cache.get(snapshot);
  if (known !== undefined) return known;
  const directory = new Map<string, SnapshotDirectoryObject>();
  for (const sp of snapshot.servicePrincipals) directory.set(lower(sp.id), { id: sp.id, type: 'servicePrincipal', displayName: sp.displayName });
  for (const object of snapshot.directoryObjects) directory.set(lower(object.id), object);
  for (const app of snapshot.applications) for (const owner of app.owners) directory.set(lower(owner.id), owner);
  for (const id of snapshot.unresolvedPrincipalIds) directory.delete(lower(id));
  const built: MockIndexes = {
    identityById: byKey(snapshot.userAssignedIdentities, (identity) => identity.id),
    resourceById: byKey(snapshot.resources, (resource) => resource.id),
    ficsByOwner: groupBy(snapshot.federatedIdentityCredentials, (fic) => `${fic.owner.kind}|${fic.owner.id}`),
    spById: byKey(snapshot.servicePrincipals, (sp) => sp.id),
    spByAppId: byKey(snapshot.servicePrincipals, (sp) => sp.appId),
    grantsByPrincipal: groupBy(snapshot.appRoleAssignments, (grant) => grant.principalId),
    grantsByResource: groupBy(snapshot.appRoleAssignments, (grant) => grant.resourceId),
    applicationById: byKey(snapshot.applications, (app) => app.id),
    assignmentsBySubscription: groupBy(
      snapshot.roleAssignments.filter((assignment) => SUBSCRIPTION_SCOPE.test(assignment.scope)),
      (assignment) => SUBSCRIPTION_SCOPE.exec(assignment.scope)?.[1] ?? '',
    ),
    assignmentsByOtherScope: groupBy(
      snapshot.roleAssignments.filter((assignment) => !SUBSCRIPTION_SCOPE.test(assignment.scope)),
      (assignment) => assignment.scope,
    ),
    directory,
    inventoryById: [...snapshot.resources, ...snapshot.userAssignedIdentities]
      .map((item) => ({ key: lower(item.id), subscriptionId: lower(item.subscriptionId), type: 'clientId' in item ? UAMI_TYPE : lower(item.type), item }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map(({ subscriptionId, type, item }) => ({ subscriptionId, type, item })),
    lists: new Map(),
  };
  cache.set(snapshot, built);
  return built;
}

/** The full item list of one list URL, computed on its first page and reused for the next ones. */
export function memoList(snapshot: Snapshot, key: string, compute: () => readonly unknown[]): readonly unknown[] {
  const lists = indexesOf(snapshot).lists;
  const known = lists.get(key);
  if (known !== undefined) return known;
  const items = compute();
  lists.set(key, items);
  return items;
}

export function ficsOf(snapshot: Snapshot, kind: SnapshotFederatedCredential['owner']['kind'], ownerId: string): readonly SnapshotFederatedCredential[] {
  return indexesOf(snapshot).ficsByOwner.get(lower(`${kind}|${ownerId}`)) ?? [];
}
