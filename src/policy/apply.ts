import type { AssessedFinding, Finding } from '../engine/types.js';
import { assessFinding } from '../engine/assessed.js';
import type { Baseline } from './baseline.js';
import { remapSeverities, type RuleSettings } from './rule-settings.js';
import {
  describeSuppression,
  isExpired,
  suppressionMatcher,
  suppressionRecord,
  type Suppression,
  type SuppressionMatcher,
} from './suppress.js';

/** Everything the policy stage needs besides the findings; every part is optional. */
export interface Policy {
  readonly ruleSettings?: RuleSettings;
  readonly suppressions?: readonly Suppression[];
  readonly baseline?: Baseline;
}

export interface PolicyOutcome {
  /** In report order, each with its status. */
  readonly findings: readonly AssessedFinding[];
  /** For stderr: expired and unused suppressions. Never fatal. */
  readonly warnings: readonly string[];
}

/**
 * findings → severity remaps → statuses. A suppression wins over the baseline (it carries a human reason);
 * an expired suppression does not apply, so its findings fall through to the baseline or reopen. `now` is
 * the injected clock, so expiry is testable.
 */
export function applyPolicy(findings: readonly Finding[], policy: Policy, now: Date): PolicyOutcome {
  const remapped = policy.ruleSettings === undefined ? findings : remapSeverities(findings, policy.ruleSettings);
  const suppressions = policy.suppressions ?? [];
  const active: SuppressionMatcher[] = suppressions.filter((entry) => !isExpired(entry, now)).map(suppressionMatcher);
  const expired = suppressions.filter((entry) => isExpired(entry, now)).map(suppressionMatcher);
  const used = new Set<Suppression>();
  const reopened = new Map<Suppression, number>();

  const assessed = remapped.map((finding): AssessedFinding => {
    const match = active.find((matcher) => matcher.matches(finding));
    if (match !== undefined) {
      used.add(match.suppression);
      return assessFinding(finding, 'suppressed', suppressionRecord(match.suppression));
    }
    for (const matcher of expired) {
      if (matcher.matches(finding)) reopened.set(matcher.suppression, (reopened.get(matcher.suppression) ?? 0) + 1);
    }
    if (policy.baseline?.fingerprints.has(finding.fingerprint) === true) return assessFinding(finding, 'baselined');
    // The engine's findings are born open: kept as they are, not copied.
    return isOpen(finding) ? finding : assessFinding(finding, 'open');
  });

  const warnings: string[] = [];
  for (const entry of suppressions) {
    if (isExpired(entry, now)) {
      const count = reopened.get(entry) ?? 0;
      warnings.push(
        `${describeSuppression(entry)} expired on ${entry.expires}; it no longer applies` +
          (count > 0 ? ` (${count} finding${count === 1 ? '' : 's'} no longer suppressed)` : ''),
      );
    } else if (!used.has(entry)) {
      warnings.push(`${describeSuppression(entry)} matched no finding; remove it or fix its rule or target`);
    }
  }
  return { findings: assessed, warnings };
}

function isOpen(finding: Finding | AssessedFinding): finding is AssessedFinding {
  return 'status' in finding && finding.status === 'open';
}
