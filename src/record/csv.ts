/**
 * The access-review sheet: one row per (identity, grant), identities without a grant on one row of their own,
 * the identity's columns repeated on each row so that a spreadsheet can filter and sort freely, role names
 * (not ids) first, and an empty `decision` column for the reviewer (keep / reduce / remove). Rows follow the
 * risk rank. Column order is part of the contract: new columns go just before `decision`, which stays last so
 * that reviewers find it.
 *
 * Every cell is tenant-controlled text at heart: it goes through escapeUntrusted (no control or bidi
 * characters) and, when it starts with `= + - @ TAB CR`, gets a leading apostrophe so that a spreadsheet shows
 * it instead of running it as a formula (OWASP CSV injection: https://owasp.org/www-community/attacks/CSV_Injection).
 * Quoting is csv-stringify's (RFC 4180, https://www.rfc-editor.org/rfc/rfc4180), CRLF line ends.
 */
import { escapeUntrusted } from '../core/untrusted-text.js';
import { csvChunks } from '../core/csv-chunks.js';
import { CHUNK_CHARS } from '../core/text-chunks.js';
import { asRecordStream, type RecordDocumentStream } from './document.js';
import type { Grant, IdentityRecord, RecordDocument } from './schema.js';

export const RECORD_CSV_COLUMNS = [
  'riskRank',
  'worstOpenSeverity',
  'identityTier',
  'trustBreadth',
  'kind',
  'name',
  'environment',
  'subscriptionName',
  'subscriptionId',
  'resourceGroup',
  'location',
  'hosts',
  'owners',
  'federatedCredentials',
  'whoCanMint',
  'controllers',
  'lastSignIn',
  'openFindings',
  'findingRules',
  'grantKind',
  'grantName',
  'grantTier',
  'grantScopeName',
  'grantScopeLevel',
  'grantEffectiveOn',
  'grantCondition',
  'grantPlane',
  'grantRoleType',
  'grantScope',
  'grantId',
  'armId',
  'principalId',
  'clientId',
  'applicationObjectId',
  'tags',
  'notes',
  'decision',
] as const;

type Column = (typeof RECORD_CSV_COLUMNS)[number];

function identityCells(record: IdentityRecord): Partial<Record<Column, string>> {
  const open = record.findings.filter((finding) => finding.status === 'open');
  return {
    riskRank: String(record.risk.rank),
    worstOpenSeverity: record.risk.worstOpenSeverity ?? '',
    identityTier: `T${record.risk.tier}`,
    trustBreadth: record.risk.trustBreadth === 0 ? '' : `B${record.risk.trustBreadth}`,
    kind: record.kind,
    name: record.name,
    environment: record.environment === null ? '' : record.environment.label,
    subscriptionName: record.subscriptionName ?? '',
    subscriptionId: record.subscriptionId ?? '',
    resourceGroup: record.resourceGroup ?? '',
    location: record.location ?? '',
    hosts: record.hosts.map((host) => host.name).join('; '),
    owners: record.owners.map((owner) => owner.displayName ?? owner.id).join('; '),
    federatedCredentials: record.trust.map((entry) => `${entry.name}: ${entry.issuer} ${entry.subject ?? entry.claimsMatchingExpression ?? ''}`).join('; '),
    whoCanMint: record.trust.map((entry) => entry.whoCanMint).join('; '),
    controllers: record.controllers.map((controller) => `${controller.displayName ?? controller.id} (${controller.capability} via ${controller.via})`).join('; '),
    lastSignIn: record.activity.lastSignIn ?? 'unknown',
    openFindings: String(open.length),
    findingRules: [...new Set(open.map((finding) => `${finding.ruleId} ${finding.rule}`))].join('; '),
    armId: record.ids.armId ?? '',
    principalId: record.ids.principalId ?? '',
    clientId: record.ids.clientId ?? '',
    applicationObjectId: record.ids.applicationObjectId ?? '',
    tags: Object.entries(record.tags)
      .map(([key, value]) => `${key}=${value}`)
      .join('; '),
    notes: record.notes.join('; '),
    decision: '',
  };
}

