/**
 * The ARM half of a collection: scope resolution (subscriptions, management groups), resources and identities
 * (Resource Graph or plain ARM), FICs, role definitions and assignments, and the deleted-UAMI check.
 * Each read runs under the coverage recorder, so a 403 on one subscription is a gap and the rest goes on.
 */
import { UsageError } from '../core/errors.js';
import type {
  ScanScope,
  SnapshotFederatedCredential,
  SnapshotManagementGroup,
  SnapshotPolicyAssignment,
  SnapshotResource,
  SnapshotRoleAssignment,
  SnapshotRoleDefinition,
  SnapshotSubscription,
  SnapshotUserAssignedIdentity,
} from '../snapshot/schema.js';
import { managementGroupId, parseArmId, roleDefinitionGuid } from '../azure/ids.js';
import { UAMI_TYPE } from '../azure/resource-types.js';
import { listIdentityFics } from './arm/federated-credentials.js';
import { descendantGroupIds, readManagementGroups } from './arm/management-groups.js';
import { IDENTITY_QUERY, queryPages, RESOURCE_QUERY, SUBSCRIPTIONS_PER_QUERY } from './arm/resource-graph.js';
import { collectPolicyAssignments } from './arm/policy-assignments.js';
import { recordSilentOmissions } from './arm/resource-graph-omissions.js';
import { listResourcesWithArm } from './arm/resource-list.js';
import { listManagementGroupRoleAssignments, listSubscriptionRoleAssignments } from './arm/role-assignments.js';
import { getRoleDefinition, listRoleDefinitions } from './arm/role-definitions.js';
import { listSubscriptions } from './arm/subscriptions.js';
import { isConfirmedDeleted, listIdentitiesWithArm } from './arm/user-assigned-identities.js';
import { resourceFromWire, userAssignedIdentityFromWire } from './arm/wire-mapping.js';
import type { Discovery } from './config.js';
import type { CoverageRecorder } from './coverage.js';
import { createLimiter, mapBounded } from './http/limiter.js';
import type { ServiceHttp } from './http/service-http.js';
import { createInterner, type Intern } from '../core/intern.js';
import { optional, stringAt } from './json.js';
import { describeFailure } from './request-failure.js';
import { uniqueBy } from './unique.js';

export interface ArmCollection {
  readonly tenantId: string | undefined;
  readonly managementGroups: SnapshotManagementGroup[];
  readonly subscriptions: SnapshotSubscription[];
  readonly resources: SnapshotResource[];
  readonly userAssignedIdentities: SnapshotUserAssignedIdentity[];
  readonly federatedIdentityCredentials: SnapshotFederatedCredential[];
  readonly roleDefinitions: SnapshotRoleDefinition[];
  readonly roleAssignments: SnapshotRoleAssignment[];
  readonly deletedIdentityIds: string[];
  readonly policyAssignments: SnapshotPolicyAssignment[];
}

export interface ArmCollectionContext {
  readonly arm: ServiceHttp;
  readonly coverage: CoverageRecorder;
  readonly scope: ScanScope;
  readonly discovery: Discovery;
  readonly concurrency: number;
  readonly progress: (source: string, count: number) => void;
  /** Called once the first read (the subscription list) succeeded: Graph may start in parallel. */
  readonly afterFirstRead?: () => void;
  /** Called once every role assignment is read (before the FIC reads end): their principals can be resolved meanwhile. */
  readonly onRoleAssignments?: (tenantId: string | undefined, roleAssignments: readonly SnapshotRoleAssignment[]) => void;
}

