import { canonicalGuid } from '../azure/ids.js';
import { InternalError } from '../core/errors.js';
import type { Inventory, RelatedRef } from '../inventory/model.js';
import { createRunFacts } from './facts.js';
import { canonicalSubjectId, fingerprintOfJson } from './fingerprint.js';
import { flatten } from './flat-string.js';
import { jsonString } from './json-string.js';
import { type Confidence, SEVERITIES, severityRank, shiftConfidenceDown } from './severity.js';
import type { Evidence, Finding, FindingDraft, Rule } from './types.js';

// Findings without related objects or evidence share one empty value each instead of a fresh one per finding.
const NO_RELATED: readonly RelatedRef[] = Object.freeze([]);
const NO_EVIDENCE: Evidence = Object.freeze({});

/**
 * Runs every rule over the inventory and returns findings in a deterministic order:
 * severity (highest first), rule id, subject id, fingerprint. Two findings with one fingerprint are a bug.
 */
export function runRules(rules: readonly Rule[], inventory: Inventory, now: Date): Finding[] {
  const findings: Finding[] = [];
  const facts = createRunFacts(inventory);
  const tenantJson = jsonString(canonicalGuid(inventory.tenantId));
  // The fingerprint's JSON material from parts quoted once: each subject kind, and each distinct subject id
  // canonicalised and quoted once (many findings name one subject: an identity with several grants).
  const kindJsons = new Map<string, string>();
  const idJsons = new Map<string, string>();
  const fingerprintFor = (head: string, draft: FindingDraft): string => {
    const { kind, id } = draft.subject;
    let kindJson = kindJsons.get(kind);
    if (kindJson === undefined) {
      kindJson = jsonString(kind);
      kindJsons.set(kind, kindJson);
    }
    let idJson = idJsons.get(id);
    if (idJson === undefined) {
      idJson = jsonString(canonicalSubjectId(id));
      idJsons.set(id, idJson);
    }
    return fingerprintOfJson(head, kindJson, idJson, draft.key ?? NO_KEY);
  };
  for (const rule of rules) {
    const { meta } = rule;
    const missing = meta.requires.filter((source) => !inventory.coverage.isComplete(source));
    const caveats = missing.map((source) => `coverage gap in ${source}: this verdict may be incomplete`);
    const head = `[${jsonString(meta.id)},${tenantJson},`;
    const report = (draft: FindingDraft): void => {
      const confidence: Confidence = draft.confidence ?? 'high';
      flattenDraft(draft);
      findings.push({
        ruleId: meta.id,
        rule: meta.name,
        category: meta.category,
        severity: draft.severity ?? meta.severity,
        confidence: missing.length > 0 ? shiftConfidenceDown(confidence) : confidence,
        title: meta.title,
        message: draft.message,
        subject: draft.subject,
        related: draft.related ?? NO_RELATED,
        evidence: draft.evidence ?? NO_EVIDENCE,
        remediation: draft.remediation ?? meta.fix,
        references: meta.references,
        caveats,
        fingerprint: fingerprintFor(head, draft),
      });
    };
    try {
      rule.check({ inventory, now, facts, report });
    } catch (error: unknown) {
      throw new InternalError(`rule ${meta.name} failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }
  const sorted = sortFindings(findings);
  const seen = new Set<string>();
  for (const finding of sorted) {
    const before = seen.size;
    if (seen.add(finding.fingerprint).size === before) {
      throw new InternalError(
        `rule ${finding.rule} reported two findings with fingerprint ${finding.fingerprint} (subject ${finding.subject.id}); it needs a distinguishing key`,
      );
    }
  }
  return sorted;
}

const NO_KEY: readonly string[] = Object.freeze([]);

/** Flattens the strings a finding keeps (engine/flat-string.ts): its message, names, evidence and remediation. */
function flattenDraft(draft: FindingDraft): void {
  flatten(draft.message);
  if (draft.subject.displayName !== undefined) flatten(draft.subject.displayName);
  if (draft.remediation !== undefined) flatten(draft.remediation);
  const { related, evidence } = draft;
  if (related !== undefined) for (const ref of related) if (ref.displayName !== undefined) flatten(ref.displayName);
  // for…in rather than Object.values: no array per finding.
  if (evidence !== undefined) {
    for (const name in evidence) {
      const value = evidence[name];
      if (typeof value === 'string') flatten(value);
      else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') flatten(item);
    }
  }
}

/**
 * `findings` in `compareFindings` order. The first three keys (severity rank, rule id, lowercased subject id) are
 * folded into one integer per finding: each distinct rule id and lowercased subject id is ranked once (a sort of the
 * distinct values), so the n·log n comparisons compare numbers and reach the fingerprint text only on ties.
 */
function sortFindings(findings: readonly Finding[]): Finding[] {
  const loweredOf = new Map<string, string>();
  const subjectRanks = new Map<string, number>();
  const ruleRanks = new Map<string, number>();
  const lowered = findings.map((finding) => {
    const id = finding.subject.id;
    let subject = loweredOf.get(id);
    if (subject === undefined) {
      subject = id.toLowerCase();
      loweredOf.set(id, subject);
      subjectRanks.set(subject, 0);
    }
    ruleRanks.set(finding.ruleId, 0);
    return subject;
  });
  rankInPlace(subjectRanks);
  rankInPlace(ruleRanks);
  const subjects = subjectRanks.size;
  const rules = ruleRanks.size;
  const keyed = findings.map((finding, index) => ({
    finding,
    // Highest severity first: 4 − rank. At most 5 × rules × subjects, far below 2^53.
    key: ((SEVERITIES.length - 1 - severityRank(finding.severity)) * rules + (ruleRanks.get(finding.ruleId) ?? 0)) * subjects + (subjectRanks.get(lowered[index] ?? '') ?? 0),
  }));
  keyed.sort((a, b) => a.key - b.key || compareText(a.finding.fingerprint, b.finding.fingerprint));
  return keyed.map(({ finding }) => finding);
}

/** Replaces each key's value by the key's position in `compareText` order (the keys are distinct). */
function rankInPlace(ranks: Map<string, number>): void {
  [...ranks.keys()].sort(compareText).forEach((value, rank) => ranks.set(value, rank));
}

/** The report order: severity (highest first), rule id, subject id, fingerprint. Policy re-sorts with it after a severity remap. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.subject.id.toLowerCase(), b.subject.id.toLowerCase()) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
