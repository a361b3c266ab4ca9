import { EXIT, type ExitCode } from '../core/exit-codes.js';
import { isAtLeast, type Severity } from '../engine/severity.js';
import type { FindingStatus } from '../engine/types.js';

export const FAIL_ON_CHOICES = ['critical', 'high', 'medium', 'low', 'info', 'none'] as const;
export type FailOn = (typeof FAIL_ON_CHOICES)[number];

/** Used when neither --fail-on nor the config's failOn is given. */
export const DEFAULT_FAIL_ON: FailOn = 'high';

/** What the gate reads of a finding. No status means the engine's raw output, where everything is open. */
export interface GateFinding {
  readonly severity: Severity;
  readonly status?: FindingStatus;
}

/**
 * The gate: a pure function of findings, coverage and --fail-on, independent of the output format.
 * Only open findings count: suppressed and baselined ones were accepted by policy.
 * A failing finding is certain whatever the coverage (1); a clean result over a partial view is not a pass (3).
 */
export function gateExitCode(findings: readonly GateFinding[], coverageComplete: boolean, failOn: FailOn): ExitCode {
  const threshold: Severity | undefined = failOn === 'none' ? undefined : failOn;
  const fails = (finding: GateFinding): boolean =>
    (finding.status ?? 'open') === 'open' && threshold !== undefined && isAtLeast(finding.severity, threshold);
  if (findings.some(fails)) return EXIT.gateFailed;
  return coverageComplete ? EXIT.ok : EXIT.partial;
}
