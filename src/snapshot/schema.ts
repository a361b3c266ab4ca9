/**
 * Snapshot format v1: everything collection reads, in one versioned JSON document, so that any scan can be
 * replayed offline. This zod schema is the single source of truth for the format; the TypeScript types are
 * inferred from it. The snapshot never holds a secret value: application credentials are metadata only.
 *
 * Shapes are close to the wire (ARM `properties` are flattened, Graph `@odata` fields dropped) but keep every
 * value rules judge verbatim: FIC issuer/subject/audiences are never trimmed or case-folded.
 */
import { z } from 'zod';

import { dictionarySchema } from '../core/zod-dictionary.js';
import { GUID_REGEX } from '../azure/ids.js';

export const SNAPSHOT_KIND = 'mi-audit/snapshot';
export const SNAPSHOT_SCHEMA_VERSION = 1;

export { CLOUDS, type Cloud } from './clouds.js';
import { CLOUDS } from './clouds.js';

/**
 * Data sources, one per collection step. Coverage records and rule `requires` lists use these names.
 */
export const DATA_SOURCES = [
  'managementGroups',
  'subscriptions',
  'resources',
  'userAssignedIdentities',
  'federatedIdentityCredentials',
  'roleDefinitions',
  'roleAssignments',
  'servicePrincipals',
  'applications',
  'appRoleAssignments',
  'directoryRoles',
  'directoryObjects',
  'policyAssignments',
  'signInActivity',
] as const;
export type DataSource = (typeof DATA_SOURCES)[number];

const armId = z.string().regex(/^\//, 'must be an ARM id starting with "/"');
const nonEmpty = z.string().min(1);
// Records keyed by tenant data (tag names, ARM ids): every key kept, no prototype (src/core/zod-dictionary.ts).
const tags = dictionarySchema(z.string());
const stringList = z.array(z.string());

const managementGroup = z.object({
  /** `/providers/Microsoft.Management/managementGroups/<name>` */
  id: armId,
  name: nonEmpty,
  displayName: z.string(),
  /** ARM id of the parent group; null for the tenant root group. */
  parentId: armId.nullable(),
});

const subscription = z.object({
  subscriptionId: nonEmpty,
  displayName: z.string(),
  state: z.string().optional(),
  /** ARM id of the direct parent management group, when known. */
  managementGroupId: armId.nullable().optional(),
  tags: tags.optional(),
});

const userAssignedReference = z.object({
  principalId: z.string().nullable().optional(),
  clientId: z.string().nullable().optional(),
});

/** A resource's ARM `identity` block. Keys of userAssignedIdentities keep the casing ARM returned. */
const identityBlock = z.object({
  type: z.string(),
  principalId: z.string().nullable().optional(),
  tenantId: z.string().nullable().optional(),
  userAssignedIdentities: dictionarySchema(userAssignedReference).nullable().optional(),
});

const keyVaultAccessPolicy = z.object({
  tenantId: z.string(),
  objectId: z.string(),
  applicationId: z.string().nullable().optional(),
  permissions: z.object({
    keys: stringList.optional(),
    secrets: stringList.optional(),
    certificates: stringList.optional(),
    storage: stringList.optional(),
  }),
});

const keyVaultProperties = z.object({
  /** true = Azure RBAC permission model; false = access policies. */
  enableRbacAuthorization: z.boolean(),
  accessPolicies: z.array(keyVaultAccessPolicy),
});

const aksProperties = z.object({
  oidcIssuerEnabled: z.boolean().optional(),
  /** Verbatim, with the trailing slash AKS emits. */
  oidcIssuerUrl: z.string().nullable().optional(),
  workloadIdentityEnabled: z.boolean().optional(),
  kubeletIdentity: z
    .object({ resourceId: armId, clientId: z.string().optional(), objectId: z.string().optional() })
    .nullable()
    .optional(),
});

const resource = z.object({
  id: armId,
  name: nonEmpty,
  type: nonEmpty,
  location: z.string().optional(),
  subscriptionId: nonEmpty,
  resourceGroup: nonEmpty,
  tags: tags.optional(),
  identity: identityBlock.nullable().optional(),
  keyVault: keyVaultProperties.optional(),
  aks: aksProperties.optional(),
});

const userAssignedIdentity = z.object({
  id: armId,
  name: nonEmpty,
  location: z.string(),
  subscriptionId: nonEmpty,
  resourceGroup: nonEmpty,
  tags: tags.optional(),
  tenantId: z.string(),
  principalId: nonEmpty,
  clientId: nonEmpty,
  isolationScope: z.string().optional(),
  assignmentRestrictions: z.object({ providers: stringList }).nullable().optional(),
});

/**
 * An Azure Policy assignment that carries a managed identity (DeployIfNotExists and Modify effects need one). It is a
 * host of identities at any scope: management group, subscription, resource group or resource. At most one identity:
 * SystemAssigned (principalId) or one UserAssigned entry (https://learn.microsoft.com/rest/api/policy/policy-assignments/list).
 */
const policyAssignment = z.object({
  /** `{scope}/providers/Microsoft.Authorization/policyAssignments/{name}` */
  id: armId,
  name: nonEmpty,
  displayName: z.string().nullable().optional(),
  /** The scope it applies to, as ARM returned it: a management group, subscription, resource group or resource id. */
  scope: armId,
  policyDefinitionId: z.string().nullable().optional(),
  enforcementMode: z.string().nullable().optional(),
  location: z.string().nullable().optional(),
  identity: identityBlock.nullable().optional(),
});

const claimsMatchingExpression = z.object({ value: z.string(), languageVersion: z.number() });

const federatedIdentityCredential = z.object({
  /** ARM id for identity FICs; Graph object id for application FICs. */
  id: nonEmpty,
  name: nonEmpty,
  owner: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('userAssignedIdentity'), id: armId }),
    z.object({ kind: z.literal('application'), id: nonEmpty }),
  ]),
  issuer: z.string(),
  /** null when a flexible claimsMatchingExpression is used instead. */
  subject: z.string().nullable(),
  audiences: stringList,
  claimsMatchingExpression: claimsMatchingExpression.nullable().optional(),
  description: z.string().nullable().optional(),
});

