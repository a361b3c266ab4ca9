import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';

import { SEVERITIES, type Severity } from '../engine/severity.js';
import type { Reporter } from './reporter.js';

function severityPainter(chalk: ChalkInstance): Record<Severity, (text: string) => string> {
  return {
    critical: (text) => chalk.bgRed.white.bold(text),
    high: (text) => chalk.red.bold(text),
    medium: (text) => chalk.yellow(text),
    low: (text) => chalk.cyan(text),
    info: (text) => chalk.gray(text),
  };
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/**
 * cli-table3 renders about 0.5 ms per row, so a 14k-finding tenant would take seconds and be unreadable
 * anyway: the table shows the most severe findings first and points to json/csv for the complete list.
 */
export const TABLE_ROW_LIMIT = 1000;

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

    if (report.findings.length > 0) {
      const width = Math.max(80, env.columns);
      const messageWidth = Math.max(30, width - 10 - 26 - 28 - 7);
      const table = new Table({
        head: ['Severity', 'Rule', 'Identity / object', 'Finding'],
        colWidths: [10, 26, 28, messageWidth],
        wordWrap: true,
        wrapOnWordBoundary: true,
        style: { head: env.color ? ['bold'] : [], border: env.color ? ['grey'] : [] },
      });
      for (const finding of report.findings.slice(0, TABLE_ROW_LIMIT)) {
        table.push([
          paint[finding.severity](finding.severity.toUpperCase()),
          `${finding.ruleId}\n${finding.rule}`,
          finding.subject.displayName ?? finding.subject.id,
          finding.confidence === 'high' ? finding.message : `${finding.message} (confidence: ${finding.confidence})`,
        ]);
      }
      lines.push(table.toString());
      if (report.findings.length > TABLE_ROW_LIMIT) {
        lines.push(
          chalk.yellow(`Showing the ${TABLE_ROW_LIMIT} most severe of ${report.findings.length} findings; use --format json or csv for all of them.`),
        );
      }
      lines.push('');
    }

    const counts = [...SEVERITIES]
      .reverse()
      .filter((severity) => report.summary.bySeverity[severity] > 0)
      .map((severity) => paint[severity](`${report.summary.bySeverity[severity]} ${severity}`));
    lines.push(
      report.findings.length === 0
        ? chalk.green('No findings.')
        : `${chalk.bold(plural(report.summary.total, 'finding'))}: ${counts.join(', ')}`,
    );
    if (!report.coverage.complete) {
      lines.push(chalk.yellow(`Coverage incomplete: ${plural(report.coverage.gaps.length, 'gap')}; a clean result here is not a pass.`));
      for (const gap of report.coverage.gaps) {
        lines.push(chalk.yellow(`  - ${gap.source} @ ${gap.scope}: ${gap.reason}`));
      }
    }
    return `${lines.join('\n')}\n`;
  },
};
