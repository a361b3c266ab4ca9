/**
 * snapshot → inventory. The only place that knows how snapshot records relate to each other; rules get
 * ready-made joins and indexes. Built once per scan, then frozen.
 */
import type { DataSource, Snapshot, SnapshotApplication, SnapshotPolicyAssignment, SnapshotResource, SnapshotServicePrincipal } from '../snapshot/schema.js';
import { canonicalArmId, canonicalGuid, parseArmId, roleDefinitionGuid, scopeLevel, subscriptionOf } from '../azure/ids.js';
import { perValue } from '../core/memo.js';
import { isManagedIdentityServicePrincipal, managedIdentityMarkers } from './managed-identity-markers.js';
import type {
  Coverage,
  FederatedCredential,
  Inventory,
  PolicyAssignment,
  Resource,
  RoleAssignment,
  RoleDefinition,
  WorkloadIdentity,
} from './model.js';

export function buildInventory(snapshot: Snapshot): Inventory {
  const byGuid = <T extends { id: string }>(items: readonly T[]): Map<string, T> =>
    new Map(items.map((item) => [canonicalGuid(item.id), item]));
  const groupBy = <T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T[]> => {
    const map = new Map<string, T[]>();
    for (const item of items) {
      const key = keyOf(item);
      if (key === undefined) continue;
      const list = map.get(key);
      if (list === undefined) map.set(key, [item]);
      else list.push(item);
    }
    return map;
  };

  // The lowercase form of an ARM id that the inventory keeps (map keys, workload keys, credential owners) is made
  // once per distinct id and shared: each place used to keep its own copy (about 5 MB at 20,000 resources).
  const canonicalId = perValue(canonicalArmId);
  const resources: Resource[] = snapshot.resources.map(toResource);
  const resourceById = new Map(resources.map((resource) => [canonicalId(resource.id), resource]));
  const resourcesByGroup = groupBy(resources, (resource) =>
    canonicalId(`/subscriptions/${resource.subscriptionId}/resourceGroups/${resource.resourceGroup}`),
  );
  const uamiById = new Map(snapshot.userAssignedIdentities.map((uami) => [canonicalId(uami.id), uami]));
  const spById = byGuid(snapshot.servicePrincipals);
  const spByAppId = new Map(snapshot.servicePrincipals.map((sp) => [canonicalGuid(sp.appId), sp]));
  const appById = byGuid(snapshot.applications);
  const appByAppId = new Map(snapshot.applications.map((app) => [canonicalGuid(app.appId), app]));

  const roleDefinitions: RoleDefinition[] = snapshot.roleDefinitions.map((definition) => ({
    ...definition,
    ref: { kind: 'roleDefinition', id: definition.id, displayName: definition.roleName },
  }));
  const roleDefinitionByGuid = new Map(roleDefinitions.map((definition) => [canonicalGuid(definition.name), definition]));

  // 100,000 role assignments name a few thousand scopes and a few hundred role definitions: each distinct value is
  // parsed once, and the assignments share the resulting strings.
  const guidOfDefinition = perValue(roleDefinitionGuid);
  const levelOfScope = perValue(scopeLevel);
  const roleAssignments: RoleAssignment[] = snapshot.roleAssignments.map((assignment) => {
    const guid = guidOfDefinition(assignment.roleDefinitionId);
    const definition = roleDefinitionByGuid.get(guid);
    // Every field named, in one literal: a spread of snapshot objects of several shapes goes megamorphic in V8 and
    // gives each of 100,000 copies its own hidden class (~450 bytes each).
    return {
      id: assignment.id,
      name: assignment.name,
      scope: assignment.scope,
      roleDefinitionId: assignment.roleDefinitionId,
      principalId: assignment.principalId,
      principalType: assignment.principalType,
      condition: assignment.condition,
      conditionVersion: assignment.conditionVersion,
      createdOn: assignment.createdOn,
      createdBy: assignment.createdBy,
      description: assignment.description,
      ref:
        definition === undefined
          ? { kind: 'roleAssignment', id: assignment.id }
          : { kind: 'roleAssignment', id: assignment.id, displayName: definition.roleName },
      roleDefinitionGuid: guid,
      definition,
      scopeLevel: levelOfScope(assignment.scope),
    };
  });
  const assignmentsByPrincipal = groupBy(roleAssignments, (assignment) => canonicalGuid(assignment.principalId));
  const assignmentsByScope = groupBy(roleAssignments, (assignment) => canonicalId(assignment.scope));

  const workloads: WorkloadIdentity[] = [];
  for (const uami of snapshot.userAssignedIdentities) {
    const servicePrincipal = spById.get(canonicalGuid(uami.principalId));
    workloads.push({
      key: canonicalId(uami.id),
      kind: 'userAssignedIdentity',
      ref: { kind: 'userAssignedIdentity', id: uami.id, displayName: uami.name, principalId: uami.principalId },
      displayName: uami.name,
      principalId: canonicalGuid(uami.principalId),
      clientId: uami.clientId,
      subscriptionId: uami.subscriptionId.toLowerCase(),
      resourceGroup: uami.resourceGroup,
      location: uami.location,
      tags: uami.tags ?? {},
      userAssignedIdentity: uami,
      ...(servicePrincipal === undefined ? {} : { servicePrincipal }),
    });
  }
  for (const resource of resources) {
    const principalId = resource.identity?.principalId;
    if (!resource.hasSystemAssignedIdentity || principalId === undefined || principalId === null) continue;
    const servicePrincipal = spById.get(canonicalGuid(principalId));
    workloads.push({
      key: `${canonicalId(resource.id)}#system`,
      kind: 'systemAssignedIdentity',
      ref: { kind: 'systemAssignedIdentity', id: resource.id, displayName: resource.name, principalId },
      displayName: resource.name,
      principalId: canonicalGuid(principalId),
      clientId: servicePrincipal?.appId,
      subscriptionId: resource.subscriptionId.toLowerCase(),
      resourceGroup: resource.resourceGroup,
      location: resource.location,
      tags: resource.tags ?? {},
      hostResource: resource,
      ...(servicePrincipal === undefined ? {} : { servicePrincipal }),
    });
  }
  const policyAssignments: PolicyAssignment[] = (snapshot.policyAssignments ?? []).map(toPolicyAssignment);
  const policyAssignmentById = new Map(policyAssignments.map((assignment) => [canonicalId(assignment.id), assignment]));
  for (const assignment of policyAssignments) {
    const principalId = assignment.systemPrincipalId;
    if (principalId === undefined) continue;
    const servicePrincipal = spById.get(principalId);
    const scope = parseArmId(assignment.scope);
    workloads.push({
      key: `${canonicalId(assignment.id)}#system`,
      kind: 'systemAssignedIdentity',
      ref: { kind: 'systemAssignedIdentity', id: assignment.id, displayName: assignment.ref.displayName ?? assignment.name, principalId },
      displayName: assignment.ref.displayName ?? assignment.name,
      principalId,
      clientId: servicePrincipal?.appId,
      subscriptionId: scope.subscriptionId?.toLowerCase(),
      resourceGroup: scope.resourceGroup,
      location: assignment.location ?? undefined,
      tags: {},
      hostPolicyAssignment: assignment,
      ...(servicePrincipal === undefined ? {} : { servicePrincipal }),
    });
  }
  const appsWithFics = new Set(
    snapshot.federatedIdentityCredentials
      .filter((fic) => fic.owner.kind === 'application')
      .map((fic) => canonicalGuid(fic.owner.id)),
  );
  for (const app of snapshot.applications) {
    if (!appsWithFics.has(canonicalGuid(app.id))) continue;
    workloads.push(applicationWorkload(app, spByAppId.get(canonicalGuid(app.appId))));
  }

  const federatedCredentials: FederatedCredential[] = snapshot.federatedIdentityCredentials.map((fic) => ({
    id: fic.id,
    name: fic.name,
    owner: fic.owner,
    issuer: fic.issuer,
    subject: fic.subject,
    audiences: fic.audiences,
    claimsMatchingExpression: fic.claimsMatchingExpression,
    description: fic.description,
    ref: { kind: 'federatedIdentityCredential', id: fic.id, displayName: fic.name },
    ownerKey: fic.owner.kind === 'application' ? `app:${canonicalGuid(fic.owner.id)}` : canonicalId(fic.owner.id),
  }));
  const ficsByOwner = groupBy(federatedCredentials, (fic) => fic.ownerKey);
  const appFicsBySubject = groupBy(federatedCredentials, (fic) =>
    fic.owner.kind === 'application' && fic.subject !== null ? canonicalGuid(fic.subject) : undefined,
  );
  const accessPolicies = resources.flatMap((vault) => (vault.keyVault?.accessPolicies ?? []).map((policy) => ({ vault, policy })));
  const accessPoliciesByObject = groupBy(accessPolicies, (entry) => canonicalGuid(entry.policy.objectId));

  const resourcesByIdentity = new Map<string, Resource[]>();
  const addUse = (identityId: string, resource: Resource): void => {
    const key = canonicalId(identityId);
    const list = resourcesByIdentity.get(key) ?? [];
    if (!list.includes(resource)) list.push(resource);
    resourcesByIdentity.set(key, list);
  };
  for (const resource of resources) {
    for (const identityId of resource.attachedIdentityIds) addUse(identityId, resource);
    const kubelet = resource.aks?.kubeletIdentity?.resourceId;
    if (kubelet !== undefined) addUse(kubelet, resource);
  }
  const policyAssignmentsByIdentity = new Map<string, PolicyAssignment[]>();
  for (const assignment of policyAssignments) {
    for (const identityId of assignment.attachedIdentityIds) {
      const key = canonicalId(identityId);
      policyAssignmentsByIdentity.set(key, [...(policyAssignmentsByIdentity.get(key) ?? []), assignment]);
    }
  }
  const clustersByIssuer = groupBy(
    resources.filter((resource) => typeof resource.aks?.oidcIssuerUrl === 'string'),
    (resource) => resource.aks?.oidcIssuerUrl ?? undefined,
  );

  const mgById = new Map(snapshot.managementGroups.map((group) => [canonicalArmId(group.id), group]));
  const subscriptionById = new Map(snapshot.subscriptions.map((sub) => [sub.subscriptionId.toLowerCase(), sub]));
  const appRoleAssignmentsByPrincipal = groupBy(snapshot.appRoleAssignments, (grant) => canonicalGuid(grant.principalId));
  const directoryRoleAssignmentsByPrincipal = groupBy(snapshot.directoryRoleAssignments, (grant) =>
    canonicalGuid(grant.principalId),
  );
  const directoryRoleById = byGuid(snapshot.directoryRoleDefinitions);
  const directoryRoleByTemplate = new Map(
    snapshot.directoryRoleDefinitions
      .filter((definition) => typeof definition.templateId === 'string')
      .map((definition) => [canonicalGuid(definition.templateId ?? ''), definition]),
  );
  const directoryObjectById = byGuid(snapshot.directoryObjects);
  const unresolved = new Set(snapshot.unresolvedPrincipalIds.map(canonicalGuid));

  // A managed-identity service principal that holds a grant is judged like any other identity even when its host
  // (resource, user-assigned identity, policy assignment) was not found: unread scope, unsupported host type, or gone.
  const knownPrincipals = new Set(workloads.map((workload) => workload.principalId).filter((id) => id !== undefined));
  for (const sp of snapshot.servicePrincipals) {
    const principalId = canonicalGuid(sp.id);
    if (!isManagedIdentityServicePrincipal(sp) || knownPrincipals.has(principalId)) continue;
    const holdsGrant =
      assignmentsByPrincipal.has(principalId) ||
      appRoleAssignmentsByPrincipal.has(principalId) ||
      directoryRoleAssignmentsByPrincipal.has(principalId) ||
      accessPoliciesByObject.has(principalId);
    if (!holdsGrant) continue;
    const markers = managedIdentityMarkers(sp);
    const host = markers.armId === undefined ? {} : parseArmId(markers.armId);
    knownPrincipals.add(principalId);
    workloads.push({
      key: `mi:${principalId}`,
      kind: markers.isExplicit === true ? 'userAssignedIdentity' : 'systemAssignedIdentity',
      ref: { kind: 'servicePrincipal', id: sp.id, displayName: sp.displayName, principalId: sp.id },
      displayName: sp.displayName,
      principalId,
      clientId: sp.appId,
      subscriptionId: host.subscriptionId?.toLowerCase(),
      resourceGroup: host.resourceGroup,
      location: undefined,
      tags: {},
      servicePrincipal: sp,
      hostNotFound: { hostId: markers.armId },
    });
  }
  const workloadByKey = new Map(workloads.map((workload) => [workload.key, workload]));
  const workloadByPrincipal = new Map<string, WorkloadIdentity>();
  for (const workload of workloads) {
    if (workload.principalId !== undefined) workloadByPrincipal.set(workload.principalId, workload);
  }
  const deleted = new Set(snapshot.deletedIdentityIds.map(canonicalArmId));
  const signInByAppId = new Map((snapshot.signInActivity ?? []).map((activity) => [canonicalGuid(activity.appId), activity]));

  const managementGroupChain = (groupId: string | null | undefined): string[] => {
    const chain: string[] = [];
    let current = groupId === null || groupId === undefined ? undefined : mgById.get(canonicalArmId(groupId));
    while (current !== undefined && !chain.includes(canonicalArmId(current.id))) {
      chain.push(canonicalArmId(current.id));
      current = current.parentId === null ? undefined : mgById.get(canonicalArmId(current.parentId));
    }
    return chain;
  };
  const ancestorScopes = (targetId: string): string[] => {
    const canonical = canonicalArmId(targetId);
    const scopes: string[] = [];
    if (canonical.startsWith('/providers/microsoft.management/managementgroups/')) {
      scopes.push(...managementGroupChain(canonical));
    } else {
      // Every prefix of the id down to its first two segments (`/subscriptions/<id>`), longest first. The canonical
      // id has no repeated or trailing slash, so each prefix ends before a slash.
      let prefix = canonical.startsWith('/') ? canonical : `/${canonical}`;
      const segments = prefix.split('/').length - 1;
      for (let remaining = segments; remaining >= 2; remaining -= 1) {
        scopes.push(prefix);
        prefix = prefix.slice(0, prefix.lastIndexOf('/'));
      }
      const subscriptionId = subscriptionOf(canonical);
      if (subscriptionId !== undefined) {
        scopes.push(...managementGroupChain(subscriptionById.get(subscriptionId)?.managementGroupId));
      }
    }
    scopes.push('/');
    return [...new Set(scopes)];
  };

  const coverage = buildCoverage(snapshot);
  const empty: readonly never[] = Object.freeze([]);

  const inventory: Inventory = {
    tenantId: snapshot.tenantId,
    cloud: snapshot.cloud,
    scope: snapshot.scope,
    collectedAt: snapshot.collectedAt,
    managementGroups: snapshot.managementGroups,
    subscriptions: snapshot.subscriptions,
    resources,
    userAssignedIdentities: snapshot.userAssignedIdentities,
    workloadIdentities: workloads,
    federatedCredentials,
    roleDefinitions,
    roleAssignments,
    servicePrincipals: snapshot.servicePrincipals,
    applications: snapshot.applications,
    appRoleAssignments: snapshot.appRoleAssignments,
    directoryRoleDefinitions: snapshot.directoryRoleDefinitions,
    directoryRoleAssignments: snapshot.directoryRoleAssignments,
    directoryObjects: snapshot.directoryObjects,
    policyAssignments,
    coverage,
    resource: (id) => resourceById.get(canonicalArmId(id)),
    userAssignedIdentity: (id) => uamiById.get(canonicalArmId(id)),
    workloadByPrincipal: (principalId) => workloadByPrincipal.get(canonicalGuid(principalId)),
    workload: (key) => workloadByKey.get(key),
    ficsOf: (workloadKey) => ficsByOwner.get(workloadKey) ?? empty,
    resourcesInResourceGroup: (resourceGroupId) => resourcesByGroup.get(canonicalArmId(resourceGroupId)) ?? empty,
    resourcesUsing: (identityId) => resourcesByIdentity.get(canonicalArmId(identityId)) ?? empty,
    policyAssignmentsUsing: (identityId) => policyAssignmentsByIdentity.get(canonicalArmId(identityId)) ?? empty,
    policyAssignment: (id) => policyAssignmentById.get(canonicalArmId(id)),
    accessPoliciesOf: (principalId) => accessPoliciesByObject.get(canonicalGuid(principalId)) ?? empty,
    appFicsTrustingPrincipal: (principalId) => appFicsBySubject.get(canonicalGuid(principalId)) ?? empty,
    assignmentsOf: (principalId) => assignmentsByPrincipal.get(canonicalGuid(principalId)) ?? empty,
    assignmentsCovering: (targetId) => ancestorScopes(targetId).flatMap((scope) => assignmentsByScope.get(scope) ?? []),
    ancestorScopes,
    roleDefinition: (idOrGuid) => roleDefinitionByGuid.get(roleDefinitionGuid(idOrGuid)),
    servicePrincipal: (objectId) => spById.get(canonicalGuid(objectId)),
    servicePrincipalByAppId: (appId) => spByAppId.get(canonicalGuid(appId)),
    application: (objectId) => appById.get(canonicalGuid(objectId)),
    applicationByAppId: (appId) => appByAppId.get(canonicalGuid(appId)),
    appRoleAssignmentsOf: (principalId) => appRoleAssignmentsByPrincipal.get(canonicalGuid(principalId)) ?? empty,
    directoryRoleAssignmentsOf: (principalId) =>
      directoryRoleAssignmentsByPrincipal.get(canonicalGuid(principalId)) ?? empty,
    directoryRoleDefinition: (id) => directoryRoleById.get(canonicalGuid(id)) ?? directoryRoleByTemplate.get(canonicalGuid(id)),
    directoryObject: (id) => directoryObjectById.get(canonicalGuid(id)),
    isUnresolvedPrincipal: (principalId) => unresolved.has(canonicalGuid(principalId)),
    isDeletedIdentity: (id) => deleted.has(canonicalArmId(id)),
    clustersWithIssuer: (issuer) => clustersByIssuer.get(issuer) ?? empty,
    signInActivityOf: (appId) => signInByAppId.get(canonicalGuid(appId)),
    subscription: (subscriptionId) => subscriptionById.get(subscriptionId.toLowerCase()),
    managementGroup: (id) => mgById.get(canonicalArmId(id)),
  };
  return Object.freeze(inventory);
}

