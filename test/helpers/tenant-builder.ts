/**
 * A fluent builder of snapshot-v1 tenants, for rule tests and for the demo tenant (scripts/demo-tenant/).
 * It fills the joins collection would produce: a Graph service principal for every managed identity, the
 * directory objects of role-assignment principals, the MI service principal alternativeNames.
 *
 *   const t = new TenantBuilder();
 *   const prod = t.subscription('prod');
 *   const id = t.uami({ name: 'id-deploy', subscription: prod, resourceGroup: 'rg-id' });
 *   t.fic(id, { name: 'gh', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:pull_request' });
 *   t.assign(id, 'Owner', prod.scope);
 *   const inventory = buildInventory(t.build());
 */
import { createHash } from 'node:crypto';

import { MICROSOFT_GRAPH_APP_ID, GRAPH_TIER0, GRAPH_TIER1 } from '../../src/rules/util/graph-permissions.js';
import { ENTRA_TIER0_ROLES } from '../../src/rules/util/entra-roles.js';
import {
  SNAPSHOT_KIND,
  SNAPSHOT_SCHEMA_VERSION,
  type Cloud,
  type CoverageGap,
  type ScanScope,
  type Snapshot,
  type SnapshotAks,
  type SnapshotApplication,
  type SnapshotDirectoryObject,
  type SnapshotFederatedCredential,
  type SnapshotKeyVault,
  type SnapshotPolicyAssignment,
  type SnapshotResource,
  type SnapshotRoleDefinition,
  type SnapshotServicePrincipal,
  type SnapshotUserAssignedIdentity,
} from '../../src/snapshot/schema.js';
import { allBuiltinRoles, type BuiltinRoleName } from './builtin-roles.js';

