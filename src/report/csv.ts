import { stringify } from 'csv-stringify/sync';

import { CSV_OPTIONS, csvChunks } from '../core/csv-chunks.js';
import { CHUNK_CHARS } from '../core/text-chunks.js';
import { escapeUntrusted } from '../core/untrusted-text.js';
import type { AssessedFinding } from '../engine/types.js';
import type { ScanReport } from './model.js';
import type { Reporter } from './reporter.js';

/** Column order is part of the contract (access reviewers build spreadsheets on it): new columns go at the end. */
export const CSV_COLUMNS = [
  'severity',
  'ruleId',
  'rule',
  'category',
  'title',
  'subjectKind',
  'subjectId',
  'subjectName',
  'principalId',
  'message',
  'related',
  'remediation',
  'confidence',
  'fingerprint',
  'status',
  'suppressionReason',
  'suppressionExpires',
  'suppressionTicket',
] as const;

type Column = (typeof CSV_COLUMNS)[number];

function cells(finding: AssessedFinding): Record<Column, string> {
  return {
    severity: finding.severity,
    ruleId: finding.ruleId,
    rule: finding.rule,
    category: finding.category,
    title: finding.title,
    subjectKind: finding.subject.kind,
    subjectId: finding.subject.id,
    subjectName: finding.subject.displayName ?? '',
    principalId: finding.subject.principalId ?? '',
    message: finding.message,
    related: finding.related.map((ref) => `${ref.relation}=${ref.id}`).join('; '),
    remediation: finding.remediation,
    confidence: finding.confidence,
    fingerprint: finding.fingerprint,
    status: finding.status,
    suppressionReason: finding.suppression?.reason ?? '',
    suppressionExpires: finding.suppression?.expires ?? '',
    suppressionTicket: finding.suppression?.ticket ?? '',
  };
}

/**
 * A cell as a spreadsheet may safely open it. Cells that start like a formula (`=`, `+`, `-`, `@`, tab, CR:
 * OWASP, https://owasp.org/www-community/attacks/CSV_Injection) get a leading apostrophe, decided on the raw
 * value; control and bidi characters are then made visible, so no cell holds a line break that a
 * naive reader would take for a new row. RFC 4180 quoting is left to csv-stringify.
 */
export function csvCell(value: string): string {
  const guard = /^[=+\-@\t\r]/.test(value) ? "'" : '';
  return `${guard}${escapeUntrusted(value)}`;
}

/** A finding's row: its cells in column order, each guarded by {@link csvCell}. */
function csvRow(finding: AssessedFinding): string[] {
  const row = cells(finding);
  return CSV_COLUMNS.map((column) => csvCell(row[column]));
}

function* rowsOf(findings: readonly AssessedFinding[]): Generator<string[], void, undefined> {
  for (const finding of findings) yield csvRow(finding);
}

/**
 * The report as CSV in chunks of about `chunkChars` characters: the header line, then a finding's row only when
 * the chunk that holds it is pulled (at 100k role assignments the text is ~100 MB, docs/performance.md). Joined,
 * byte-identical to {@link csvReporter}'s `render`. RFC 4180: https://www.rfc-editor.org/rfc/rfc4180
 */
export function csvReportChunks(report: ScanReport, chunkChars = CHUNK_CHARS): Iterable<string> {
  return csvChunks(CSV_COLUMNS, rowsOf(report.findings), chunkChars);
}

export const csvReporter: Reporter = {
  format: 'csv',
  description: 'One row per finding with a fixed column order, for spreadsheets and access reviews.',
  // One csv-stringify call over every row: the reference text the streamed chunks must equal (small reports, tests).
  render: (report) => stringify([[...CSV_COLUMNS], ...report.findings.map(csvRow)], CSV_OPTIONS),
  renderChunks: (report) => csvReportChunks(report),
};
