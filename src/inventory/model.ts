/**
 * The inventory: a typed, indexed view of one snapshot. Rules read only this, never the snapshot's wire-near
 * shapes, and never mutate it. Every lookup by ARM id is case-insensitive; by principal/object id it is too
 * (GUIDs are compared lowercased).
 */
import type { ScopeLevel } from '../azure/ids.js';
import type {
  Cloud,
  CoverageGap,
  DataSource,
  ScanScope,
  SnapshotAppRoleAssignment,
  SnapshotApplication,
  SnapshotDirectoryObject,
  SnapshotDirectoryRoleAssignment,
  SnapshotDirectoryRoleDefinition,
  SnapshotFederatedCredential,
  SnapshotKeyVaultAccessPolicy,
  SnapshotManagementGroup,
  SnapshotPolicyAssignment,
  SnapshotResource,
  SnapshotRoleAssignment,
  SnapshotRoleDefinition,
  SnapshotServicePrincipal,
  SnapshotSignInActivity,
  SnapshotSubscription,
  SnapshotUserAssignedIdentity,
} from '../snapshot/schema.js';

/*
 * The entity types: the inventory's building blocks, by name. Rules, reporters, identity records and drift import
 * these, never the snapshot module, so the snapshot's wire-near shapes can evolve behind the inventory. Entities the
 * inventory enriches (resources, role assignments, FICs, …) are interfaces below; the rest are the snapshot shapes
 * as they are.
 */
export type { Cloud, CoverageGap, DataSource, ScanScope };
export type ManagementGroup = SnapshotManagementGroup;
export type Subscription = SnapshotSubscription;
export type UserAssignedIdentity = SnapshotUserAssignedIdentity;
export type Application = SnapshotApplication;
export type ServicePrincipal = SnapshotServicePrincipal;
export type AppRoleAssignment = SnapshotAppRoleAssignment;
export type DirectoryRoleDefinition = SnapshotDirectoryRoleDefinition;
export type DirectoryRoleAssignment = SnapshotDirectoryRoleAssignment;
export type DirectoryObject = SnapshotDirectoryObject;
export type KeyVaultAccessPolicy = SnapshotKeyVaultAccessPolicy;
export type SignInActivity = SnapshotSignInActivity;

export const OBJECT_KINDS = [
  'userAssignedIdentity',
  'systemAssignedIdentity',
  'application',
  'servicePrincipal',
  'federatedIdentityCredential',
  'resource',
  'roleAssignment',
  'roleDefinition',
  'scope',
  'managementGroup',
  'subscription',
  'appRoleAssignment',
  'directoryRole',
  'directoryRoleAssignment',
  'user',
  'group',
  'directoryObject',
  'policyAssignment',
] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/**
 * Points at one object in the tenant: an ARM resource id (original casing) or a Graph object id.
 * displayName is for humans only and never used for identity.
 */
export interface ObjectRef {
  readonly kind: ObjectKind;
  readonly id: string;
  readonly displayName?: string;
  /** Entra object id of the principal, when the object is (or has) one. */
  readonly principalId?: string;
}

/** An object a finding involves besides its subject, with the part it plays (`role`, `scope`, `controller`, …). */
export interface RelatedRef extends ObjectRef {
  readonly relation: string;
}

export type WorkloadKind = 'userAssignedIdentity' | 'systemAssignedIdentity' | 'application';

/**
 * A workload identity mi-audit audits: a user-assigned identity, a system-assigned identity (keyed by its host
 * resource or policy assignment), an app registration that has federated credentials (through its service
 * principal), or a managed-identity service principal that holds a grant but whose host was not found.
 */
export interface WorkloadIdentity {
  /** Canonical key: canonical ARM id (UAMI), canonical host id + `#system` (system-assigned), `app:<objectId>`. */
  readonly key: string;
  readonly kind: WorkloadKind;
  readonly ref: ObjectRef;
  readonly displayName: string;
  /** Object id of the service principal (lowercase); undefined when unknown. */
  readonly principalId: string | undefined;
  readonly clientId: string | undefined;
  readonly subscriptionId: string | undefined;
  readonly resourceGroup: string | undefined;
  readonly location: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
  readonly userAssignedIdentity?: UserAssignedIdentity;
  readonly hostResource?: Resource;
  /** The policy assignment whose system-assigned identity this is. */
  readonly hostPolicyAssignment?: PolicyAssignment;
  /**
   * Set when only the managed-identity service principal is known (it holds a grant) and its host — resource,
   * user-assigned identity or policy assignment — is not in the scanned scopes. `ref` is then the service principal.
   */
  readonly hostNotFound?: { readonly hostId: string | undefined };
  readonly application?: Application;
  readonly servicePrincipal?: ServicePrincipal;
}

/** A resource with its identity block resolved. */
export interface Resource extends SnapshotResource {
  readonly ref: ObjectRef;
  /** The userAssignedIdentities keys as ARM returned them (any casing). */
  readonly attachedIdentityIds: readonly string[];
  readonly hasSystemAssignedIdentity: boolean;
}

/** A policy assignment with its identity resolved. */
export interface PolicyAssignment extends SnapshotPolicyAssignment {
  readonly ref: ObjectRef;
  /** Lowercase object id of its system-assigned identity; undefined when it has none. */
  readonly systemPrincipalId: string | undefined;
  /** The userAssignedIdentities keys as ARM returned them (any casing). */
  readonly attachedIdentityIds: readonly string[];
  readonly scopeLevel: ScopeLevel;
}