const permission = z.object({
  actions: stringList,
  notActions: stringList,
  dataActions: stringList,
  notDataActions: stringList,
});

const roleDefinition = z.object({
  /** Full ARM id of the definition. */
  id: nonEmpty,
  /** The definition GUID. */
  name: nonEmpty,
  roleName: z.string(),
  roleType: z.enum(['BuiltInRole', 'CustomRole']),
  description: z.string().optional(),
  assignableScopes: stringList,
  permissions: z.array(permission),
});

const roleAssignment = z.object({
  id: nonEmpty,
  name: nonEmpty,
  scope: nonEmpty,
  roleDefinitionId: nonEmpty,
  principalId: nonEmpty,
  /** As ARM stores it (User, Group, ServicePrincipal, ForeignGroup, Device). It never turns into Unknown by itself. */
  principalType: z.string(),
  condition: z.string().nullable().optional(),
  conditionVersion: z.string().nullable().optional(),
  createdOn: z.string().nullable().optional(),
  createdBy: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
});

const appRole = z.object({ id: nonEmpty, value: z.string().nullable(), displayName: z.string().nullable().optional() });

const servicePrincipal = z.object({
  id: nonEmpty,
  appId: nonEmpty,
  displayName: z.string(),
  /** Application, ManagedIdentity, Legacy, SocialIdp. */
  servicePrincipalType: z.string(),
  /** For managed identities: `isExplicit=True|False` and the ARM resource id (any casing). */
  alternativeNames: stringList,
  appOwnerOrganizationId: z.string().nullable().optional(),
  accountEnabled: z.boolean().optional(),
  appRoles: z.array(appRole).optional(),
});

const credentialMetadata = z.object({
  keyId: nonEmpty,
  displayName: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  usage: z.string().nullable().optional(),
  startDateTime: z.string().nullable().optional(),
  endDateTime: z.string().nullable().optional(),
});

const directoryObject = z.object({
  id: nonEmpty,
  /** user, group, servicePrincipal, device or other, from Graph @odata.type. */
  type: z.enum(['user', 'group', 'servicePrincipal', 'device', 'other']),
  displayName: z.string().nullable().optional(),
});

const application = z.object({
  id: nonEmpty,
  appId: nonEmpty,
  displayName: z.string(),
  signInAudience: z.string().optional(),
  /** Client secret metadata. Never the secret value (Graph does not return it either). */
  passwordCredentials: z.array(credentialMetadata),
  /** Certificate metadata. */
  keyCredentials: z.array(credentialMetadata),
  owners: z.array(directoryObject),
});

const appRoleAssignment = z.object({
  id: nonEmpty,
  principalId: nonEmpty,
  principalType: z.string().optional(),
  principalDisplayName: z.string().nullable().optional(),
  /** Object id of the resource service principal (e.g. Microsoft Graph in this tenant). */
  resourceId: nonEmpty,
  resourceDisplayName: z.string().nullable().optional(),
  appRoleId: nonEmpty,
  createdDateTime: z.string().nullable().optional(),
});

const directoryRoleDefinition = z.object({
  id: nonEmpty,
  templateId: z.string().nullable().optional(),
  displayName: z.string(),
  isBuiltIn: z.boolean().optional(),
  /** Microsoft's own marker (Graph beta); null when not readable. */
  isPrivileged: z.boolean().nullable().optional(),
});

const directoryRoleAssignment = z.object({
  id: nonEmpty,
  principalId: nonEmpty,
  roleDefinitionId: nonEmpty,
  /** `/` for the whole directory, `/administrativeUnits/<id>` or an object id otherwise. */
  directoryScopeId: z.string(),
});

/**
 * Last sign-ins of one service principal, from Microsoft Graph beta `reports/servicePrincipalSignInActivities`
 * (https://learn.microsoft.com/graph/api/reportroot-list-serviceprincipalsigninactivities?view=graph-rest-beta;
 * AuditLog.Read.All and Entra ID P1/P2). Keyed by appId (= a managed identity's clientId). Date-times are
 * ISO 8601 as Graph sent them, null when absent or unparsable. Whether managed identities appear in the report is
 * not documented: no row means unknown, never "never signed in".
 */
