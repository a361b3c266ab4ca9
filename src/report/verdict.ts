import { isAtLeast } from '../engine/severity.js';
import type { AssessedFinding } from '../engine/types.js';
import type { ScanReport } from './model.js';

export type Verdict = 'pass' | 'fail' | 'incomplete';

/**
 * The gate's verdict as the report shows it, read from the report alone (reporters may not import the policy
 * layer): a failing open finding decides, else incomplete coverage. test/report/verdict.test.ts checks that it
 * agrees with the exit code of policy/gate.ts in every case.
 */
export function gateVerdict(report: ScanReport): Verdict {
  if (report.findings.some((finding) => failsGate(finding, report.failOn))) return 'fail';
  return report.coverage.complete ? 'pass' : 'incomplete';
}

/** True when this finding alone fails the gate: open and at or above `failOn`. */
export function failsGate(finding: AssessedFinding, failOn: ScanReport['failOn']): boolean {
  return finding.status === 'open' && failOn !== 'none' && isAtLeast(finding.severity, failOn);
}

/** One line for people: what the gate decided and why. */
export function verdictText(report: ScanReport): string {
  const flag = `--fail-on ${report.failOn}`;
  switch (gateVerdict(report)) {
    case 'fail':
      return `Gate failed: open findings at or above ${report.failOn} (${flag}).`;
    case 'incomplete':
      return `Coverage incomplete: no finding fails the gate (${flag}), but a clean result over a partial view is not a pass.`;
    case 'pass':
      return report.failOn === 'none' ? `Gate off (${flag}): no finding fails it.` : `Gate passed: no open finding at or above ${report.failOn} (${flag}).`;
  }
}