export async function collectArm(context: ArmCollectionContext): Promise<ArmCollection> {
  const { arm, coverage, concurrency, progress } = context;
  // The first call: a rejected token or an unreachable endpoint ends the run here with exit 4.
  const visible = (await coverage.attempt('subscriptions', 'tenant', () => listSubscriptions(arm))) ?? [];
  progress('subscriptions', visible.length);
  context.afterFirstRead?.();
  const tree = await coverage.attempt('managementGroups', 'tenant', () => readManagementGroups(arm, concurrency));
  const groups = tree?.groups ?? [];
  progress('managementGroups', groups.length);

  const selected = selectSubscriptions(context, visible.map((entry) => entry.subscription), groups, tree?.subscriptionParent);
  const subscriptions = selected.map((subscription) => {
    const parent = tree?.subscriptionParent.get(subscription.subscriptionId.toLowerCase());
    if (parent === undefined) return subscription;
    // Fields in schema order (the parent before the tags): the snapshot is written as collected.
    const { tags, ...rest } = subscription;
    return { ...rest, managementGroupId: parent, ...optional('tags', tags) };
  });
  const subscriptionIds = subscriptions.map((subscription) => subscription.subscriptionId);
  const tenantId = visible.find((entry) => entry.tenantId !== undefined)?.tenantId ?? groups.find((group) => group.parentId === null)?.name;

  // One table of repeated strings for the whole ARM half (role definition ids, scopes, subscription ids…).
  const intern = createInterner();
  // FIC reads (one per identity, most of all requests) start as soon as a Resource Graph page names an identity.
  const fics = createFicReader(arm, coverage, concurrency);
  const groupsInScope = managementGroupsInScope(context.scope, groups);
  // Everything that needs only the subscription list runs side by side with discovery and the FIC reads.
  const [inventory, roleDefinitionLists, assignmentLists, groupAssignmentLists, policyAssignments] = await Promise.all([
    context.discovery === 'arg' ? discoverWithResourceGraph(context, subscriptionIds, fics.start, intern) : discoverWithArm(context, subscriptionIds, intern),
    mapBounded(subscriptionIds, concurrency, (id) => coverage.attempt('roleDefinitions', `/subscriptions/${id}`, () => listRoleDefinitions(arm, id))),
    mapBounded(subscriptionIds, concurrency, (id) => coverage.attempt('roleAssignments', `/subscriptions/${id}`, () => listSubscriptionRoleAssignments(arm, id, intern))),
    mapBounded(groupsInScope, concurrency, (group) => coverage.attempt('roleAssignments', group.id, () => listManagementGroupRoleAssignments(arm, group.id, intern))),
    collectPolicyAssignments(arm, coverage, subscriptionIds, groupsInScope.map((group) => group.id), concurrency),
  ]);
  if (context.discovery === 'arg') recordSilentOmissions(coverage, subscriptionIds, [...inventory.resources, ...inventory.identities]);
  progress('resources', inventory.resources.length);
  progress('userAssignedIdentities', inventory.identities.length);
  progress('policyAssignments', policyAssignments.length);
  const roleAssignments = uniqueBy([...assignmentLists, ...groupAssignmentLists].flatMap((list) => list ?? []), (assignment) => assignment.id);
  progress('roleAssignments', roleAssignments.length);
  context.onRoleAssignments?.(tenantId, roleAssignments);

  const roleDefinitions = uniqueBy(roleDefinitionLists.flatMap((list) => list ?? []), (definition) => definition.name);
  const listedDefinitions = new Set(roleDefinitions.map((definition) => definition.name.toLowerCase()));
  const missing = uniqueBy(
    roleAssignments.filter((assignment) => !listedDefinitions.has(roleDefinitionGuid(assignment.roleDefinitionId))),
    (assignment) => roleDefinitionGuid(assignment.roleDefinitionId),
  );
  const fetched = await mapBounded(missing, concurrency, (assignment) =>
    coverage.attempt('roleDefinitions', assignment.scope, () => getRoleDefinition(arm, assignment.roleDefinitionId)),
  );
  roleDefinitions.push(...fetched.filter((definition): definition is SnapshotRoleDefinition => definition !== undefined));
  progress('roleDefinitions', roleDefinitions.length);

  // The deleted-identity check needs only the inventory: it overlaps the last FIC reads.
  const [ficLists, deletedIdentityIds] = await Promise.all([
    fics.of(inventory.identities),
    confirmDeletedIdentities(arm, coverage, inventory.resources, inventory.identities, concurrency),
  ]);
  const federatedIdentityCredentials = uniqueBy(ficLists, (fic) => fic.id);
  progress('federatedIdentityCredentials', federatedIdentityCredentials.length);
  return {
    tenantId,
    managementGroups: groups,
    subscriptions,
    resources: inventory.resources,
    userAssignedIdentities: inventory.identities,
    federatedIdentityCredentials,
    roleDefinitions,
    roleAssignments,
    deletedIdentityIds,
    policyAssignments,
  };
}