/** An app registration as a workload identity (through its service principal, when the tenant has one). */
export function applicationWorkload(app: SnapshotApplication, servicePrincipal: SnapshotServicePrincipal | undefined): WorkloadIdentity {
  return {
    key: `app:${canonicalGuid(app.id)}`,
    kind: 'application',
    ref: {
      kind: 'application',
      id: app.id,
      displayName: app.displayName,
      ...(servicePrincipal === undefined ? {} : { principalId: servicePrincipal.id }),
    },
    displayName: app.displayName,
    principalId: servicePrincipal === undefined ? undefined : canonicalGuid(servicePrincipal.id),
    clientId: app.appId,
    subscriptionId: undefined,
    resourceGroup: undefined,
    location: undefined,
    tags: {},
    application: app,
    ...(servicePrincipal === undefined ? {} : { servicePrincipal }),
  };
}

function toResource(resource: SnapshotResource): Resource {
  const identityType = (resource.identity?.type ?? '').toLowerCase();
  // Every field named (see roleAssignments in buildInventory: one hidden class for all copies, not one each).
  return {
    id: resource.id,
    name: resource.name,
    type: resource.type,
    location: resource.location,
    subscriptionId: resource.subscriptionId,
    resourceGroup: resource.resourceGroup,
    tags: resource.tags,
    identity: resource.identity,
    keyVault: resource.keyVault,
    aks: resource.aks,
    ref: { kind: 'resource', id: resource.id, displayName: resource.name },
    attachedIdentityIds: Object.keys(resource.identity?.userAssignedIdentities ?? {}),
    hasSystemAssignedIdentity: identityType.includes('systemassigned'),
  };
}

