/**
 * Identity records v1: one entry per workload identity with what it can do (grants), who can become it (trust,
 * controllers), whether it is used (activity) and what is wrong with it (findings). This zod schema is the
 * single source of truth for the `mi-audit export --format json` document; the TypeScript types are inferred
 * from it and `npm run gen` writes docs/record.v1.schema.json from it. Adding a field is fine; renaming or
 * removing one needs schemaVersion 2. Every field is present in every record (null or [] when unknown), so
 * spreadsheet columns and `diff` stay stable. Field meanings: docs/access-review.md.
 */
import { z } from 'zod';

import { dictionarySchema } from '../core/zod-dictionary.js';
import { CATEGORIES } from '../engine/categories.js';
import { SEVERITIES } from '../engine/severity.js';
import { SCOPE_LEVELS } from '../azure/ids.js';

export const RECORD_DOCUMENT_KIND = 'mi-audit/identity-records';
export const RECORD_SCHEMA_VERSION = 1;

export const RECORD_KINDS = ['userAssignedIdentity', 'systemAssignedIdentity', 'application'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Privilege tier T0 (can take over the estate) … T3 (metadata reads only); see src/rules/util/privilege.ts. */
const tier = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]);

const environment = z.object({
  environmentClass: z.enum(['production', 'non-production']),
  /** prod, dev, test, qa, uat, staging, sandbox, non-prod, pre-prod. */
  label: z.string(),
  /** The evidence: `tag environment=prod on resource`, `resource group name rg-orders-prod`, … */
  source: z.string(),
});

const host = z.object({
  id: z.string(),
  name: z.string(),
  /** ARM resource type as ARM returned it, e.g. Microsoft.Web/sites. */
  type: z.string(),
  /** Null for a host above any subscription or resource group (a policy assignment at management-group scope). */
  subscriptionId: z.string().nullable(),
  resourceGroup: z.string().nullable(),
});

const principal = z.object({
  id: z.string(),
  /** user, group, servicePrincipal, device, other, or unknown when Graph did not resolve it. */
  type: z.string(),
  displayName: z.string().nullable(),
});

const grantBase = {
  /** T0 … T3 for this one grant; null when the role definition is not in the snapshot. */
  tier: tier.nullable(),
  /** One line for humans: `Owner on subscription 'contoso-prod'`. */
  summary: z.string(),
};

const azureRoleGrant = z.object({
  kind: z.literal('azureRole'),
  ...grantBase,
  assignmentId: z.string(),
  roleName: z.string(),
  /** The role definition GUID (lowercase). */
  roleDefinitionId: z.string(),
  roleType: z.enum(['builtIn', 'custom', 'unknown']),
  /** Where the assignment is made (ARM scope id). */
  scope: z.string(),
  scopeName: z.string(),
  scopeLevel: z.enum(SCOPE_LEVELS),
  /** For assignments at a management group or the root: the scanned subscriptions that inherit it. */
  effectiveOn: z.array(z.object({ subscriptionId: z.string(), name: z.string() })),
  /** ABAC condition, verbatim; null when unconditional. */
  condition: z.string().nullable(),
  /** control: management actions; data: dataActions (blobs, secrets…); both; unknown without a definition. */
  plane: z.enum(['control', 'data', 'both', 'none', 'unknown']),
});

const keyVaultAccessPolicyGrant = z.object({
  kind: z.literal('keyVaultAccessPolicy'),
  ...grantBase,
  vaultId: z.string(),
  vaultName: z.string(),
  permissions: z.object({ keys: z.array(z.string()), secrets: z.array(z.string()), certificates: z.array(z.string()), storage: z.array(z.string()) }),
  /** True when the vault uses the Azure RBAC permission model, which ignores access policies. */
  inert: z.boolean(),
});

const graphPermissionGrant = z.object({
  kind: z.literal('graphPermission'),
  ...grantBase,
  assignmentId: z.string(),
  /** Object id of the resource service principal (e.g. Microsoft Graph in this tenant). */
  resourceId: z.string(),
  resourceName: z.string(),
  appRoleId: z.string(),
  /** The permission's value, e.g. `Application.ReadWrite.All`; the app role id when unknown. */
  permission: z.string(),
});

const directoryRoleGrant = z.object({
  kind: z.literal('directoryRole'),
  ...grantBase,
  assignmentId: z.string(),
  roleDefinitionId: z.string(),
  roleName: z.string(),
  /** `/` for the whole directory, `/administrativeUnits/<id>` or an object id. */
  directoryScopeId: z.string(),
  scopeName: z.string(),
  privileged: z.boolean(),
});

export const grantSchema = z.discriminatedUnion('kind', [azureRoleGrant, keyVaultAccessPolicyGrant, graphPermissionGrant, directoryRoleGrant]);

