import { EXIT } from '../core/exit-codes.js';
import { isAtLeast } from '../engine/severity.js';
import type { AssessedFinding } from '../engine/types.js';
import { gateExitCode } from '../policy/gate.js';
import type { ScanReport } from './model.js';

export type Verdict = 'pass' | 'fail' | 'incomplete';

/** The gate's verdict on a report, from the same function the exit code comes from (so they cannot disagree). */
export function gateVerdict(report: ScanReport): Verdict {
  const code = gateExitCode(report.findings, report.coverage.complete, report.failOn);
  return code === EXIT.gateFailed ? 'fail' : code === EXIT.ok ? 'pass' : 'incomplete';
}

/** True when this finding alone fails the gate: open and at or above `failOn`. */
export function failsGate(finding: AssessedFinding, failOn: ScanReport['failOn']): boolean {
  return finding.status === 'open' && failOn !== 'none' && isAtLeast(finding.severity, failOn);
}

/** One line for people: what the gate decided and why. */
export function verdictText(report: ScanReport): string {
  const threshold = report.failOn === 'none' ? 'the gate is off (--fail-on none)' : `--fail-on ${report.failOn}`;
  switch (gateVerdict(report)) {
    case 'fail':
      return `Gate failed: open findings at or above ${report.failOn} (${threshold}).`;
    case 'incomplete':
      return `Coverage incomplete: no finding fails the gate (${threshold}), but a clean result over a partial view is not a pass.`;
    case 'pass':
      return `Gate passed: no open finding at or above ${report.failOn === 'none' ? 'any threshold' : report.failOn} (${threshold}).`;
  }
}
