import type { AssessedFinding } from '../engine/types.js';
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

/** RFC 4180 quoting; cells that a spreadsheet would run as a formula are prefixed with an apostrophe. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvReporter: Reporter = {
  format: 'csv',
  description: 'One row per finding with a fixed column order, for spreadsheets and access reviews.',
  render: (report) => {
    const rows = report.findings.map((finding) => {
      const row = cells(finding);
      return CSV_COLUMNS.map((column) => csvCell(row[column])).join(',');
    });
    return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
  },
};
