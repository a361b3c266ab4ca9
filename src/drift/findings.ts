/**
 * Findings new and fixed: every rule runs on both snapshots (analyzeSnapshot, no policy), each as of its own
 * collection time, and findings are matched by fingerprint (docs/json-contract.md: the fingerprint excludes
 * severity, wording and display names, so a reworded finding is the same finding).
 */
import { analyzeSnapshot } from '../scan/analyze.js';
import { severityRank } from '../engine/severity.js';
import type { Finding, Rule } from '../engine/types.js';
import type { Snapshot } from '../snapshot/schema.js';
import type { FindingChange } from './model.js';

function findingsOf(snapshot: Snapshot, rules: readonly Rule[] | undefined): readonly Finding[] {
  return analyzeSnapshot({ snapshot, failOn: 'none', now: new Date(snapshot.collectedAt), ...(rules === undefined ? {} : { rules }) }).report.findings;
}

/** The diff's view of a finding; `subject` is the finding's own (snapshots) or its identity's (exports). */
export function findingChange(
  finding: Pick<FindingChange, 'fingerprint' | 'ruleId' | 'rule' | 'severity' | 'title' | 'message'>,
  subject: FindingChange['subject'],
): FindingChange {
  const { fingerprint, ruleId, rule, severity, title, message } = finding;
  return { fingerprint, ruleId, rule, severity, title, message, subject };
}

function toChange(finding: Finding): FindingChange {
  return findingChange(finding, { kind: finding.subject.kind, id: finding.subject.id, displayName: finding.subject.displayName ?? null });
}

/** Most severe first, then rule id, then fingerprint. */
function compareChanges(a: FindingChange, b: FindingChange): number {
  return severityRank(b.severity) - severityRank(a.severity) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0);
}

export function diffFindings(before: Snapshot, after: Snapshot, rules?: readonly Rule[]): { new: FindingChange[]; fixed: FindingChange[] } {
  return findingChanges(findingsOf(before, rules).map(toChange), findingsOf(after, rules).map(toChange));
}

/** Matches OLD's and NEW's findings by fingerprint: NEW's unmatched ones are new, OLD's unmatched ones fixed. */
export function findingChanges(oldFindings: readonly FindingChange[], newFindings: readonly FindingChange[]): { new: FindingChange[]; fixed: FindingChange[] } {
  const oldPrints = new Set(oldFindings.map((finding) => finding.fingerprint));
  const newPrints = new Set(newFindings.map((finding) => finding.fingerprint));
  return {
    new: newFindings.filter((finding) => !oldPrints.has(finding.fingerprint)).sort(compareChanges),
    fixed: oldFindings.filter((finding) => !newPrints.has(finding.fingerprint)).sort(compareChanges),
  };
}