function toPolicyAssignment(assignment: SnapshotPolicyAssignment): PolicyAssignment {
  const principalId = assignment.identity?.principalId;
  const systemAssigned = (assignment.identity?.type ?? '').toLowerCase().includes('systemassigned');
  const displayName = typeof assignment.displayName === 'string' && assignment.displayName !== '' ? assignment.displayName : assignment.name;
  return {
    ...assignment,
    ref: { kind: 'policyAssignment', id: assignment.id, displayName },
    systemPrincipalId: systemAssigned && typeof principalId === 'string' && principalId !== '' ? canonicalGuid(principalId) : undefined,
    attachedIdentityIds: Object.keys(assignment.identity?.userAssignedIdentities ?? {}),
    scopeLevel: scopeLevel(assignment.scope),
  };
}

function buildCoverage(snapshot: Snapshot): Coverage {
  const gaps = snapshot.coverage.gaps;
  const gapScopes = new Map<DataSource, Set<string>>();
  for (const gap of gaps) {
    const set = gapScopes.get(gap.source) ?? new Set<string>();
    set.add(gap.scope === 'tenant' ? 'tenant' : canonicalArmId(gap.scope));
    gapScopes.set(gap.source, set);
  }
  const isComplete = (source: DataSource, scope?: string): boolean => {
    const scopes = gapScopes.get(source);
    if (scopes === undefined) return true;
    if (scope === undefined || scopes.has('tenant')) return false;
    const canonical = canonicalArmId(scope);
    if (scopes.has(canonical)) return false;
    const subscriptionId = subscriptionOf(canonical);
    return subscriptionId === undefined || !scopes.has(`/subscriptions/${subscriptionId}`);
  };
  const readScopes = new Map<DataSource, Set<string>>();
  for (const entry of snapshot.coverage.read) {
    const set = readScopes.get(entry.source) ?? new Set<string>();
    set.add(entry.scope === 'tenant' ? 'tenant' : canonicalArmId(entry.scope));
    readScopes.set(entry.source, set);
  }
  // Absence is evidence only where a read is recorded: Resource Graph leaves out unreadable subscriptions without an
  // error, so "no gap" alone does not prove a scope was seen.
  const wasRead = (source: DataSource, scope: string): boolean => {
    const scopes = readScopes.get(source);
    if (scopes === undefined || !isComplete(source, scope)) return false;
    if (scopes.has('tenant')) return true;
    const canonical = canonicalArmId(scope);
    const subscriptionId = subscriptionOf(canonical);
    return scopes.has(canonical) || (subscriptionId !== undefined && scopes.has(`/subscriptions/${subscriptionId}`));
  };
  const readableSubscriptions = new Set(
    snapshot.subscriptions
      .map((sub) => sub.subscriptionId.toLowerCase())
      .filter((id) => wasRead('resources', `/subscriptions/${id}`) && wasRead('userAssignedIdentities', `/subscriptions/${id}`)),
  );
  return { complete: gaps.length === 0, gaps, isComplete, wasRead, readableSubscriptions };
}
