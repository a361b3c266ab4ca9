import { EXIT, type ExitCode } from '../core/exit-codes.js';
import { isAtLeast, SEVERITIES } from '../engine/severity.js';
import type { FailOn } from '../policy/gate.js';
import type { ScanReport } from '../report/model.js';

/** Gaps named on the verdict line before "and N more": enough to act on, short enough for one line. */
const NAMED_GAPS = 3;

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

function describeGaps(report: ScanReport): string {
  const gaps = report.coverage.gaps;
  const named = gaps.slice(0, NAMED_GAPS).map((gap) => `${gap.source} at ${gap.scope} (${gap.reason})`);
  const more = gaps.length > NAMED_GAPS ? `; and ${gaps.length - NAMED_GAPS} more (see the report)` : '';
  return `${named.join('; ')}${more}`;
}

/**
 * The gate's verdict for stderr, one or two lines (without newlines), e.g.
 * `FAIL: 25 open findings at or above high (exit 1)`, `PASS: no open finding at or above high`, or for exit 3
 * `INCOMPLETE: …` followed by the coverage gaps behind it. Texts may hold tenant data (gap scopes and reasons):
 * print them through sayLine. Exit codes: docs/exit-codes.md.
 */
export function gateVerdict(report: ScanReport, failOn: FailOn, exitCode: ExitCode): string[] {
  const gapCount = report.coverage.gaps.length;
  if (exitCode === EXIT.gateFailed && failOn !== 'none') {
    const failing = SEVERITIES.filter((severity) => isAtLeast(severity, failOn)).reduce((sum, severity) => sum + report.summary.bySeverity[severity], 0);
    const alsoGaps = gapCount === 0 ? '' : `; coverage is also incomplete (${plural(gapCount, 'gap', 'gaps')})`;
    return [`FAIL: ${plural(failing, 'open finding', 'open findings')} at or above ${failOn} (exit 1)${alsoGaps}`];
  }
  const clean = failOn === 'none' ? 'gate off (--fail-on none)' : `no open finding at or above ${failOn}`;
  if (exitCode === EXIT.partial) {
    return [`INCOMPLETE: ${clean}, but coverage has ${plural(gapCount, 'gap', 'gaps')}, so this is no pass (exit 3)`, `  ${describeGaps(report)}`];
  }
  return [`PASS: ${clean}`];
}