function selectSubscriptions(
  context: ArmCollectionContext,
  visible: readonly SnapshotSubscription[],
  groups: readonly SnapshotManagementGroup[],
  parents: ReadonlyMap<string, string> | undefined,
): SnapshotSubscription[] {
  const { scope, coverage } = context;
  if (scope.kind === 'tenant') return [...visible];
  if (scope.kind === 'subscriptions') {
    const byId = new Map(visible.map((subscription) => [subscription.subscriptionId.toLowerCase(), subscription]));
    return scope.ids.flatMap((id) => {
      const found = byId.get(id.toLowerCase());
      if (found === undefined) {
        coverage.gap({ source: 'subscriptions', scope: `/subscriptions/${id}`, reason: 'subscription not visible to the caller (no role on it, or another tenant)' });
        return [];
      }
      return [found];
    });
  }
  const groupId = scope.ids[0] ?? '';
  const rootId = managementGroupId(groupId);
  if (parents === undefined) return [];
  if (!groups.some((group) => group.id.toLowerCase() === rootId.toLowerCase())) {
    throw new UsageError(`management group ${groupId} was not found or is not visible to the caller`);
  }
  const inside = descendantGroupIds(groups, rootId);
  return visible.filter((subscription) => inside.has((parents.get(subscription.subscriptionId.toLowerCase()) ?? '').toLowerCase()));
}

function managementGroupsInScope(scope: ScanScope, groups: readonly SnapshotManagementGroup[]): SnapshotManagementGroup[] {
  if (scope.kind === 'subscriptions') return [];
  if (scope.kind === 'tenant') return [...groups];
  const groupId = scope.ids[0] ?? '';
  const rootId = managementGroupId(groupId);
  const inside = descendantGroupIds(groups, rootId);
  return groups.filter((group) => inside.has(group.id.toLowerCase()));
}

interface Inventory {
  readonly resources: SnapshotResource[];
  readonly identities: SnapshotUserAssignedIdentity[];
}

function isIdentityRow(row: unknown): boolean {
  return parseArmId(stringAt(row, 'id') ?? '').type?.toLowerCase() === UAMI_TYPE;
}

function mapInventory(rows: readonly unknown[], intern: Intern): Inventory {
  const resources: SnapshotResource[] = [];
  const identities: SnapshotUserAssignedIdentity[] = [];
  for (const row of rows) {
    if (isIdentityRow(row)) {
      const identity = userAssignedIdentityFromWire(row, intern);
      if (identity !== undefined) identities.push(identity);
    } else {
      const resource = resourceFromWire(row, intern);
      if (resource !== undefined) resources.push(resource);
    }
  }
  return { resources: uniqueBy(resources, (resource) => resource.id), identities: uniqueBy(identities, (identity) => identity.id) };
}

/**
 * Identities and resources by two Resource Graph queries paged side by side (arm/resource-graph.ts), each row mapped
 * as its page arrives; `onIdentity` starts the identity's FIC read at once.
 */
async function discoverWithResourceGraph(
  context: ArmCollectionContext,
  subscriptionIds: readonly string[],
  onIdentity: (identity: SnapshotUserAssignedIdentity) => void,
  intern: Intern,
): Promise<Inventory> {
  const [identities, resources] = await Promise.all([
    queryInBatches(context, subscriptionIds, { query: IDENTITY_QUERY, source: 'userAssignedIdentities' }, (row) => {
      const identity = isIdentityRow(row) ? userAssignedIdentityFromWire(row, intern) : undefined;
      if (identity !== undefined) onIdentity(identity);
      return identity;
    }),
    queryInBatches(context, subscriptionIds, { query: RESOURCE_QUERY, source: 'resources' }, (row) => (isIdentityRow(row) ? undefined : resourceFromWire(row, intern))),
  ]);
  return { resources: uniqueBy(resources, (resource) => resource.id), identities: uniqueBy(identities, (identity) => identity.id) };
}

/**
 * One query per batch of subscriptions, its rows mapped page by page and kept once the batch succeeded. If a batch
 * fails (e.g. 403 because one subscription is not readable), it is re-run per subscription so that only the
 * unreadable ones become gaps.
 */
async function queryInBatches<T>(
  context: ArmCollectionContext,
  subscriptionIds: readonly string[],
  search: { readonly query: string; readonly source: 'resources' | 'userAssignedIdentities' },
  map: (row: unknown) => T | undefined,
): Promise<T[]> {
  const { arm, coverage, concurrency } = context;
  const kept: T[] = [];
  const run = async (ids: readonly string[]): Promise<void> => {
    const mapped: T[] = [];
    const { truncated } = await queryPages(arm, search.query, ids, (rows) => {
      for (const row of rows) {
        const value = map(row);
        if (value !== undefined) mapped.push(value);
      }
    });
    for (const value of mapped) kept.push(value);
    for (const id of ids) {
      if (truncated) coverage.gap({ source: search.source, scope: `/subscriptions/${id}`, reason: 'Resource Graph truncated the result and returned no skip token' });
      else coverage.markRead(search.source, `/subscriptions/${id}`);
    }
  };
  for (let index = 0; index < subscriptionIds.length; index += SUBSCRIPTIONS_PER_QUERY) {
    const batch = subscriptionIds.slice(index, index + SUBSCRIPTIONS_PER_QUERY);
    try {
      await run(batch);
    } catch (error: unknown) {
      const failure = describeFailure(error);
      if (batch.length === 1 || failure.kind === 'credential' || (failure.kind === 'http' && failure.status === 401)) {
        await failBatch(context, search.source, batch, error);
        continue;
      }
      await mapBounded(batch, concurrency, async (id) => {
        try {
          await run([id]);
        } catch (inner: unknown) {
          await failBatch(context, search.source, [id], inner);
        }
      });
    }
  }
  return kept;
}

