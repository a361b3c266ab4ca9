/**
 * The synthetic tenants of `npm run bench`. Two profiles:
 * - `offline`: the dense tenant of the offline pipeline benchmark (scan --snapshot);
 * - `live`: the tenant of issue 10 that the HTTPS mock serves to a real `mi-audit scan` (50 subscriptions, 5,000
 *   user-assigned identities, 20,000 resources with identities, 100,000 role assignments, 10,000 app registrations,
 *   ~250 app-role grants). It is self-consistent: what a complete collection returns equals it (after
 *   normaliseSnapshot), so it also serves as the reference of the economy test.
 */
import type { Snapshot, SnapshotAppRoleAssignment, SnapshotDirectoryObject, SnapshotServicePrincipal } from '../../src/snapshot/schema.js';
import { allBuiltinRoles } from '../../test/helpers/builtin-roles.js';
import { guid } from '../../test/helpers/tenant-builder.js';

export interface TenantSize {
  readonly subscriptions: number;
  readonly identities: number;
  readonly resources: number;
  readonly assignments: number;
  readonly fics: number;
  readonly apps: number;
  /** App-role grants (live profile only). */
  readonly grants: number;
}

export function offlineSize(scale: number): TenantSize {
  return {
    subscriptions: Math.max(2, Math.round(40 * scale)),
    identities: Math.round(20_000 * scale),
    resources: Math.round(50_000 * scale),
    assignments: Math.round(100_000 * scale),
    fics: Math.round(10_000 * scale),
    apps: Math.round(2_000 * scale),
    grants: 0,
  };
}

export function liveSize(scale: number): TenantSize {
  return {
    subscriptions: Math.max(2, Math.round(50 * scale)),
    identities: Math.max(4, Math.round(5_000 * scale)),
    resources: Math.max(4, Math.round(20_000 * scale)),
    assignments: Math.max(4, Math.round(100_000 * scale)),
    fics: Math.max(2, Math.round(2_500 * scale)),
    apps: Math.max(2, Math.round(10_000 * scale)),
    grants: Math.max(30, Math.round(250 * scale)),
  };
}