function grantCells(grant: Grant): Partial<Record<Column, string>> {
  const tier = grant.tier === null ? '' : `T${grant.tier}`;
  switch (grant.kind) {
    case 'azureRole':
      return {
        grantKind: 'Azure role',
        grantName: grant.roleName,
        grantTier: tier,
        grantScopeName: grant.scopeName,
        grantScopeLevel: grant.scopeLevel,
        grantEffectiveOn: grant.effectiveOn.map((subscription) => subscription.name).join('; '),
        grantCondition: grant.condition ?? '',
        grantPlane: grant.plane,
        grantRoleType: grant.roleType,
        grantScope: grant.scope,
        grantId: grant.assignmentId,
      };
    case 'keyVaultAccessPolicy':
      return {
        grantKind: 'Key Vault access policy',
        grantName: Object.entries(grant.permissions)
          .filter(([, values]) => values.length > 0)
          .map(([area, values]) => `${area}: ${values.join('/')}`)
          .join('; '),
        grantTier: tier,
        grantScopeName: `Key Vault '${grant.vaultName}'${grant.inert ? ' (inert: RBAC mode)' : ''}`,
        grantScopeLevel: 'resource',
        grantPlane: 'data',
        grantScope: grant.vaultId,
        grantId: grant.vaultId,
      };
    case 'graphPermission':
      return {
        grantKind: 'Graph application permission',
        grantName: grant.permission,
        grantTier: tier,
        grantScopeName: grant.resourceName,
        grantScopeLevel: 'tenant',
        grantScope: grant.resourceId,
        grantId: grant.assignmentId,
      };
    case 'directoryRole':
      return {
        grantKind: 'Entra directory role',
        grantName: grant.roleName,
        grantTier: tier,
        grantScopeName: grant.scopeName,
        grantScopeLevel: grant.directoryScopeId === '/' ? 'tenant' : 'directory scope',
        grantRoleType: grant.privileged ? 'privileged' : '',
        grantScope: grant.directoryScopeId,
        grantId: grant.assignmentId,
      };
  }
}

/** A cell that a spreadsheet shows as text and that cannot drive a terminal or reorder what the reader sees. */
export function reviewCell(value: string): string {
  const escaped = escapeUntrusted(value);
  return /^[=+\-@\t\r]/.test(escaped) ? `'${escaped}` : escaped;
}

/**
 * The sheet in chunks of about `chunkChars` characters: the header line, then the rows of the identities in
 * rank order, made when the writer pulls the chunk that needs them (so neither the text of the whole sheet nor,
 * with a lazy stream, all records exist at once). Joined, the same bytes as one csv-stringify call over every
 * row (RFC 4180 rows are independent).
 */
export function recordCsvChunks(document: RecordDocument | RecordDocumentStream, chunkChars = CHUNK_CHARS): Iterable<string> {
  return csvChunks(RECORD_CSV_COLUMNS, rowsOf(asRecordStream(document).identities), chunkChars);
}

/** Each identity's rows in order: one per grant, or one of its own when it holds none. */
function* rowsOf(records: Iterable<IdentityRecord>): Generator<string[], void, undefined> {
  for (const record of records) {
    const identity = identityCells(record);
    const grants = record.grants.length === 0 ? [{}] : record.grants.map(grantCells);
    for (const grant of grants) {
      // The two cell sets name different columns. Not merged with `{ ...identity, ...grant }`: at 70,000
      // identities those spread copies were promoted to the old generation and grew the heap by about 1 GB.
      yield RECORD_CSV_COLUMNS.map((column) => reviewCell(grant[column] ?? identity[column] ?? ''));
    }
  }
}

/** The same text as {@link recordCsvChunks}, as one string (small documents, tests). */
export function renderRecordCsv(document: RecordDocument | RecordDocumentStream): string {
  return [...recordCsvChunks(document)].join('');
}
