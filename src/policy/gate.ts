import { EXIT, type ExitCode } from '../core/exit-codes.js';
import { isAtLeast, type Severity } from '../engine/severity.js';
import type { Finding } from '../engine/types.js';

export const FAIL_ON_CHOICES = ['critical', 'high', 'medium', 'low', 'info', 'none'] as const;
export type FailOn = (typeof FAIL_ON_CHOICES)[number];

/**
 * The gate: a pure function of findings, coverage and --fail-on, independent of the output format.
 * A failing finding is certain whatever the coverage (1); a clean result over a partial view is not a pass (3).
 */
export function gateExitCode(findings: readonly Finding[], coverageComplete: boolean, failOn: FailOn): ExitCode {
  const threshold: Severity | undefined = failOn === 'none' ? undefined : failOn;
  if (threshold !== undefined && findings.some((finding) => isAtLeast(finding.severity, threshold))) {
    return EXIT.gateFailed;
  }
  return coverageComplete ? EXIT.ok : EXIT.partial;
}
