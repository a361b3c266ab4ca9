/**
 * Markdown for a GitHub job summary ($GITHUB_STEP_SUMMARY) or a pull-request comment: the verdict, counts by
 * severity, coverage, the worst identities and findings first, every finding's details collapsed in
 * `<details>`. Everything from the tenant goes through markdownText. The result stays under GitHub's
 * 65,536-character limit for a comment body and says so when it had to leave findings out.
 */
import { SEVERITIES, type Severity } from '../engine/severity.js';
import type { AssessedFinding } from '../engine/types.js';
import { markdownText as md } from './markup-text.js';
import type { ScanReport } from './model.js';
import type { RankedIdentity, Reporter } from './reporter.js';
import { gateVerdict, verdictText } from './verdict.js';

/**
 * Maximum length of an issue or pull-request comment body (the REST API answers 422 above it); a job summary
 * may be larger (1 MiB), so this limit serves both. Counted in UTF-16 code units, which is never fewer than
 * GitHub's characters. https://docs.github.com/en/rest/issues/comments#create-an-issue-comment
 */
export const MARKDOWN_LIMIT = 65_536;
/** Rows of the "worst findings" and "worst identities" tables; the rest is in the collapsed details. */
export const TOP_ROWS = 10;

const ICON: Readonly<Record<ReturnType<typeof gateVerdict>, string>> = { fail: '❌', incomplete: '⚠️', pass: '✅' };

function subjectName(finding: AssessedFinding): string {
  return md(finding.subject.displayName ?? finding.subject.id);
}

function summary(report: ScanReport): string[] {
  const { summary: counts } = report;
  const scope = report.scope.ids.length > 0 ? `${report.scope.kind} ${report.scope.ids.join(', ')}` : report.scope.kind;
  const severities = [...SEVERITIES].reverse();
  return [
    `## ${ICON[gateVerdict(report)]} mi-audit: ${verdictText(report)}`,
    '',
    `Tenant ${md(report.tenantId)} · ${md(report.cloud)} · scope ${md(scope)} · collected ${md(report.collectedAt)} · mi\\-audit ${md(report.tool.version)}`,
    '',
    `| ${severities.join(' | ')} | suppressed | baselined | identities |`,
    `| ${severities.map(() => '---:').join(' | ')} | ---: | ---: | ---: |`,
    `| ${severities.map((severity: Severity) => counts.bySeverity[severity]).join(' | ')} | ${counts.suppressed} | ${counts.baselined} | ${counts.identities.userAssignedIdentity + counts.identities.systemAssignedIdentity + counts.identities.application} |`,
    '',
    report.coverage.complete
      ? '**Coverage:** complete.'
      : `**Coverage:** incomplete, ${report.coverage.gaps.length} gap(s): ${report.coverage.gaps.map((gap) => `${md(gap.source)} @ ${md(gap.scope)} (${md(gap.reason)})`).join('; ')}.`,
    '',
  ];
}

/** Identities in order of their worst open finding (findings arrive most severe first), with their counts. */
function worstIdentities(open: readonly AssessedFinding[], ranked: readonly RankedIdentity[] | undefined): string[] {
  const header = (shown: number, total: number): string[] => [
    `### Worst identities (${shown} of ${total} with open findings)`,
    '',
    '| Identity | Kind | Worst | Open findings |',
    '| --- | --- | --- | ---: |',
  ];
  if (ranked !== undefined) {
    if (ranked.length === 0) return [];
    const rows = ranked.slice(0, TOP_ROWS);
    return [...header(rows.length, ranked.length), ...rows.map((identity) => `| ${md(identity.name)} | ${identity.kind} | ${identity.worstOpenSeverity} | ${identity.openFindings} |`), ''];
  }
  const byIdentity = new Map<string, { finding: AssessedFinding; count: number }>();
  for (const finding of open) {
    const key = `${finding.subject.kind}\u0000${finding.subject.id.toLowerCase()}`;
    const entry = byIdentity.get(key);
    if (entry === undefined) byIdentity.set(key, { finding, count: 1 });
    else entry.count += 1;
  }
  if (byIdentity.size === 0) return [];
  const rows = [...byIdentity.values()].slice(0, TOP_ROWS);
  return [...header(rows.length, byIdentity.size), ...rows.map(({ finding, count }) => `| ${subjectName(finding)} | ${finding.subject.kind} | ${finding.severity} | ${count} |`), ''];
}

