/**
 * The drift between two snapshots of one tenant: what `mi-audit diff OLD NEW` reports. JSON output is this
 * object verbatim (`kind: "mi-audit/diff"`, `schemaVersion: 1`); fields are only ever added within a version.
 * Every list is sorted deterministically, so two runs over the same files give byte-identical output.
 */
import type { Severity } from '../engine/severity.js';
import type { FailOn } from '../policy/gate.js';
import type { Tier } from '../rules/util/privilege.js';
import type { Cloud, ScanScope } from '../inventory/model.js';

export const DRIFT_KIND = 'mi-audit/diff';
export const DRIFT_SCHEMA_VERSION = 1;

export type ChangeType = 'added' | 'removed' | 'changed';

/** A compared value: canonical (ARM ids and GUIDs lowercased; FIC values verbatim), lists sorted. */
export type DriftValue = string | number | boolean | null | readonly string[];

/** One field of a changed object, old and new value. */
export interface FieldChange {
  readonly field: string;
  readonly old: DriftValue;
  readonly new: DriftValue;
}

export const IDENTITY_KINDS = ['userAssignedIdentity', 'systemAssignedIdentity', 'application', 'managedIdentityServicePrincipal'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export interface IdentityChange {
  readonly change: ChangeType;
  readonly kind: IdentityKind;
  /** ARM id (identity or host resource), application object id, or service principal object id. */
  readonly id: string;
  readonly displayName: string;
  readonly principalId: string | null;
  /** Only for `changed`: a recreated identity keeps its ARM id but gets a new principal. */
  readonly changes: readonly FieldChange[];
}

export const GRANT_KINDS = ['azureRole', 'keyVaultAccessPolicy', 'graphAppRole', 'directoryRole'] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];

export interface DriftPrincipal {
  readonly id: string;
  readonly displayName: string | null;
}

export interface GrantChange {
  readonly change: ChangeType;
  readonly kind: GrantKind;
  /** Role assignment id, app role assignment id, directory role assignment id, or the Key Vault's ARM id. */
  readonly id: string;
  readonly principal: DriftPrincipal;
  /** Human summary, e.g. `Owner on subscription 'contoso-prod'`. */
  readonly label: string;
  /** Only for `changed`, when the summary differs: the old one (e.g. `Reader on …` before `Owner on …`). */
  readonly previousLabel: string | null;
  /** Privilege tier of this grant (null when its role definition is not in the snapshot). */
  readonly tier: Tier | null;
  /** From the tier (docs/drift.md); of the new state, or of the old one for a removed grant. */
  readonly severity: Severity;
  /** Only for `changed`: the severity before the change. */
  readonly previousSeverity: Severity | null;
  /** The compared values, of the new state (of the old one for a removed grant). */
  readonly values: Readonly<Record<string, DriftValue>>;
  readonly changes: readonly FieldChange[];
}

export interface FederatedCredentialChange {
  readonly change: ChangeType;
  readonly id: string;
  readonly name: string;
  readonly owner: { readonly kind: 'userAssignedIdentity' | 'application'; readonly id: string; readonly displayName: string | null };
  /** issuer, subject, audiences, claimsMatchingExpression, languageVersion: verbatim (Entra compares them case-sensitively). */
  readonly values: Readonly<Record<string, DriftValue>>;
  readonly changes: readonly FieldChange[];
}

/** identityHost (exports only): a managed identity whose service principal remains while its host is no longer found. */
export const DANGLING_KINDS = ['identityReference', 'roleAssignmentPrincipal', 'identityHost'] as const;
export type DanglingKind = (typeof DANGLING_KINDS)[number];

/** A reference that points at something that no longer exists in NEW, and did not dangle in OLD. */
export interface DanglingReference {
  readonly kind: DanglingKind;
  /** The resource (identityReference), the role assignment (roleAssignmentPrincipal) or the identity's service principal (identityHost) that holds the reference. */
  readonly id: string;
  readonly displayName: string;
  /** The user-assigned identity's ARM id, the principal id, or the missing host's ARM id. */
  readonly target: string;
  readonly targetName: string | null;
}

export interface FindingChange {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly title: string;
  readonly message: string;
  readonly subject: { readonly kind: string; readonly id: string; readonly displayName: string | null };
}

/** What a side of the diff was read from: a snapshot (`mi-audit collect`) or an identity-record export (`mi-audit export --format json`). */
export type DriftInput = 'snapshot' | 'export';

export interface DriftSide {
  readonly input: DriftInput;
  readonly collectedAt: string;
  /** The snapshot's scan scope; null for an export, which does not record it. */
  readonly scope: ScanScope | null;
  readonly coverageComplete: boolean;
}

export interface CountByChange {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
}

export interface DriftSummary {
  readonly identities: CountByChange;
  readonly grants: CountByChange;
  readonly federatedCredentials: CountByChange;
  readonly dangling: number;
  readonly findings: { readonly new: number; readonly fixed: number };
  /** New or escalated grants and new findings at or above failOn. */
  readonly failing: number;
}

export interface Drift {
  readonly kind: typeof DRIFT_KIND;
  readonly schemaVersion: typeof DRIFT_SCHEMA_VERSION;
  readonly tool: { readonly name: 'mi-audit'; readonly version: string };
  readonly tenantId: string;
  readonly cloud: Cloud;
  readonly old: DriftSide;
  readonly new: DriftSide;
  readonly failOn: FailOn;
  readonly summary: DriftSummary;
  readonly identities: readonly IdentityChange[];
  readonly grants: readonly GrantChange[];
  readonly federatedCredentials: readonly FederatedCredentialChange[];
  readonly dangling: readonly DanglingReference[];
  readonly findings: { readonly new: readonly FindingChange[]; readonly fixed: readonly FindingChange[] };
}
