/**
 * The drift as human rows, shared by the table and Markdown renderers. Rows mix fixed wording with names and
 * values from the tenant; each renderer escapes whole cells for its medium, so nothing here is escaped.
 */
import type { Severity } from '../engine/severity.js';
import type {
  ChangeType,
  CountByChange,
  DanglingReference,
  Drift,
  DriftValue,
  FederatedCredentialChange,
  FieldChange,
  FindingChange,
  GrantChange,
  GrantKind,
  IdentityChange,
  IdentityKind,
} from './model.js';

export type Mark = '+' | '-' | '~' | '!';

export interface DriftRow {
  readonly mark: Mark;
  readonly severity: Severity | null;
  /** What changed: the object, named. */
  readonly object: string;
  /** How it changed. */
  readonly detail: string;
}

export interface DriftSection {
  readonly title: string;
  /** e.g. `2 added, 1 removed, 0 changed` */
  readonly counts: string;
  readonly rows: readonly DriftRow[];
}

const MARK: Readonly<Record<ChangeType, Mark>> = { added: '+', removed: '-', changed: '~' };

const IDENTITY_NOUN: Readonly<Record<IdentityKind, string>> = {
  userAssignedIdentity: 'user-assigned identity',
  systemAssignedIdentity: 'system-assigned identity of',
  application: 'federated app registration',
  managedIdentityServicePrincipal: 'managed identity (service principal, host not in scope)',
};

const GRANT_NOUN: Readonly<Record<GrantKind, string>> = {
  azureRole: 'Azure role',
  keyVaultAccessPolicy: 'Key Vault access policy',
  graphAppRole: 'Graph app role',
  directoryRole: 'Entra directory role',
};

/** `'value'`, `a, b`, or `(none)`. */
export function formatValue(value: DriftValue): string {
  if (value === null) return '(none)';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(', ');
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function formatChanges(changes: readonly FieldChange[]): string {
  return changes.map((entry) => `${entry.field}: ${formatValue(entry.old)} → ${formatValue(entry.new)}`).join('; ');
}

function counted(counts: CountByChange): string {
  return `${counts.added} added, ${counts.removed} removed, ${counts.changed} changed`;
}

function identityRow(entry: IdentityChange): DriftRow {
  const detail =
    entry.change === 'changed'
      ? `${entry.kind === 'userAssignedIdentity' ? 'recreated' : 'changed'}: ${formatChanges(entry.changes)}`
      : `${entry.change} (${entry.id}${entry.principalId === null ? '' : `, principal ${entry.principalId}`})`;
  return { mark: MARK[entry.change], severity: null, object: `${IDENTITY_NOUN[entry.kind]} '${entry.displayName}'`, detail };
}

function grantRow(entry: GrantChange): DriftRow {
  const holder = entry.principal.displayName === null ? `principal ${entry.principal.id}` : `'${entry.principal.displayName}'`;
  const tier = entry.tier === null ? 'tier unknown' : `T${entry.tier}`;
  const detail =
    entry.change === 'changed'
      ? [
          entry.previousLabel === null ? entry.label : `${entry.previousLabel} → ${entry.label}`,
          entry.previousSeverity !== null && entry.previousSeverity !== entry.severity ? `severity ${entry.previousSeverity} → ${entry.severity}` : '',
          formatChanges(entry.changes),
        ]
          .filter((part) => part !== '')
          .join('; ')
      : `${entry.change}: ${entry.label} (${tier})`;
  return { mark: MARK[entry.change], severity: entry.severity, object: `${GRANT_NOUN[entry.kind]} of ${holder}`, detail };
}

function ficRow(entry: FederatedCredentialChange): DriftRow {
  const owner = entry.owner.displayName ?? entry.owner.id;
  const values = `issuer ${formatValue(entry.values['issuer'] ?? null)}, subject ${formatValue(entry.values['subject'] ?? null)}`;
  const expression = entry.values['claimsMatchingExpression'] ?? null;
  const detail =
    entry.change === 'changed'
      ? formatChanges(entry.changes)
      : `${entry.change}: ${values}${expression === null ? '' : `, claimsMatchingExpression ${formatValue(expression)}`}`;
  return { mark: MARK[entry.change], severity: null, object: `federated credential '${entry.name}' of '${owner}'`, detail };
}

function danglingRow(entry: DanglingReference): DriftRow {
  const target = entry.targetName === null ? entry.target : `'${entry.targetName}' (${entry.target})`;
  switch (entry.kind) {
    case 'identityReference':
      return { mark: '!', severity: null, object: `resource '${entry.displayName}'`, detail: `points at user-assigned identity ${target}, which no longer exists` };
    case 'roleAssignmentPrincipal':
      return { mark: '!', severity: null, object: `role assignment ${entry.displayName}`, detail: `its principal ${target} no longer exists` };
    case 'identityHost':
      return { mark: '!', severity: null, object: `managed identity '${entry.displayName}'`, detail: `its host ${target} is no longer found; the service principal remains` };
  }
}

function findingRow(entry: FindingChange, mark: Mark): DriftRow {
  return { mark, severity: entry.severity, object: `${entry.ruleId} ${entry.rule}`, detail: entry.message };
}

/** Five sections, always in this order, empty ones included (their counts say "nothing changed"). */
export function describeDrift(drift: Drift): DriftSection[] {
  return [
    { title: 'Identities', counts: counted(drift.summary.identities), rows: drift.identities.map(identityRow) },
    { title: 'Grants', counts: counted(drift.summary.grants), rows: drift.grants.map(grantRow) },
    { title: 'Federated credentials', counts: counted(drift.summary.federatedCredentials), rows: drift.federatedCredentials.map(ficRow) },
    { title: 'Dangling references', counts: `${drift.summary.dangling} new`, rows: drift.dangling.map(danglingRow) },
    {
      title: 'Findings',
      counts: `${drift.summary.findings.new} new, ${drift.summary.findings.fixed} fixed`,
      rows: [...drift.findings.new.map((entry) => findingRow(entry, '+')), ...drift.findings.fixed.map((entry) => findingRow(entry, '-'))],
    },
  ];
}

/** One line for the end of a report and for stderr: the gate's verdict, with the exit code it gives when it is not 0. */
export function describeGate(drift: Drift): string {
  if (drift.summary.failing > 0) {
    return `Gate: FAILED: ${drift.summary.failing} new or escalated grant(s) and finding(s) at or above ${drift.failOn} (exit 1).`;
  }
  const clean = drift.failOn === 'none' ? 'off (--fail-on none)' : `passed: no new grant or finding at or above ${drift.failOn}`;
  const partial = partialSides(drift);
  return partial.length === 0
    ? `Gate: ${clean}.`
    : `Gate: INCOMPLETE: ${clean}, but coverage is incomplete in ${partial.join(' and ')}, so this is no pass (exit 3).`;
}

/** The sides, OLD and NEW, whose snapshot or export missed part of the tenant. */
function partialSides(drift: Drift): string[] {
  return [drift.old.coverageComplete ? undefined : 'OLD', drift.new.coverageComplete ? undefined : 'NEW'].filter((side) => side !== undefined);
}

/** Coverage caveat, when either snapshot missed part of the tenant (absence there is not removal). */
export function describeCoverage(drift: Drift): string | undefined {
  const partial = partialSides(drift);
  return partial.length === 0
    ? undefined
    : `Coverage incomplete in ${partial.join(' and ')}: objects in the unread part may show as added or removed.`;
}
