/**
 * Findings new and fixed: every rule runs on both snapshots' inventories (analyzeInventory, no policy), each as of
 * its own collection time, and findings are matched by fingerprint (docs/json-contract.md: the fingerprint excludes
 * severity, wording and display names, so a reworded finding is the same finding).
 */
import type { Inventory } from '../inventory/model.js';
import { analyzeInventory } from '../scan/analyze.js';
import { severityRank } from '../engine/severity.js';
import type { Finding, Rule } from '../engine/types.js';
import type { FindingChange } from './model.js';
import { compareText } from '../core/compare-text.js';

/** The findings of one side, as of `collectedAt` (the snapshot's collection time). */
function findingsOf(inventory: Inventory, collectedAt: string, rules: readonly Rule[] | undefined): readonly Finding[] {
  return analyzeInventory({ inventory, failOn: 'none', now: new Date(collectedAt), ...(rules === undefined ? {} : { rules }) }).report.findings;
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
  return severityRank(b.severity) - severityRank(a.severity) || compareText(a.ruleId, b.ruleId) || compareText(a.fingerprint, b.fingerprint);
}

/**
 * New and fixed findings between two snapshots, given as their inventories (the diff builds each once) and collection
 * times. Each side's findings become compact changes before the other side runs.
 */
export function diffFindings(
  before: { readonly inventory: Inventory; readonly collectedAt: string },
  after: { readonly inventory: Inventory; readonly collectedAt: string },
  rules?: readonly Rule[],
): { new: FindingChange[]; fixed: FindingChange[] } {
  const oldChanges = findingsOf(before.inventory, before.collectedAt, rules).map(toChange);
  return findingChanges(oldChanges, findingsOf(after.inventory, after.collectedAt, rules).map(toChange));
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