export interface RoleAssignment extends SnapshotRoleAssignment {
  readonly ref: ObjectRef;
  /** Lowercase GUID of the role definition. */
  readonly roleDefinitionGuid: string;
  readonly definition: RoleDefinition | undefined;
  readonly scopeLevel: ScopeLevel;
}

export interface RoleDefinition extends SnapshotRoleDefinition {
  readonly ref: ObjectRef;
}

export interface FederatedCredential extends SnapshotFederatedCredential {
  readonly ref: ObjectRef;
  /** The workload identity that trusts this credential, when it is in the inventory. */
  readonly ownerKey: string;
}

export interface Coverage {
  readonly complete: boolean;
  readonly gaps: readonly CoverageGap[];
  /** False when a gap names this source for the scope, for `tenant`, or for the subscription the scope is in. */
  isComplete(source: DataSource, scope?: string): boolean;
  /**
   * True only when a read of `source` is recorded at this scope or at one that contains it (its subscription, or
   * `tenant`) and no gap applies: positive proof that the scope was read, so absence there means something.
   */
  wasRead(source: DataSource, scope: string): boolean;
  /** Subscriptions (lowercase ids) whose resources and identities were read completely (recorded reads, no gap). */
  readonly readableSubscriptions: ReadonlySet<string>;
}

export interface Inventory {
  readonly tenantId: string;
  readonly cloud: Cloud;
  readonly scope: ScanScope;
  readonly collectedAt: string;
  readonly managementGroups: readonly ManagementGroup[];
  readonly subscriptions: readonly Subscription[];
  readonly resources: readonly Resource[];
  readonly userAssignedIdentities: readonly UserAssignedIdentity[];
  readonly workloadIdentities: readonly WorkloadIdentity[];
  readonly federatedCredentials: readonly FederatedCredential[];
  readonly roleDefinitions: readonly RoleDefinition[];
  readonly roleAssignments: readonly RoleAssignment[];
  readonly servicePrincipals: readonly ServicePrincipal[];
  readonly applications: readonly Application[];
  readonly appRoleAssignments: readonly AppRoleAssignment[];
  readonly directoryRoleDefinitions: readonly DirectoryRoleDefinition[];
  readonly directoryRoleAssignments: readonly DirectoryRoleAssignment[];
  readonly directoryObjects: readonly DirectoryObject[];
  /** Policy assignments that carry a managed identity (empty for snapshots that predate them). */
  readonly policyAssignments: readonly PolicyAssignment[];
  readonly coverage: Coverage;

  resource(id: string): Resource | undefined;
  userAssignedIdentity(id: string): UserAssignedIdentity | undefined;
  /** The workload identity whose service principal has this object id. */
  workloadByPrincipal(principalId: string): WorkloadIdentity | undefined;
  workload(key: string): WorkloadIdentity | undefined;
  ficsOf(workloadKey: string): readonly FederatedCredential[];
  /** Resources in a resource group, by the group's ARM id (`/subscriptions/<id>/resourceGroups/<name>`). */
  resourcesInResourceGroup(resourceGroupId: string): readonly Resource[];
  /** Resources whose identity block or AKS kubelet profile references this user-assigned identity id. */
  resourcesUsing(userAssignedIdentityId: string): readonly Resource[];
  /** Policy assignments whose identity is this user-assigned identity id. */
  policyAssignmentsUsing(userAssignedIdentityId: string): readonly PolicyAssignment[];
  policyAssignment(id: string): PolicyAssignment | undefined;
  assignmentsOf(principalId: string): readonly RoleAssignment[];
  /** Key Vault access policies (on any vault, either permission model) whose objectId is this principal. */
  accessPoliciesOf(principalId: string): readonly { readonly vault: Resource; readonly policy: KeyVaultAccessPolicy }[];
  /** App-registration FICs whose subject is this principal id (managed identity as FIC, case-insensitive). */
  appFicsTrustingPrincipal(principalId: string): readonly FederatedCredential[];
  /** Assignments that apply to the target: at its own scope or inherited from any ancestor (RG, subscription, MGs, root). */
  assignmentsCovering(targetId: string): readonly RoleAssignment[];
  /** Ancestor scopes of an ARM id, nearest first, ending with the management-group chain and `/`. Canonical. */
  ancestorScopes(targetId: string): readonly string[];
  roleDefinition(idOrGuid: string): RoleDefinition | undefined;
  servicePrincipal(objectId: string): ServicePrincipal | undefined;
  servicePrincipalByAppId(appId: string): ServicePrincipal | undefined;
  application(objectId: string): Application | undefined;
  applicationByAppId(appId: string): Application | undefined;
  appRoleAssignmentsOf(principalId: string): readonly AppRoleAssignment[];
  directoryRoleAssignmentsOf(principalId: string): readonly DirectoryRoleAssignment[];
  directoryRoleDefinition(id: string): DirectoryRoleDefinition | undefined;
  directoryObject(id: string): DirectoryObject | undefined;
  /** True when Graph was asked for this principal and answered that it does not exist. */
  isUnresolvedPrincipal(principalId: string): boolean;
  /** True when a GET confirmed (404) that this user-assigned identity no longer exists. */
  isDeletedIdentity(id: string): boolean;
  /** AKS clusters whose OIDC issuer URL equals this string exactly (byte for byte). */
  clustersWithIssuer(issuer: string): readonly Resource[];
  /** Recorded last sign-ins of the service principal with this appId (client id); undefined when none is recorded. */
  signInActivityOf(appId: string): SignInActivity | undefined;
  subscription(subscriptionId: string): Subscription | undefined;
  managementGroup(id: string): ManagementGroup | undefined;
}