/** Microsoft Graph's well-known appId; its object id differs per tenant. */
const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export function syntheticTenant(size: TenantSize, profile: 'offline' | 'live'): Snapshot {
  const live = profile === 'live';
  const tenantId = guid('bench-tenant');
  const roles = allBuiltinRoles();
  const subs = Array.from({ length: size.subscriptions }, (_, i) => ({
    subscriptionId: guid(`bench-sub-${i}`),
    displayName: `sub-${i % 3 === 0 ? 'prod' : 'dev'}-${i}`,
    ...(live ? { state: 'Enabled' } : {}),
    managementGroupId: '/providers/Microsoft.Management/managementGroups/bench',
  }));
  const subOf = (i: number): (typeof subs)[number] => subs[i % subs.length] ?? subs[0]!;
  const identities = Array.from({ length: size.identities }, (_, i) => {
    const sub = subOf(i);
    const id = `/subscriptions/${sub.subscriptionId}/resourceGroups/rg-${i % 2000}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-${i}`;
    return { id, name: `id-${i}`, location: 'westeurope', subscriptionId: sub.subscriptionId, resourceGroup: `rg-${i % 2000}`, tenantId, principalId: guid(`p-${i}`), clientId: guid(`c-${i}`) };
  });
  const types = ['Microsoft.Web/sites', 'Microsoft.Compute/virtualMachines', 'Microsoft.Storage/storageAccounts', 'Microsoft.KeyVault/vaults'];
  const resources = Array.from({ length: size.resources }, (_, i) => {
    const sub = subOf(i);
    const type = types[i % types.length] ?? 'Microsoft.Web/sites';
    const identity = identities[(i * 7) % identities.length];
    const id = `/subscriptions/${sub.subscriptionId}/resourceGroups/rg-${i % 2000}/providers/${type}/res-${i}`;
    return {
      id,
      name: `res-${i}`,
      type,
      location: 'westeurope',
      subscriptionId: sub.subscriptionId,
      resourceGroup: `rg-${i % 2000}`,
      identity:
        i % 2 === 0 && identity !== undefined
          ? { type: 'SystemAssigned, UserAssigned', principalId: guid(`sys-${i}`), userAssignedIdentities: { [live ? identity.id : identity.id.toLowerCase()]: { principalId: identity.principalId, clientId: identity.clientId } } }
          : { type: 'SystemAssigned', principalId: guid(`sys-${i}`) },
      ...(type === 'Microsoft.KeyVault/vaults'
        ? { keyVault: { enableRbacAuthorization: i % 8 !== 3, accessPolicies: identity === undefined ? [] : [{ tenantId, objectId: identity.principalId, permissions: { secrets: ['get', 'list', i % 16 === 3 ? 'set' : 'get'] } }] } }
        : {}),
    };
  });
  // A few people and one deleted principal hold roles too (live: resolved with getByIds, unresolved kept).
  const users: SnapshotDirectoryObject[] = live ? Array.from({ length: 30 }, (_, i) => ({ id: guid(`user-${i}`), type: 'user' as const, displayName: `user-${i}` })) : [];
  const deletedPrincipal = guid('gone');
  const principals = [...identities.map((identity) => identity.principalId), ...resources.map((resource) => resource.identity.principalId)];
  // ARM refuses a second assignment of one role to one principal at one scope, so skip repeats.
  const seenTriples = new Set<string>();
  const broadRoles = roles.filter((role) => ['Reader', 'Contributor', 'Owner', 'Monitoring Metrics Publisher'].includes(role.roleName));
  const roleAssignments = Array.from({ length: size.assignments }, (_, i) => {
    const sub = subOf(i);
    // Subscription-wide grants are the few broad roles real tenants hand out there; the full catalog goes to
    // resource groups (2000 of them, ~25 resources and ~10 identities each).
    const role = (i % 10 === 0 ? broadRoles[(i / 10) % broadRoles.length] : roles[i % roles.length]) ?? roles[0]!;
    const scope = i % 10 === 0 ? `/subscriptions/${sub.subscriptionId}` : `/subscriptions/${sub.subscriptionId}/resourceGroups/rg-${i % 2000}`;
    const name = guid(`ra-${i}`);
    const person = live && i % 997 === 1 ? users[i % users.length] : undefined;
    const principalId = live && i === 3 ? deletedPrincipal : (person?.id ?? principals[(i * 13) % principals.length] ?? guid('x'));
    const triple = `${principalId}|${role.name}|${scope}`;
    if (seenTriples.has(triple)) return undefined;
    seenTriples.add(triple);
    return {
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      name,
      scope,
      roleDefinitionId: `/subscriptions/${sub.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role.name}`,
      principalId,
      principalType: person === undefined ? 'ServicePrincipal' : 'User',
      createdOn: '2026-01-01T00:00:00Z',
    };
  }).filter((assignment) => assignment !== undefined);
  const subjects = ['repo:contoso/app:pull_request', 'repo:contoso@1/app@2:environment:prod', 'system:serviceaccount:default:default', 'repository_owner:contoso', 'repo:contoso/app:ref:refs/heads/main'];
  const federatedIdentityCredentials = Array.from({ length: size.fics }, (_, i) => {
    const owner = identities[i % identities.length]!;
    return { id: `${owner.id}/federatedIdentityCredentials/fic-${i}`, name: `fic-${i}`, owner: { kind: 'userAssignedIdentity' as const, id: owner.id }, issuer: i % 5 === 2 ? `https://westeurope.oic.prod-aks.azure.com/${tenantId}/${guid(`aks-${i}`)}/` : 'https://token.actions.githubusercontent.com', subject: subjects[i % subjects.length] ?? 'x', audiences: ['api://AzureADTokenExchange'] };
  });
  // Live: every app has an owner; one in 1,000 has 25 (more than an expanded relationship returns).
  const ownersOf = (i: number): SnapshotDirectoryObject[] =>
    !live || users.length === 0 ? [] : Array.from({ length: i % 1000 === 0 ? 25 : 1 }, (_, k) => users[(i + k) % users.length]!).filter((owner, k, all) => all.indexOf(owner) === k);
  const applications = Array.from({ length: size.apps }, (_, i) => ({ id: guid(`app-${i}`), appId: guid(`appid-${i}`), displayName: `app-${i}`, ...(live ? { signInAudience: 'AzureADMyOrg' } : {}), passwordCredentials: i % 3 === 0 ? [{ keyId: guid(`k-${i}`) }] : [], keyCredentials: [], owners: ownersOf(i) }));
  for (const [i, app] of applications.entries()) {
    federatedIdentityCredentials.push({ id: guid(`afic-${i}`), name: `afic-${i}`, owner: { kind: 'application' as never, id: app.id }, issuer: 'https://token.actions.githubusercontent.com', subject: subjects[i % subjects.length] ?? 'x', audiences: ['api://AzureADTokenExchange'] });
  }
  const managedIdentitySps: SnapshotServicePrincipal[] = [
    ...identities.map((identity) => ({ id: identity.principalId, appId: identity.clientId, displayName: identity.name, servicePrincipalType: 'ManagedIdentity', alternativeNames: ['isExplicit=True', identity.id] })),
    ...(live ? resources.map((resource, i) => ({ id: resource.identity.principalId, appId: guid(`sys-app-${i}`), displayName: resource.name, servicePrincipalType: 'ManagedIdentity', alternativeNames: ['isExplicit=False', resource.id] })) : []),
  ];
  const applicationSps: SnapshotServicePrincipal[] = applications.map((app, i) => ({ id: guid(`sp-${i}`), appId: app.appId, displayName: app.displayName, servicePrincipalType: 'Application', alternativeNames: [] }));
  const graphRoles = ['Application.ReadWrite.All', 'Directory.Read.All', 'User.Read.All', 'Group.ReadWrite.All', 'RoleManagement.ReadWrite.Directory'].map((value) => ({ id: guid(`role-${value}`), value, displayName: value }));
  const microsoftGraph: SnapshotServicePrincipal = { id: guid('msgraph-sp'), appId: MICROSOFT_GRAPH_APP_ID, displayName: 'Microsoft Graph', servicePrincipalType: 'Application', alternativeNames: [], appOwnerOrganizationId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a', appRoles: graphRoles };
  // Grants: most principals hold one or two; one app holds 25 (more than `$expand` returns).
  const grantees = [...managedIdentitySps.slice(0, Math.ceil(size.grants / 2)), ...applicationSps.slice(0, Math.ceil(size.grants / 4))];
  const appRoleAssignments: SnapshotAppRoleAssignment[] = [];
  if (live && size.grants > 0) {
    const heavy = applicationSps[applicationSps.length - 1];
    for (let i = 0; appRoleAssignments.length < size.grants - 25 && i < grantees.length * graphRoles.length; i += 1) {
      const principal = grantees[i % grantees.length]!;
      const role = graphRoles[Math.floor(i / grantees.length)]!;
      appRoleAssignments.push({ id: guid(`grant-${i}`), principalId: principal.id, principalType: 'ServicePrincipal', principalDisplayName: principal.displayName, resourceId: microsoftGraph.id, resourceDisplayName: 'Microsoft Graph', appRoleId: role.id, createdDateTime: '2026-01-01T00:00:00Z' });
    }
    for (let k = 0; heavy !== undefined && k < 25; k += 1) {
      appRoleAssignments.push({ id: guid(`grant-heavy-${k}`), principalId: heavy.id, principalType: 'ServicePrincipal', principalDisplayName: heavy.displayName, resourceId: microsoftGraph.id, resourceDisplayName: 'Microsoft Graph', appRoleId: graphRoles[k % graphRoles.length]!.id, createdDateTime: `2026-01-${String(1 + k).padStart(2, '0')}T00:00:00Z` });
    }
  }
  const servicePrincipals = [...managedIdentitySps, ...applicationSps, ...(live ? [microsoftGraph] : [])];
  const spById = new Map(servicePrincipals.map((sp) => [sp.id, sp]));
  const userById = new Map(users.map((user) => [user.id, user]));
  // What a complete collection resolves: every role-assignment principal that exists, and every app owner.
  const directoryObjects: SnapshotDirectoryObject[] = live
    ? [
        ...new Map(
          [
            ...roleAssignments.flatMap((assignment): SnapshotDirectoryObject[] => {
              const sp = spById.get(assignment.principalId);
              if (sp !== undefined) return [{ id: sp.id, type: 'servicePrincipal', displayName: sp.displayName }];
              const user = userById.get(assignment.principalId);
              return user === undefined ? [] : [user];
            }),
            ...applications.flatMap((app) => app.owners),
          ].map((object) => [object.id, object]),
        ).values(),
      ]
    : servicePrincipals.map((sp) => ({ id: sp.id, type: 'servicePrincipal' as const, displayName: sp.displayName }));
  return {
    kind: 'mi-audit/snapshot',
    schemaVersion: 1,
    tool: { name: 'mi-audit', version: 'bench' },
    tenantId,
    cloud: 'AzureCloud',
    scope: { kind: 'tenant', ids: [] },
    collectedAt: '2026-11-20T00:00:00Z',
    managementGroups: [{ id: '/providers/Microsoft.Management/managementGroups/bench', name: 'bench', displayName: 'bench', parentId: null }],
    subscriptions: subs,
    resources,
    userAssignedIdentities: identities,
    federatedIdentityCredentials,
    roleDefinitions: roles,
    roleAssignments,
    servicePrincipals,
    applications,
    appRoleAssignments,
    directoryRoleDefinitions: [],
    directoryRoleAssignments: [],
    directoryObjects,
    unresolvedPrincipalIds: [deletedPrincipal],
    deletedIdentityIds: [],
    coverage: { read: [], gaps: [] },
  };
}
