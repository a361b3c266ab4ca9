/**
 * The identity-first table for `scan`: a summary at the top, then each identity with open findings, riskiest
 * first (the identity record's rank: worst open severity, privilege tier, trust breadth), with its findings
 * under it; findings about no identity (orphaned assignments, resources) come last. Plain indented text rather
 * than a grid, so that it stays fast for large tenants and readable at 80 columns.
 *
 * Pure: it renders the report and the records it is given (src/record/build.ts computes them). Every tenant
 * value goes through escapeUntrusted before it reaches the terminal.
 */
import { Chalk } from 'chalk';

import { escapeUntrusted } from '../core/untrusted-text.js';
import { SEVERITIES, type Severity } from '../engine/severity.js';
import type { AssessedFinding } from '../engine/types.js';
import type { IdentityRecord } from '../record/schema.js';
import type { ScanReport } from './model.js';
import type { RenderEnv } from './reporter.js';
import { MIN_TABLE_WIDTH, TABLE_ROW_LIMIT, plural, severityPainter, summaryLines } from './table.js';
import { wrapText } from './wrap.js';
import { compareText } from '../core/compare-text.js';

const KIND_LABEL: Readonly<Record<IdentityRecord['kind'], string>> = {
  userAssignedIdentity: 'user-assigned',
  systemAssignedIdentity: 'system-assigned',
  application: 'app registration',
};

/**
 * The identities the table is drawn from, ranked (src/record/build.ts `identityRecords`): their counts come from the
 * ranking and records are pulled one by one, only until the table's row limit is reached, so a tenant of 70,000
 * identities does not build 70,000 records to show a thousand lines.
 */
export interface RankedRecords extends Iterable<IdentityRecord> {
  readonly summary: { readonly identities: number; readonly withOpenFindings: number };
  readonly tiers: readonly number[];
  isAttributed(fingerprint: string): boolean;
}

/** `scan --format table` grouped by identity (see the module comment). */
export function renderIdentityTable(report: ScanReport, records: RankedRecords, env: RenderEnv): string {
  const chalk = new Chalk({ level: env.color ? 1 : 0 });
  const paint = severityPainter(chalk);
  const text = escapeUntrusted;
  const shown = (finding: { readonly status: string }): boolean => finding.status === 'open' || env.showSuppressed === true;
  const lines: string[] = [];

  // Lines wrap to the terminal (never below 80 columns); continuation lines are indented under the message.
  const width = Math.max(MIN_TABLE_WIDTH, env.columns);
  const indent = ' '.repeat(13);
  lines.push(...wrapText(`mi-audit ${report.tool.version} · tenant ${text(report.tenantId)} · ${report.cloud} · collected ${text(report.collectedAt)}`, width).map((line) => chalk.bold(line)));
  const { identities, withOpenFindings } = records.summary;
  const byTier = [0, 1, 2, 3].map((tier) => `T${tier} ${records.tiers[tier] ?? 0}`).join(', ');
  lines.push(`${plural(identities, 'identity', 'identities')} by privilege tier ${byTier}; ${withOpenFindings} with open findings`);
  lines.push(...summaryLines(report, env, chalk, paint));
  lines.push(
    ...wrapText(
      'T0-T3: privilege tier (T0 can take over a subscription or the tenant, T1 can write, T2 reads data, T3 reads metadata). B1-B4: who can become it through federation (B1 one workload, B2 one branch, environment or workspace, B3 any pull request or plan, B4 a whole owner or platform).',
      width,
    ).map((line) => chalk.dim(line)),
  );
  lines.push('');

  let printed = 0;
  const findingLine = (finding: Pick<AssessedFinding, 'severity' | 'ruleId' | 'rule' | 'message' | 'status'>, suffix = ''): string => {
    const status = finding.status === 'open' ? '' : ` (${finding.status})`;
    const [first = '', ...rest] = wrapText(`${finding.ruleId} ${finding.rule}: ${text(finding.message)}${status}${suffix}`, width - indent.length);
    const badge = paint[finding.severity](finding.severity.toUpperCase().padEnd(8));
    return [`    ${badge} ${first}`, ...rest.map((line) => `${indent}${line}`)].join('\n');
  };
  for (const record of records) {
    // Records are built as they are pulled: none past the row limit.
    if (printed >= TABLE_ROW_LIMIT) break;
    const listed = record.findings.filter(shown);
    if (listed.length === 0) continue;
    const worst: Severity | null = record.risk.worstOpenSeverity;
    const badge = worst === null ? chalk.dim('accepted') : paint[worst](worst.toUpperCase());
    const where = record.subscriptionName ?? record.subscriptionId ?? 'tenant';
    const trust = record.risk.trustBreadth === 0 ? '' : ` · B${record.risk.trustBreadth} trust`;
    // Units ("T0", "B3 trust", "2 grants") are joined by no-break spaces so a wrap never splits one.
    const unit = (value: string): string => value.replace(/ /g, '\u00a0');
    const facts = [`T${record.risk.tier}`, ...(trust === '' ? [] : [unit(trust.replace(/^ · /, ''))]), unit(plural(record.grants.length, 'grant'))];
    const prefix = `#${record.risk.rank} ${worst === null ? 'accepted' : worst.toUpperCase()} `;
    const heading = wrapText(`${text(record.name)} (${KIND_LABEL[record.kind]}, ${text(where)}) · ${facts.join(' · ')}`, width - prefix.length);
    lines.push(`${chalk.dim(`#${record.risk.rank}`)} ${badge} ${heading[0] ?? ''}`, ...heading.slice(1).map((line) => `${' '.repeat(prefix.length)}${line}`));
    for (const finding of sortBySeverity(listed)) {
      lines.push(findingLine(finding));
      printed += 1;
    }
  }
  const loose = report.findings.filter((finding) => shown(finding) && !records.isAttributed(finding.fingerprint));
  if (loose.length > 0 && printed < TABLE_ROW_LIMIT) {
    lines.push('', chalk.bold('Not tied to a workload identity:'));
    for (const finding of loose) {
      lines.push(findingLine(finding, ` [${text(finding.subject.displayName ?? finding.subject.id)}]`));
      printed += 1;
    }
  }
  const listedTotal = report.findings.filter(shown).length;
  if (printed < listedTotal) lines.push('', chalk.yellow(`Showing ${printed} of ${listedTotal} findings; use --format json or csv for all of them.`));
  const quiet = identities - withOpenFindings;
  if (quiet > 0) {
    lines.push('', ...wrapText(`${plural(quiet, 'identity', 'identities')} without open findings; \`mi-audit export\` lists every identity with its grants.`, width).map((line) => chalk.dim(line)));
  }
  return `${lines.join('\n')}\n`;
}

function sortBySeverity<T extends { readonly severity: Severity; readonly ruleId: string }>(findings: readonly T[]): T[] {
  return [...findings].sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || compareText(a.ruleId, b.ruleId));
}
