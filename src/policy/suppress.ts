import { canonicalArmId, canonicalGuid } from '../azure/ids.js';
import type { Finding, FindingSuppression } from '../engine/types.js';

/** One `suppressions[]` entry of the config, with its rule resolved to a rule id. */
export interface Suppression {
  /** The rule as the config names it (id or name), for messages. */
  readonly rule: string;
  readonly ruleId: string;
  /** An ARM id (case-insensitive, `*` matches any run of characters, `/` included) or a Graph object id. */
  readonly target: string;
  readonly reason: string;
  /** ISO date (valid through that day, UTC) or date-time (valid until that instant). */
  readonly expires: string;
  readonly ticket?: string;
  /** Where the entry is in the config, `suppressions[2]`, so warnings point at it. */
  readonly origin: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The first instant at which the suppression no longer applies. A bare date covers the whole day (UTC). */
export function expiryInstant(expires: string): Date {
  const instant = new Date(DATE_ONLY.test(expires) ? `${expires}T00:00:00Z` : expires);
  if (DATE_ONLY.test(expires)) instant.setUTCDate(instant.getUTCDate() + 1);
  return instant;
}

export function isExpired(suppression: Pick<Suppression, 'expires'>, now: Date): boolean {
  return now.getTime() >= expiryInstant(suppression.expires).getTime();
}

/** Why a target cannot work, or undefined. Globs are for ARM ids only: Graph ids are opaque GUIDs. */
export function targetProblem(target: string): string | undefined {
  if (target.trim() === '') return 'target must not be empty';
  if (target.includes('*') && !target.trim().startsWith('/')) {
    return 'a * glob only works on ARM ids (starting with /); name a Graph object by its exact id';
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles a target once: a test over a finding's subject id. */
export function targetMatcher(target: string): (subjectId: string) => boolean {
  const trimmed = target.trim();
  if (!trimmed.startsWith('/')) {
    const objectId = canonicalGuid(trimmed);
    return (subjectId) => !subjectId.startsWith('/') && canonicalGuid(subjectId) === objectId;
  }
  const canonical = canonicalArmId(trimmed);
  if (!canonical.includes('*')) return (subjectId) => subjectId.startsWith('/') && canonicalArmId(subjectId) === canonical;
  const pattern = new RegExp(`^${canonical.split('*').map(escapeRegExp).join('.*')}$`);
  return (subjectId) => subjectId.startsWith('/') && pattern.test(canonicalArmId(subjectId));
}

export interface SuppressionMatcher {
  readonly suppression: Suppression;
  matches(finding: Finding): boolean;
}

export function suppressionMatcher(suppression: Suppression): SuppressionMatcher {
  const matchesTarget = targetMatcher(suppression.target);
  return {
    suppression,
    matches: (finding) => finding.ruleId === suppression.ruleId && matchesTarget(finding.subject.id),
  };
}

/** What a suppressed finding carries in the report. */
export function suppressionRecord(suppression: Suppression): FindingSuppression {
  return {
    source: 'config',
    reason: suppression.reason,
    expires: suppression.expires,
    ...(suppression.ticket === undefined ? {} : { ticket: suppression.ticket }),
  };
}

/** `suppressions[2] (privileged-role on /subscriptions/…)`: how warnings name an entry. */
export function describeSuppression(suppression: Suppression): string {
  return `${suppression.origin} (${suppression.rule} on ${suppression.target})`;
}