function worstFindings(open: readonly AssessedFinding[]): string[] {
  if (open.length === 0) return [];
  const rows = open.slice(0, TOP_ROWS);
  return [
    `### Worst findings (${rows.length} of ${open.length} open)`,
    '',
    '| Severity | Rule | Identity | Finding |',
    '| --- | --- | --- | --- |',
    ...rows.map((finding) => `| ${finding.severity} | \`${finding.ruleId}\` ${finding.rule} | ${subjectName(finding)} | ${md(finding.message)} |`),
    '',
  ];
}

/** One finding's details as a list item (no blank line inside, so it stays one item). */
function detail(finding: AssessedFinding): string {
  const status =
    finding.status === 'suppressed' && finding.suppression !== undefined
      ? ` · suppressed until ${md(finding.suppression.expires)}: ${md(finding.suppression.reason)}`
      : finding.status === 'baselined'
        ? ' · baselined'
        : '';
  const confidence = finding.confidence === 'high' ? '' : ` · confidence ${finding.confidence}`;
  return [
    `- **${finding.severity}** \`${finding.ruleId}\` ${finding.rule}${confidence}${status}: ${md(finding.message)}`,
    `  <br>Object: ${md(finding.subject.kind)} ${md(finding.subject.id)}`,
    `  <br>Fix: ${md(finding.remediation)}`,
  ].join('\n');
}

/** A collapsed list of findings that stops before `budget` characters, saying how many it left out. */
function detailsBlock(title: string, findings: readonly AssessedFinding[], budget: number): string {
  if (findings.length === 0) return '';
  const open = `<details><summary>${title} (${findings.length})</summary>\n\n`;
  const close = '\n</details>\n';
  const cutNote = (left: number): string =>
    `\n_${left} more not shown: GitHub limits a comment to ${MARKDOWN_LIMIT} characters. The JSON, CSV or SARIF report has every finding._\n`;
  const reserve = open.length + close.length + cutNote(findings.length).length;
  let used = reserve;
  const items: string[] = [];
  for (const finding of findings) {
    const item = `${detail(finding)}\n`;
    if (used + item.length > budget) break;
    items.push(item);
    used += item.length;
  }
  if (items.length === 0 && budget < reserve) return '';
  const left = findings.length - items.length;
  return `${open}${items.join('')}${left > 0 ? cutNote(left) : ''}${close}`;
}

export function renderMarkdown(report: ScanReport, ranked?: readonly RankedIdentity[]): string {
  const open = report.findings.filter((finding) => finding.status === 'open');
  const accepted = report.findings.filter((finding) => finding.status !== 'open');
  let text = [...summary(report), ...worstIdentities(open, ranked), ...worstFindings(open)].join('\n');
  if (report.findings.length === 0) text += '\nNo findings.\n';
  // The head is bounded (10-row tables of escaped names), but a tenant can hold very long names: cut it too.
  if (text.length > MARKDOWN_LIMIT / 2) text = `${text.slice(0, MARKDOWN_LIMIT / 2).replace(/\\?[^\n]*$/, '')}\n\n_Summary cut at ${MARKDOWN_LIMIT / 2} characters._\n`;
  text += detailsBlock('All open findings', open, MARKDOWN_LIMIT - text.length - 1024);
  text += detailsBlock('Suppressed and baselined findings, not counted by the gate', accepted, MARKDOWN_LIMIT - text.length - 16);
  return text;
}

export const markdownReporter: Reporter = {
  format: 'markdown',
  description: 'Markdown for a GitHub job summary or pull-request comment: verdict, counts, worst identities and findings, details collapsed.',
  render: (report, env) => renderMarkdown(report, env.rankedIdentities),
};