const signInActivity = z.object({
  appId: nonEmpty,
  /** lastSignInActivity: the latest of every kind below. */
  lastSignInDateTime: z.string().nullable(),
  /** applicationAuthenticationClientSignInActivity: app-only sign-in as a client, how workload identities sign in. */
  lastAppOnlyClientSignInDateTime: z.string().nullable().optional(),
});

const coverageRead = z.object({
  source: z.enum(DATA_SOURCES),
  /** `tenant`, `/subscriptions/<id>` or a management group id. */
  scope: nonEmpty,
});

const coverageGap = z.object({
  source: z.enum(DATA_SOURCES),
  scope: nonEmpty,
  /** Human-readable reason, e.g. `403 AuthorizationFailed`. Never a token or a request body. */
  reason: nonEmpty,
  status: z.number().int().optional(),
  code: z.string().optional(),
});

export const scanScopeSchema = z.object({
  kind: z.enum(['tenant', 'subscriptions', 'managementGroup']),
  /** Subscription ids or the management group id; empty for the whole tenant. */
  ids: stringList,
});

export const snapshotSchema = z.object({
  kind: z.literal(SNAPSHOT_KIND),
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  tool: z.object({ name: z.string(), version: z.string() }),
  // The Entra tenant id: baselines, issuers and cross-tenant rules compare against it, so a name will not do.
  tenantId: z.string().regex(GUID_REGEX, 'must be a GUID (the Entra tenant id)'),
  cloud: z.enum(CLOUDS),
  scope: scanScopeSchema,
  collectedAt: z.iso.datetime({ offset: true }),
  managementGroups: z.array(managementGroup),
  subscriptions: z.array(subscription),
  resources: z.array(resource),
  userAssignedIdentities: z.array(userAssignedIdentity),
  federatedIdentityCredentials: z.array(federatedIdentityCredential),
  roleDefinitions: z.array(roleDefinition),
  roleAssignments: z.array(roleAssignment),
  servicePrincipals: z.array(servicePrincipal),
  applications: z.array(application),
  appRoleAssignments: z.array(appRoleAssignment),
  directoryRoleDefinitions: z.array(directoryRoleDefinition),
  directoryRoleAssignments: z.array(directoryRoleAssignment),
  /** Principals (role-assignment principals, owners) that Graph resolved. */
  directoryObjects: z.array(directoryObject),
  /** Principal ids that were looked up (directoryObjects/getByIds) and not found: deleted. */
  unresolvedPrincipalIds: stringList,
  /** User-assigned identity ids referenced by resources, absent from the list, and confirmed 404 by a GET. */
  deletedIdentityIds: z.array(armId),
  /** Policy assignments with a managed identity. Added in 0.2 (additive): absent in older snapshots, read as none collected. */
  policyAssignments: z.array(policyAssignment).optional(),
  /** Optional (added in 0.2, snapshot v1 stays readable without it): last sign-ins per service principal appId. */
  signInActivity: z.array(signInActivity).optional(),
  coverage: z.object({ read: z.array(coverageRead), gaps: z.array(coverageGap) }),
});

export type Snapshot = z.infer<typeof snapshotSchema>;
export type ScanScope = z.infer<typeof scanScopeSchema>;
export type SnapshotManagementGroup = Snapshot['managementGroups'][number];
export type SnapshotSubscription = Snapshot['subscriptions'][number];
export type SnapshotResource = Snapshot['resources'][number];
export type SnapshotIdentityBlock = NonNullable<SnapshotResource['identity']>;
export type SnapshotKeyVault = NonNullable<SnapshotResource['keyVault']>;
export type SnapshotKeyVaultAccessPolicy = SnapshotKeyVault['accessPolicies'][number];
export type SnapshotPolicyAssignment = NonNullable<Snapshot['policyAssignments']>[number];
export type SnapshotAks = NonNullable<SnapshotResource['aks']>;
export type SnapshotUserAssignedIdentity = Snapshot['userAssignedIdentities'][number];
export type SnapshotFederatedCredential = Snapshot['federatedIdentityCredentials'][number];
export type SnapshotRoleDefinition = Snapshot['roleDefinitions'][number];
export type SnapshotRoleAssignment = Snapshot['roleAssignments'][number];
export type SnapshotServicePrincipal = Snapshot['servicePrincipals'][number];
export type SnapshotApplication = Snapshot['applications'][number];
export type SnapshotAppRoleAssignment = Snapshot['appRoleAssignments'][number];
export type SnapshotDirectoryRoleDefinition = Snapshot['directoryRoleDefinitions'][number];
export type SnapshotDirectoryRoleAssignment = Snapshot['directoryRoleAssignments'][number];
export type SnapshotDirectoryObject = Snapshot['directoryObjects'][number];
export type SnapshotSignInActivity = NonNullable<Snapshot['signInActivity']>[number];
export type CoverageGap = Snapshot['coverage']['gaps'][number];
export type CoverageRead = Snapshot['coverage']['read'][number];