/** A deterministic GUID from a label, so fixtures are stable and readable in code. */
export function guid(label: string): string {
  const hex = createHash('sha256').update(label).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const TOKEN_EXCHANGE = 'api://AzureADTokenExchange';

export interface SubscriptionHandle {
  readonly subscriptionId: string;
  /** `/subscriptions/<id>` */
  readonly scope: string;
  readonly name: string;
}

/** Something that can hold roles: an identity, a resource with a system-assigned identity, an app, a user… */
export type PrincipalLike =
  | SnapshotUserAssignedIdentity
  | SnapshotResource
  | SnapshotApplication
  | SnapshotServicePrincipal
  | SnapshotPolicyAssignment
  | { readonly principalId: string; readonly principalType?: string };

export interface UamiInput {
  readonly name: string;
  readonly subscription: SubscriptionHandle;
  readonly resourceGroup?: string;
  readonly location?: string;
  readonly tags?: Record<string, string>;
  /** Override the principal id (e.g. to model a recreated identity). */
  readonly principalId?: string;
}

export interface ResourceInput {
  /** e.g. `Microsoft.Web/sites` */
  readonly type: string;
  readonly name: string;
  readonly subscription: SubscriptionHandle;
  readonly resourceGroup?: string;
  readonly location?: string;
  readonly tags?: Record<string, string>;
  readonly kind?: string;
  readonly systemAssigned?: boolean;
  /** User-assigned identities (or raw ARM ids, in any casing) in the identity block. */
  readonly userAssigned?: readonly (SnapshotUserAssignedIdentity | string)[];
  readonly keyVault?: SnapshotKeyVault;
  readonly aks?: SnapshotAks;
}

export interface FicInput {
  readonly name: string;
  readonly issuer: string;
  readonly subject?: string | null;
  readonly audiences?: readonly string[];
  readonly claimsMatchingExpression?: { readonly value: string; readonly languageVersion?: number };
  readonly description?: string;
}

export interface ApplicationInput {
  readonly displayName: string;
  readonly secrets?: number;
  readonly certificates?: number;
  readonly owners?: readonly SnapshotDirectoryObject[];
  readonly signInAudience?: string;
}

export class TenantBuilder {
  readonly tenantId: string;
  readonly cloud: Cloud;
  private readonly snapshot: Snapshot;
  private readonly users = new Map<string, SnapshotDirectoryObject>();
  private graphSp: SnapshotServicePrincipal | undefined;

  constructor(options: { tenantId?: string; cloud?: Cloud; collectedAt?: string; scope?: ScanScope } = {}) {
    this.tenantId = options.tenantId ?? guid('tenant');
    this.cloud = options.cloud ?? 'AzureCloud';
    this.snapshot = {
      kind: SNAPSHOT_KIND,
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      tool: { name: 'mi-audit', version: 'test' },
      tenantId: this.tenantId,
      cloud: this.cloud,
      scope: options.scope ?? { kind: 'tenant', ids: [] },
      collectedAt: options.collectedAt ?? '2026-11-20T09:00:00Z',
      managementGroups: [],
      subscriptions: [],
      resources: [],
      userAssignedIdentities: [],
      federatedIdentityCredentials: [],
      roleDefinitions: allBuiltinRoles(),
      roleAssignments: [],
      servicePrincipals: [],
      applications: [],
      appRoleAssignments: [],
      directoryRoleDefinitions: [],
      directoryRoleAssignments: [],
      directoryObjects: [],
      unresolvedPrincipalIds: [],
      deletedIdentityIds: [],
      policyAssignments: [],
      coverage: { read: [], gaps: [] },
    };
  }

  managementGroup(name: string, options: { displayName?: string; parent?: string | null } = {}): string {
    const id = `/providers/Microsoft.Management/managementGroups/${name}`;
    const parent = options.parent === undefined ? null : options.parent;
    this.snapshot.managementGroups.push({
      id,
      name,
      displayName: options.displayName ?? name,
      parentId: parent === null ? null : parent.startsWith('/') ? parent : `/providers/Microsoft.Management/managementGroups/${parent}`,
    });
    return id;
  }

  subscription(name: string, options: { managementGroup?: string; tags?: Record<string, string>; id?: string } = {}): SubscriptionHandle {
    const subscriptionId = options.id ?? guid(`subscription:${name}`);
    this.snapshot.subscriptions.push({
      subscriptionId,
      displayName: name,
      state: 'Enabled',
      ...(options.managementGroup === undefined ? {} : { managementGroupId: options.managementGroup }),
      ...(options.tags === undefined ? {} : { tags: options.tags }),
    });
    return { subscriptionId, scope: `/subscriptions/${subscriptionId}`, name };
  }

  resourceGroupScope(subscription: SubscriptionHandle, resourceGroup: string): string {
    return `${subscription.scope}/resourceGroups/${resourceGroup}`;
  }

  uami(input: UamiInput): SnapshotUserAssignedIdentity {
    const resourceGroup = input.resourceGroup ?? 'rg-identities';
    const id = `${input.subscription.scope}/resourceGroups/${resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${input.name}`;
    const uami: SnapshotUserAssignedIdentity = {
      id,
      name: input.name,
      location: input.location ?? 'westeurope',
      subscriptionId: input.subscription.subscriptionId,
      resourceGroup,
      ...(input.tags === undefined ? {} : { tags: input.tags }),
      tenantId: this.tenantId,
      principalId: input.principalId ?? guid(`principal:${id}`),
      clientId: guid(`client:${id}`),
    };
    this.snapshot.userAssignedIdentities.push(uami);
    // Graph writes the ARM id with lowercase `resourcegroups` (knowledge/api real capture).
    this.addServicePrincipal({
      id: uami.principalId,
      appId: uami.clientId,
      displayName: uami.name,
      servicePrincipalType: 'ManagedIdentity',
      alternativeNames: ['isExplicit=True', id.replace('/resourceGroups/', '/resourcegroups/')],
    });
    return uami;
  }

  resource(input: ResourceInput): SnapshotResource {
    const resourceGroup = input.resourceGroup ?? 'rg-workloads';
    const id = `${input.subscription.scope}/resourceGroups/${resourceGroup}/providers/${input.type}/${input.name}`;
    const userAssigned = (input.userAssigned ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.id));
    const identityTypes = [input.systemAssigned === true ? 'SystemAssigned' : undefined, userAssigned.length > 0 ? 'UserAssigned' : undefined].filter(
      (value): value is string => value !== undefined,
    );
    const principalId = input.systemAssigned === true ? guid(`system:${id}`) : undefined;
    const resource: SnapshotResource = {
      id,
      name: input.name,
      type: input.type,
      location: input.location ?? 'westeurope',
      subscriptionId: input.subscription.subscriptionId,
      resourceGroup,
      ...(input.tags === undefined ? {} : { tags: input.tags }),
      ...(identityTypes.length === 0
        ? {}
        : {
            identity: {
              type: identityTypes.join(', '),
              ...(principalId === undefined ? {} : { principalId, tenantId: this.tenantId }),
              ...(userAssigned.length === 0
                ? {}
                : {
                    userAssignedIdentities: Object.fromEntries(
                      userAssigned.map((uamiId) => {
                        const known = this.snapshot.userAssignedIdentities.find((uami) => uami.id.toLowerCase() === uamiId.toLowerCase());
                        return [uamiId, known === undefined ? { principalId: guid(`principal:${uamiId}`), clientId: guid(`client:${uamiId}`) } : { principalId: known.principalId, clientId: known.clientId }];
                      }),
                    ),
                  }),
            },
          }),
      ...(input.keyVault === undefined ? {} : { keyVault: input.keyVault }),
      ...(input.aks === undefined ? {} : { aks: input.aks }),
    };
    this.snapshot.resources.push(resource);
    if (principalId !== undefined) this.addSystemAssignedServicePrincipal(principalId, id, input.name);
    return resource;
  }

  fic(owner: SnapshotUserAssignedIdentity | SnapshotApplication, input: FicInput): SnapshotFederatedCredential {
    const isApp = 'appId' in owner;
    const fic: SnapshotFederatedCredential = {
      id: isApp ? guid(`fic:${owner.id}:${input.name}`) : `${owner.id}/federatedIdentityCredentials/${input.name}`,
      name: input.name,
      owner: isApp ? { kind: 'application', id: owner.id } : { kind: 'userAssignedIdentity', id: owner.id },
      issuer: input.issuer,
      subject: input.subject === undefined ? (input.claimsMatchingExpression === undefined ? 'subject' : null) : input.subject,
      audiences: [...(input.audiences ?? [TOKEN_EXCHANGE])],
      ...(input.claimsMatchingExpression === undefined
        ? {}
        : { claimsMatchingExpression: { value: input.claimsMatchingExpression.value, languageVersion: input.claimsMatchingExpression.languageVersion ?? 1 } }),
      ...(input.description === undefined ? {} : { description: input.description }),
    };
    this.snapshot.federatedIdentityCredentials.push(fic);
    return fic;
  }

  application(input: ApplicationInput): SnapshotApplication {
    const id = guid(`application:${input.displayName}`);
    const appId = guid(`appId:${input.displayName}`);
    const app: SnapshotApplication = {
      id,
      appId,
      displayName: input.displayName,
      signInAudience: input.signInAudience ?? 'AzureADMyOrg',
      passwordCredentials: Array.from({ length: input.secrets ?? 0 }, (_, index) => ({
        keyId: guid(`secret:${id}:${index}`),
        displayName: `secret-${index + 1}`,
        startDateTime: '2026-01-01T00:00:00Z',
        endDateTime: '2027-01-01T00:00:00Z',
      })),
      keyCredentials: Array.from({ length: input.certificates ?? 0 }, (_, index) => ({
        keyId: guid(`certificate:${id}:${index}`),
        displayName: `CN=${input.displayName}`,
        type: 'AsymmetricX509Cert',
        usage: 'Verify',
        startDateTime: '2026-01-01T00:00:00Z',
        endDateTime: '2027-01-01T00:00:00Z',
      })),
      owners: [...(input.owners ?? [])],
    };
    this.snapshot.applications.push(app);
    this.addServicePrincipal({
      id: guid(`sp:${id}`),
      appId,
      displayName: input.displayName,
      servicePrincipalType: 'Application',
      alternativeNames: [],
      appOwnerOrganizationId: this.tenantId,
    });
    return app;
  }

  user(displayName: string): SnapshotDirectoryObject {
    return this.directoryObject('user', displayName);
  }

  group(displayName: string): SnapshotDirectoryObject {
    return this.directoryObject('group', displayName);
  }

  /** Assigns a built-in role (by name) or a role definition to a principal at a scope. */
  assign(
    principal: PrincipalLike,
    role: BuiltinRoleName | SnapshotRoleDefinition,
    scope: string,
    options: { condition?: string; createdOn?: string; name?: string } = {},
  ): string {
    const definition = typeof role === 'string' ? this.snapshot.roleDefinitions.find((candidate) => candidate.roleName === role) : role;
    if (definition === undefined) throw new Error(`unknown built-in role ${String(role)}`);
    const { principalId, principalType } = this.principalOf(principal);
    const name = options.name ?? guid(`assignment:${principalId}:${definition.name}:${scope.toLowerCase()}`);
    const subscriptionPrefix = /^\/subscriptions\/[^/]+/i.exec(scope)?.[0] ?? '';
    const id = `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
    this.snapshot.roleAssignments.push({
      id,
      name,
      scope,
      roleDefinitionId: `${subscriptionPrefix}/providers/Microsoft.Authorization/roleDefinitions/${definition.name}`,
      principalId,
      principalType,
      ...(options.condition === undefined ? {} : { condition: options.condition, conditionVersion: '2.0' }),
      createdOn: options.createdOn ?? '2026-03-01T10:00:00Z',
    });
    return id;
  }

  /** An assignment to a principal that Graph no longer knows (deleted); `label` may be the principal id itself. */
  assignDeleted(principalType: string, role: BuiltinRoleName, scope: string, label: string): string {
    const principalId = /^[0-9a-f-]{36}$/i.test(label) ? label : guid(`deleted:${label}`);
    this.snapshot.unresolvedPrincipalIds.push(principalId);
    return this.assign({ principalId, principalType }, role, scope);
  }

  customRole(input: {
    roleName: string;
    actions: readonly string[];
    notActions?: readonly string[];
    dataActions?: readonly string[];
    assignableScopes: readonly string[];
  }): SnapshotRoleDefinition {
    const name = guid(`custom-role:${input.roleName}`);
    const scope = input.assignableScopes[0] ?? '/';
    const definition: SnapshotRoleDefinition = {
      id: `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleDefinitions/${name}`,
      name,
      roleName: input.roleName,
      roleType: 'CustomRole',
      assignableScopes: [...input.assignableScopes],
      permissions: [
        {
          actions: [...input.actions],
          notActions: [...(input.notActions ?? [])],
          dataActions: [...(input.dataActions ?? [])],
          notDataActions: [],
        },
      ],
    };
    this.snapshot.roleDefinitions.push(definition);
    return definition;
  }

  /** Grants a Microsoft Graph application permission (by name, from the tier lists, or a raw appRoleId). */
  graphPermission(principal: PrincipalLike, permission: string): void {
    const graph = this.microsoftGraph();
    const appRoleId =
      [...GRAPH_TIER0, ...GRAPH_TIER1].find(([, name]) => name === permission)?.[0] ??
      graph.appRoles?.find((role) => role.value === permission)?.id ??
      permission;
    const { principalId, principalType } = this.principalOf(principal);
    this.snapshot.appRoleAssignments.push({
      id: guid(`appRoleAssignment:${principalId}:${appRoleId}`),
      principalId,
      principalType,
      resourceId: graph.id,
      resourceDisplayName: 'Microsoft Graph',
      appRoleId,
      createdDateTime: '2026-02-01T00:00:00Z',
    });
  }

  /** Assigns an Entra directory role by display name (tier-0 list or Directory Readers) at `/`. */
  directoryRole(principal: PrincipalLike, roleName: string, options: { directoryScopeId?: string; isPrivileged?: boolean } = {}): void {
    const templateId =
      [...ENTRA_TIER0_ROLES].find(([, name]) => name === roleName)?.[0] ??
      (roleName === 'Directory Readers' ? '88d8e3e3-8f55-4a1e-953a-9b9898b8876b' : guid(`entra-role:${roleName}`));
    if (!this.snapshot.directoryRoleDefinitions.some((definition) => definition.id === templateId)) {
      this.snapshot.directoryRoleDefinitions.push({
        id: templateId,
        templateId,
        displayName: roleName,
        isBuiltIn: true,
        isPrivileged: options.isPrivileged ?? ENTRA_TIER0_ROLES.has(templateId),
      });
    }
    const { principalId } = this.principalOf(principal);
    this.snapshot.directoryRoleAssignments.push({
      id: guid(`directoryRoleAssignment:${principalId}:${templateId}`),
      principalId,
      roleDefinitionId: templateId,
      directoryScopeId: options.directoryScopeId ?? '/',
    });
  }

  /**
   * A policy assignment with a managed identity at any scope (management group id, subscription, resource group or
   * resource id): system-assigned (with its Graph service principal) or one user-assigned identity.
   */
  policyAssignment(input: {
    readonly name: string;
    readonly scope: string;
    readonly displayName?: string;
    readonly systemAssigned?: boolean;
    readonly userAssigned?: SnapshotUserAssignedIdentity;
    readonly policyDefinitionId?: string;
  }): SnapshotPolicyAssignment {
    const id = `${input.scope === '/' ? '' : input.scope}/providers/Microsoft.Authorization/policyAssignments/${input.name}`;
    const principalId = input.systemAssigned === true ? guid(`system:${id}`) : undefined;
    const assignment: SnapshotPolicyAssignment = {
      id,
      name: input.name,
      displayName: input.displayName ?? input.name,
      scope: input.scope,
      policyDefinitionId: input.policyDefinitionId ?? '/providers/Microsoft.Authorization/policyDefinitions/ea3f2387-9b95-492a-a190-fcdc54f7b070',
      enforcementMode: 'Default',
      location: 'westeurope',
      identity:
        principalId !== undefined
          ? { type: 'SystemAssigned', principalId, tenantId: this.tenantId }
          : input.userAssigned !== undefined
            ? { type: 'UserAssigned', userAssignedIdentities: { [input.userAssigned.id]: { principalId: input.userAssigned.principalId, clientId: input.userAssigned.clientId } } }
            : null,
    };
    (this.snapshot.policyAssignments ??= []).push(assignment);
    if (principalId !== undefined) this.addSystemAssignedServicePrincipal(principalId, id, input.name);
    return assignment;
  }

  /** Records that a user-assigned identity id was confirmed deleted (GET answered 404). */
  deletedIdentity(id: string): void {
    this.snapshot.deletedIdentityIds.push(id);
  }

  gap(gap: CoverageGap): void {
    this.snapshot.coverage.gaps.push(gap);
  }

  /** Direct access for cases the helpers do not cover (mutate before build()). */
  get raw(): Snapshot {
    return this.snapshot;
  }

  build(): Snapshot {
    const snapshot = structuredClone(this.snapshot);
    const known = new Map<string, SnapshotDirectoryObject>();
    for (const sp of snapshot.servicePrincipals) known.set(sp.id.toLowerCase(), { id: sp.id, type: 'servicePrincipal', displayName: sp.displayName });
    for (const user of this.users.values()) known.set(user.id.toLowerCase(), user);
    const unresolved = new Set(snapshot.unresolvedPrincipalIds.map((id) => id.toLowerCase()));
    const referenced = new Set<string>();
    for (const assignment of snapshot.roleAssignments) referenced.add(assignment.principalId.toLowerCase());
    for (const app of snapshot.applications) for (const owner of app.owners) referenced.add(owner.id.toLowerCase());
    snapshot.directoryObjects = [...referenced]
      .filter((id) => !unresolved.has(id))
      .map((id) => known.get(id))
      .filter((object): object is SnapshotDirectoryObject => object !== undefined)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const sources = ['managementGroups', 'subscriptions', 'resources', 'userAssignedIdentities', 'federatedIdentityCredentials', 'roleDefinitions', 'roleAssignments', 'policyAssignments'] as const;
    snapshot.coverage.read = [
      ...snapshot.coverage.read,
      ...snapshot.subscriptions.flatMap((sub) => sources.map((source) => ({ source, scope: `/subscriptions/${sub.subscriptionId}` }))),
      ...(['servicePrincipals', 'applications', 'appRoleAssignments', 'directoryRoles', 'directoryObjects'] as const).map((source) => ({ source, scope: 'tenant' })),
    ].filter((entry) => !snapshot.coverage.gaps.some((gap) => gap.source === entry.source && gap.scope.toLowerCase() === entry.scope.toLowerCase()));
    return snapshot;
  }

  private directoryObject(type: 'user' | 'group', displayName: string): SnapshotDirectoryObject {
    const object: SnapshotDirectoryObject = { id: guid(`${type}:${displayName}`), type, displayName };
    this.users.set(object.id, object);
    return object;
  }

  private addServicePrincipal(sp: SnapshotServicePrincipal): void {
    this.snapshot.servicePrincipals.push(sp);
  }

  /** The Graph service principal of a system-assigned identity, as Graph lists it for its host's ARM id. */
  private addSystemAssignedServicePrincipal(principalId: string, hostId: string, displayName: string): void {
    this.addServicePrincipal({
      id: principalId,
      appId: guid(`system-client:${hostId}`),
      displayName,
      servicePrincipalType: 'ManagedIdentity',
      alternativeNames: ['isExplicit=False', hostId],
    });
  }

  private microsoftGraph(): SnapshotServicePrincipal {
    if (this.graphSp === undefined) {
      this.graphSp = {
        id: guid('sp:microsoft-graph'),
        appId: MICROSOFT_GRAPH_APP_ID,
        displayName: 'Microsoft Graph',
        servicePrincipalType: 'Application',
        alternativeNames: [],
        appOwnerOrganizationId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
        appRoles: [...GRAPH_TIER0, ...GRAPH_TIER1].map(([id, value]) => ({ id, value, displayName: value })).concat([
          { id: 'df021288-bdef-4463-88db-98f22de89214', value: 'User.Read.All', displayName: 'User.Read.All' },
          { id: '5b567255-7703-4780-807c-7be8301ae99b', value: 'Group.Read.All', displayName: 'Group.Read.All' },
        ]),
      };
      this.addServicePrincipal(this.graphSp);
    }
    return this.graphSp;
  }

  private principalOf(principal: PrincipalLike): { principalId: string; principalType: string } {
    if ('principalType' in principal && 'principalId' in principal && !('id' in principal)) {
      return { principalId: principal.principalId, principalType: principal.principalType ?? 'ServicePrincipal' };
    }
    if ('scope' in principal && 'name' in principal) {
      const principalId = principal.identity?.principalId;
      if (principalId === undefined || principalId === null) throw new Error(`policy assignment ${principal.name} has no system-assigned identity`);
      return { principalId, principalType: 'ServicePrincipal' };
    }
    if ('servicePrincipalType' in principal) return { principalId: principal.id, principalType: 'ServicePrincipal' };
    if ('appId' in principal && 'passwordCredentials' in principal) {
      const sp = this.snapshot.servicePrincipals.find((candidate) => candidate.appId === principal.appId);
      if (sp === undefined) throw new Error(`no service principal for app ${principal.displayName}`);
      return { principalId: sp.id, principalType: 'ServicePrincipal' };
    }
    if ('clientId' in principal && 'principalId' in principal) return { principalId: principal.principalId, principalType: 'ServicePrincipal' };
    if ('type' in principal && 'identity' in principal) {
      const principalId = principal.identity?.principalId;
      if (principalId === undefined || principalId === null) throw new Error(`resource ${principal.name} has no system-assigned identity`);
      return { principalId, principalType: 'ServicePrincipal' };
    }
    if ('principalId' in principal) return { principalId: principal.principalId, principalType: 'ServicePrincipal' };
    throw new Error('unsupported principal');
  }
}

/** Users and groups are directory objects; give them a principal shape. */
export function asPrincipal(object: SnapshotDirectoryObject): { principalId: string; principalType: string } {
  return { principalId: object.id, principalType: object.type === 'group' ? 'Group' : object.type === 'user' ? 'User' : 'ServicePrincipal' };
}
