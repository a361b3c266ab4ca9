import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';

import { SEVERITIES, type Severity } from '../engine/severity.js';
import type { AssessedFinding } from '../engine/types.js';
import type { ScanReport } from './model.js';
import type { RenderEnv, Reporter } from './reporter.js';

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

function findingsTable(findings: readonly AssessedFinding[], env: RenderEnv, chalk: ChalkInstance, paint: Painter): string[] {
  const width = Math.max(80, env.columns);
  const messageWidth = Math.max(30, width - 10 - 26 - 28 - 7);
  const table = new Table({
    head: ['Severity', 'Rule', 'Identity / object', 'Finding'],
    colWidths: [10, 26, 28, messageWidth],
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: { head: env.color ? ['bold'] : [], border: env.color ? ['grey'] : [] },
  });
  for (const finding of findings.slice(0, TABLE_ROW_LIMIT)) {
    const confidence = finding.confidence === 'high' ? '' : ` (confidence: ${finding.confidence})`;
    const status =
      finding.status === 'suppressed' && finding.suppression !== undefined
        ? `\nSuppressed until ${finding.suppression.expires}: ${finding.suppression.reason}`
        : finding.status === 'baselined'
          ? '\nIn the baseline.'
          : '';
    table.push([
      paint[finding.severity](finding.severity.toUpperCase()),
      `${finding.ruleId}\n${finding.rule}`,
      finding.subject.displayName ?? finding.subject.id,
      `${finding.message}${confidence}${status}`,
    ]);
  }
  const lines = [table.toString()];
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
    for (const gap of report.coverage.gaps) {
      lines.push(chalk.yellow(`  - ${gap.source} @ ${gap.scope}: ${gap.reason}`));
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
    lines.push(
      chalk.bold(`mi-audit ${report.tool.version}`) +
        ` · tenant ${report.tenantId} · ${report.cloud} · scope ${report.scope.kind}${report.scope.ids.length > 0 ? ` ${report.scope.ids.join(', ')}` : ''}`,
    );
    lines.push(
      chalk.dim(
        `collected ${report.collectedAt} · ${plural(identities.userAssignedIdentity, 'user-assigned identity', 'user-assigned identities')}, ` +
          `${plural(identities.systemAssignedIdentity, 'system-assigned identity', 'system-assigned identities')}, ` +
          `${plural(identities.application, 'federated app')}`,
      ),
    );
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
