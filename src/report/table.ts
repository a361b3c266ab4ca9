import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';

import { escapeUntrusted as safe } from '../core/untrusted-text.js';
import { SEVERITIES, type Severity } from '../engine/severity.js';
import type { AssessedFinding } from '../engine/types.js';
import type { ScanReport } from './model.js';
import type { RenderEnv, Reporter } from './reporter.js';
import { displayWidth, wrapText } from './wrap.js';

export function severityPainter(chalk: ChalkInstance): Painter {
  return {
    critical: (text) => chalk.bgRed.white.bold(text),
    high: (text) => chalk.red.bold(text),
    medium: (text) => chalk.yellow(text),
    low: (text) => chalk.cyan(text),
    info: (text) => chalk.gray(text),
  };
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/**
 * cli-table3 renders about 0.5 ms per row, so a 14k-finding tenant would take seconds and be unreadable
 * anyway: the table shows the most severe findings first and points to json/csv for the complete list.
 */
export const TABLE_ROW_LIMIT = 1000;

export type Painter = Record<Severity, (text: string) => string>;

/** The table is never narrower than this, whatever the terminal says (80 is the classic minimum). */
export const MIN_TABLE_WIDTH = 80;

/** cli-table3 draws one border column per column plus one, and pads each cell by one space on each side. */
const PADDING = 2;

/** From this width on, the identity gets its own column; below it shares the finding's column. */
export const WIDE_TABLE_WIDTH = 140;

/**
 * Column widths (borders included) for a total of `width` columns: the rule column fits the longest rule
 * name, so a name is never cut; the other columns share the rest.
 */
function columnWidths(findings: readonly AssessedFinding[], width: number): number[] {
  const ruleWidth = Math.max('Severity / rule'.length, ...findings.map((finding) => displayWidth(finding.rule))) + PADDING;
  if (width < WIDE_TABLE_WIDTH) return [ruleWidth, width - ruleWidth - 3];
  const rest = width - ruleWidth - 4;
  const identityWidth = Math.min(60, Math.floor(rest * 0.4));
  return [ruleWidth, identityWidth, rest - identityWidth];
}

/** A cell's text wrapped to its column (cli-table3 then never truncates it: long ids wrap, they are not cut), one entry per line. */
function cellLines(text: string, columnWidth: number): string[] {
  return wrapText(text, columnWidth - PADDING);
}

/**
 * The findings as one table, drawn by cli-table3 one finding at a time: a table per finding, with one row per line of
 * text (single-line cells) in cli-table3's `compact` style, whose top border is drawn with the characters of the line
 * between rows (`├───┼───┤`) and whose bottom border is left out, except under the last finding. Together they are
 * the one table cli-table3 would draw, byte for byte. Why: cli-table3 0.6.5 measures every multi-line cell's whole
 * text one character at a time for a debug preview on each line it draws (quadratic in the cell's length: a minute
 * for 1,000 findings), and one table of all the lines kept ~60 MB of cell objects; a single-line cell costs one
 * measure and each small table is garbage once drawn. Upstream fix: https://github.com/cli-table/cli-table3/pull/362
 */
function findingsTable(findings: readonly AssessedFinding[], env: RenderEnv, chalk: ChalkInstance, paint: Painter): string[] {
  const shown = findings.slice(0, TABLE_ROW_LIMIT);
  const widths = columnWidths(shown, Math.max(MIN_TABLE_WIDTH, env.columns));
  const [ruleWidth = 0, secondWidth = 0, findingWidth = 0] = widths;
  const wide = widths.length === 3;
  const style = { head: env.color ? ['bold'] : [], border: env.color ? ['grey'] : [], compact: true };
  const draw = (rows: readonly (readonly string[])[], options: { head?: string[]; chars: Partial<Record<string, string>> }): string => {
    const table = new Table({ colWidths: widths, style, ...options });
    table.push(...rows.map((row) => [...row]));
    return table.toString();
  };
  const NO_BOTTOM = { bottom: '', 'bottom-left': '', 'bottom-mid': '', 'bottom-right': '' };
  const SEPARATOR_TOP = { top: '─', 'top-left': '├', 'top-mid': '┼', 'top-right': '┤' };
  // One object for every finding but the last (cli-table3 only reads it). A copy per table starts from the hidden class
  // of the SEPARATOR_TOP literal, which V8 keeps out of its transition tree: each property NO_BOTTOM added made a new
  // class, 4 per table (`node --log-maps`).
  const BETWEEN = { ...SEPARATOR_TOP, ...NO_BOTTOM };
  const parts = [
    draw([], {
      head: wide ? ['Severity / rule', 'Identity / object', 'Finding'] : ['Severity / rule', 'Identity / object · finding'],
      chars: NO_BOTTOM,
    }),
  ];
  shown.forEach((finding, index) => {
    const confidence = finding.confidence === 'high' ? '' : ` (confidence: ${finding.confidence})`;
    const status =
      finding.status === 'suppressed' && finding.suppression !== undefined
        ? `\nSuppressed until ${safe(finding.suppression.expires)}: ${safe(finding.suppression.reason)}`
        : finding.status === 'baselined'
          ? '\nIn the baseline.'
          : '';
    const name = safe(finding.subject.displayName ?? finding.subject.id);
    const id = finding.subject.displayName === undefined ? '' : safe(finding.subject.id);
    const text = `${safe(finding.message)}${confidence}${status}`;
    // Colour after wrapping: escape sequences must not count towards the width.
    const rule = [paint[finding.severity](finding.severity.toUpperCase()), ...cellLines(finding.ruleId, ruleWidth), ...cellLines(finding.rule, ruleWidth)];
    const columns = wide
      ? [rule, cellLines(id === '' ? name : `${name}\n${id}`, secondWidth), cellLines(text, findingWidth)]
      : [
          rule,
          [
            ...cellLines(name, secondWidth).map((line) => chalk.bold(line)),
            ...cellLines(text, secondWidth),
            ...(id === '' ? [] : cellLines(id, secondWidth).map((line) => chalk.dim(line))),
          ],
        ];
    const height = Math.max(...columns.map((lines) => lines.length));
    const rows = Array.from({ length: height }, (_, line) => columns.map((lines) => lines[line] ?? ''));
    parts.push(draw(rows, { chars: index === shown.length - 1 ? SEPARATOR_TOP : BETWEEN }));
  });
  const lines = [parts.join('\n')];
  if (findings.length > TABLE_ROW_LIMIT) {
    lines.push(chalk.yellow(`Showing the ${TABLE_ROW_LIMIT} most severe of ${findings.length} findings; use --format json or csv for all of them.`));
  }
  return lines;
}

/** The closing summary: open findings by severity, accepted ones, and coverage gaps (shared with table-identities.ts). */
export function summaryLines(report: ScanReport, env: RenderEnv, chalk: ChalkInstance, paint: Painter): string[] {
  const { summary } = report;
  const lines: string[] = [];
  const counts = [...SEVERITIES]
    .reverse()
    .filter((severity) => summary.bySeverity[severity] > 0)
    .map((severity) => paint[severity](`${summary.bySeverity[severity]} ${severity}`));
  const acceptedCounts = [
    ...(summary.suppressed > 0 ? [`${summary.suppressed} suppressed`] : []),
    ...(summary.baselined > 0 ? [`${summary.baselined} baselined`] : []),
  ];
  const acceptedNote =
    acceptedCounts.length === 0
      ? ''
      : ` (${acceptedCounts.join(', ')}${env.showSuppressed === true ? '' : '; list them with --show-suppressed'})`;
  if (summary.total === 0) lines.push(chalk.green('No findings.'));
  else if (summary.open === 0) lines.push(`${chalk.green('No open findings')}${acceptedNote}.`);
  else if (acceptedCounts.length === 0) lines.push(`${chalk.bold(plural(summary.open, 'finding'))}: ${counts.join(', ')}`);
  else lines.push(`${chalk.bold(plural(summary.open, 'open finding'))}: ${counts.join(', ')}${acceptedNote}`);
  if (!report.coverage.complete) {
    lines.push(chalk.yellow(`Coverage incomplete: ${plural(report.coverage.gaps.length, 'gap')}; a clean result here is not a pass.`));
    const width = Math.max(MIN_TABLE_WIDTH, env.columns);
    for (const gap of report.coverage.gaps) {
      lines.push(...wrapText(`  - ${safe(`${gap.source} @ ${gap.scope}: ${gap.reason}`)}`, width).map((line) => chalk.yellow(line)));
    }
  }
  return lines;
}

export const tableReporter: Reporter = {
  format: 'table',
  description: 'A human-readable table grouped by severity, with a summary and coverage line (default).',
  render: (report, env) => {
    const chalk = new Chalk({ level: env.color ? 1 : 0 });
    const paint = severityPainter(chalk);
    const lines: string[] = [];
    const identities = report.summary.identities;
    const width = Math.max(MIN_TABLE_WIDTH, env.columns);
    const scope = `${report.scope.kind}${report.scope.ids.length > 0 ? ` ${report.scope.ids.join(', ')}` : ''}`;
    lines.push(...wrapText(safe(`mi-audit ${report.tool.version} · tenant ${report.tenantId} · ${report.cloud} · scope ${scope}`), width).map((line) => chalk.bold(line)));
    const counted =
      `collected ${safe(report.collectedAt)} · ${plural(identities.userAssignedIdentity, 'user-assigned identity', 'user-assigned identities')}, ` +
      `${plural(identities.systemAssignedIdentity, 'system-assigned identity', 'system-assigned identities')}, ` +
      `${plural(identities.application, 'federated app')}`;
    lines.push(...wrapText(counted, width).map((line) => chalk.dim(line)));
    lines.push('');

    const open = report.findings.filter((finding) => finding.status === 'open');
    const accepted = report.findings.filter((finding) => finding.status !== 'open');
    if (open.length > 0) lines.push(...findingsTable(open, env, chalk, paint), '');
    if (env.showSuppressed === true && accepted.length > 0) {
      lines.push(chalk.bold(`Suppressed and baselined (${accepted.length}), not counted by the gate:`));
      lines.push(...findingsTable(accepted, env, chalk, paint), '');
    }

    lines.push(...summaryLines(report, env, chalk, paint));
    return `${lines.join('\n')}\n`;
  },
};
