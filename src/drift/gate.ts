/**
 * The diff gate, for CI: exit 1 when the drift adds risk at or above --fail-on: a new grant, a changed grant
 * whose severity went up, or a new finding. Removals, fixes and dangling references alone never fail it
 * (dangling references surface as new orphaned-* findings, which do). A drift that passes over a snapshot or export
 * with coverage gaps is exit 3, as for `scan`: a clean result over a partial view is not a pass. Pure; independent of
 * the output format.
 */
import { EXIT, type ExitCode } from '../core/exit-codes.js';
import { isAtLeast, severityRank, type Severity } from '../engine/severity.js';
import type { FailOn } from '../policy/gate.js';
import type { FindingChange, GrantChange } from './model.js';

/** True when this grant change adds privilege: added, or changed to a higher severity. */
export function grantEscalates(grant: GrantChange): boolean {
  if (grant.change === 'added') return true;
  return grant.change === 'changed' && grant.previousSeverity !== null && severityRank(grant.severity) > severityRank(grant.previousSeverity);
}

function failsAt(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && isAtLeast(severity, failOn);
}

/** How many grant changes and new findings trip the gate. */
export function countFailing(grants: readonly GrantChange[], newFindings: readonly FindingChange[], failOn: FailOn): number {
  return (
    grants.filter((grant) => grantEscalates(grant) && failsAt(grant.severity, failOn)).length +
    newFindings.filter((finding) => failsAt(finding.severity, failOn)).length
  );
}

/** 1 when something trips the gate, else 3 when either side's coverage is incomplete, else 0 (docs/drift.md). */
export function diffExitCode(failing: number, coverageComplete: boolean): ExitCode {
  if (failing > 0) return EXIT.gateFailed;
  return coverageComplete ? EXIT.ok : EXIT.partial;
}