/** Records the failure of a query for these subscriptions as gaps (or rethrows an auth failure via the recorder). */
async function failBatch(context: ArmCollectionContext, source: 'resources' | 'userAssignedIdentities', ids: readonly string[], error: unknown): Promise<void> {
  for (const id of ids) await context.coverage.attempt(source, `/subscriptions/${id}`, () => Promise.reject(error));
}

async function discoverWithArm(context: ArmCollectionContext, subscriptionIds: readonly string[], intern: Intern): Promise<Inventory> {
  const { arm, coverage, concurrency } = context;
  const perSubscription = await mapBounded(subscriptionIds, concurrency, async (id) => {
    const [resources, identities] = await Promise.all([
      coverage.attempt('resources', `/subscriptions/${id}`, () => listResourcesWithArm(arm, id, concurrency)),
      coverage.attempt('userAssignedIdentities', `/subscriptions/${id}`, () => listIdentitiesWithArm(arm, id)),
    ]);
    return [...(resources ?? []), ...(identities ?? [])];
  });
  return mapInventory(perSubscription.flat(), intern);
}

/**
 * FIC lists of user-assigned identities, at most `concurrency` at a time (so other ARM reads never queue behind
 * thousands of them). `start` may be called early and twice; `of` returns the FICs of exactly the given identities.
 */
function createFicReader(
  arm: ServiceHttp,
  coverage: CoverageRecorder,
  concurrency: number,
): { start(identity: SnapshotUserAssignedIdentity): void; of(identities: readonly SnapshotUserAssignedIdentity[]): Promise<SnapshotFederatedCredential[]> } {
  const pool = createLimiter(concurrency);
  const started = new Map<string, Promise<SnapshotFederatedCredential[] | undefined>>();
  const start = (identity: SnapshotUserAssignedIdentity): Promise<SnapshotFederatedCredential[] | undefined> => {
    const key = identity.id.toLowerCase();
    const known = started.get(key);
    if (known !== undefined) return known;
    const read = pool.run(() => coverage.attempt('federatedIdentityCredentials', identity.id, () => listIdentityFics(arm, identity)));
    // Started early, awaited later by `of`: an auth failure must not surface as an unhandled rejection meanwhile.
    read.catch(() => undefined);
    started.set(key, read);
    return read;
  };
  return {
    start: (identity: SnapshotUserAssignedIdentity): void => void start(identity),
    of: async (identities: readonly SnapshotUserAssignedIdentity[]): Promise<SnapshotFederatedCredential[]> =>
      (await Promise.all(identities.map(start))).flatMap((list) => list ?? []),
  };
}

/** UAMI ids that resources reference (identity blocks, AKS kubelet) but no list returned; kept only on a 404. */
async function confirmDeletedIdentities(
  arm: ServiceHttp,
  coverage: CoverageRecorder,
  resources: readonly SnapshotResource[],
  identities: readonly SnapshotUserAssignedIdentity[],
  concurrency: number,
): Promise<string[]> {
  const known = new Set(identities.map((identity) => identity.id.toLowerCase()));
  const referenced = uniqueBy(
    resources.flatMap((resource) => [
      ...Object.keys(resource.identity?.userAssignedIdentities ?? {}),
      ...(resource.aks?.kubeletIdentity?.resourceId === undefined ? [] : [resource.aks.kubeletIdentity.resourceId]),
    ]),
    (id) => id,
  ).filter((id) => !known.has(id.toLowerCase()));
  const verdicts = await mapBounded(referenced, concurrency, (id) => coverage.attempt('userAssignedIdentities', id, () => isConfirmedDeleted(arm, id)));
  return referenced.filter((_, index) => verdicts[index] === true);
}