const trust = z.object({
  id: z.string(),
  name: z.string(),
  issuer: z.string(),
  /** null when a flexible claims-matching expression is used instead. */
  subject: z.string().nullable(),
  audiences: z.array(z.string()),
  claimsMatchingExpression: z.string().nullable(),
  /** github, aks, terraform-cloud, entra, … or unknown when the issuer is not a recognised provider. */
  provider: z.string(),
  /** github, gitlab, terraform-cloud, kubernetes, azure-devops, spacelift, entra or other. */
  subjectFormat: z.string(),
  /** The subject's parts: repository, branch, tag, environment, workspace, namespace, serviceAccount, … */
  decodedSubject: dictionarySchema(z.string()),
  /** Who can mint a token this credential accepts, in words. */
  whoCanMint: z.string(),
  /** B1 gated … B4 anyone in an owner or platform (src/rules/util/subject-breadth.ts). */
  breadth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
});

const controller = z.object({
  ...principal.shape,
  /** add-federated-credential, attach (to compute it controls), or owner (of the app registration). */
  capability: z.enum(['add-federated-credential', 'attach', 'owner']),
  /** How: `Managed Identity Contributor on resource group 'rg-x' (contoso-prod)` or `owner of the app registration`. */
  via: z.string(),
  assignmentId: z.string().nullable(),
});

const recordFinding = z.object({
  fingerprint: z.string(),
  ruleId: z.string(),
  rule: z.string(),
  category: z.enum(CATEGORIES),
  severity: z.enum(SEVERITIES),
  status: z.enum(['open', 'suppressed', 'baselined']),
  title: z.string(),
  message: z.string(),
  remediation: z.string(),
});

export const identityRecordSchema = z.object({
  /** Stable key: canonical ARM id (user-assigned), host id + `#system`, `app:<objectId>`, or `sp:<objectId>`. */
  key: z.string(),
  kind: z.enum(RECORD_KINDS),
  name: z.string(),
  ids: z.object({
    /** ARM id of the identity (user-assigned) or of its host (system-assigned); null for apps. */
    armId: z.string().nullable(),
    /** Object id of the service principal: what role assignments name. */
    principalId: z.string().nullable(),
    /** Client id = application id of the service principal. */
    clientId: z.string().nullable(),
    /** Object id of the app registration (apps only). */
    applicationObjectId: z.string().nullable(),
  }),
  subscriptionId: z.string().nullable(),
  subscriptionName: z.string().nullable(),
  resourceGroup: z.string().nullable(),
  location: z.string().nullable(),
  tags: dictionarySchema(z.string()),
  environment: environment.nullable(),
  /** False for a managed-identity service principal whose host is not in the scanned scopes. */
  hostFound: z.boolean(),
  /** Resources the identity is attached to (user-assigned) or that own it (system-assigned). */
  hosts: z.array(host),
  /** Owners of the app registration. */
  owners: z.array(principal),
  grants: z.array(grantSchema),
  trust: z.array(trust),
  controllers: z.array(controller),
  activity: z.object({
    /** Last sign-in date-time when the snapshot has it; null is unknown, never "never signed in". */
    lastSignIn: z.string().nullable(),
    state: z.enum(['recorded', 'unknown']),
  }),
  findings: z.array(recordFinding),
  risk: z.object({
    /** 1 = riskiest identity of the document. */
    rank: z.number().int().min(1),
    worstOpenSeverity: z.enum(SEVERITIES).nullable(),
    /** Highest privilege (lowest number) over all grants; 3 when it holds nothing beyond reads. */
    tier,
    /** Broadest trust over its federated credentials; 0 when it has none. */
    trustBreadth: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  }),
  /** Facts a reviewer should know that have no field: `host not found in the scanned scopes`, … */
  notes: z.array(z.string()),
});

export const recordDocumentSchema = z.object({
  kind: z.literal(RECORD_DOCUMENT_KIND),
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('mi-audit'), version: z.string() }),
  tenantId: z.string(),
  cloud: z.string(),
  collectedAt: z.string(),
  generatedAt: z.string(),
  coverage: z.object({
    complete: z.boolean(),
    gaps: z.array(z.object({ source: z.string(), scope: z.string(), reason: z.string() })),
  }),
  summary: z.object({
    identities: z.number().int(),
    byKind: z.object({ userAssignedIdentity: z.number().int(), systemAssignedIdentity: z.number().int(), application: z.number().int() }),
    grants: z.number().int(),
    withOpenFindings: z.number().int(),
  }),
  identities: z.array(identityRecordSchema),
});

export type IdentityRecord = z.infer<typeof identityRecordSchema>;
export type Grant = z.infer<typeof grantSchema>;
export type TrustEntry = IdentityRecord['trust'][number];
export type Controller = IdentityRecord['controllers'][number];
export type RecordFinding = IdentityRecord['findings'][number];
export type RecordDocument = z.infer<typeof recordDocumentSchema>;
export type Tier = z.infer<typeof tier>;
