import { canonicalGuid } from '../azure/ids.js';
import { InternalError } from '../core/errors.js';
import type { Inventory, RelatedRef } from '../inventory/model.js';
import { createRunFacts } from './facts.js';
import { canonicalSubjectId, fingerprintOf } from './fingerprint.js';
import { flatten } from './flat-string.js';
import { type Confidence, severityRank, shiftConfidenceDown } from './severity.js';
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
  const tenant = canonicalGuid(inventory.tenantId);
  // Many findings name one subject (an identity with several grants): canonicalise each distinct id once.
  const canonicalIds = new Map<string, string>();
  const canonicalIdOf = (id: string): string => {
    let canonical = canonicalIds.get(id);
    if (canonical === undefined) {
      canonical = canonicalSubjectId(id);
      canonicalIds.set(id, canonical);
    }
    return canonical;
  };
  for (const rule of rules) {
    const { meta } = rule;
    const missing = meta.requires.filter((source) => !inventory.coverage.isComplete(source));
    const caveats = missing.map((source) => `coverage gap in ${source}: this verdict may be incomplete`);
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
        fingerprint: fingerprintOf(meta.id, tenant, draft.subject.kind, canonicalIdOf(draft.subject.id), draft.key ?? NO_KEY),
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
    if (seen.has(finding.fingerprint)) {
      throw new InternalError(
        `rule ${finding.rule} reported two findings with fingerprint ${finding.fingerprint} (subject ${finding.subject.id}); it needs a distinguishing key`,
      );
    }
    seen.add(finding.fingerprint);
  }
  return sorted;
}

const NO_KEY: readonly string[] = Object.freeze([]);

/** Flattens the strings a finding keeps (engine/flat-string.ts): its message, names, evidence and remediation. */
function flattenDraft(draft: FindingDraft): void {
  flatten(draft.message);
  if (draft.subject.displayName !== undefined) flatten(draft.subject.displayName);
  if (draft.remediation !== undefined) flatten(draft.remediation);
  for (const ref of draft.related ?? NO_RELATED) if (ref.displayName !== undefined) flatten(ref.displayName);
  for (const value of Object.values(draft.evidence ?? NO_EVIDENCE)) {
    if (typeof value === 'string') flatten(value);
    else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') flatten(item);
  }
}

/**
 * `findings` in `compareFindings` order, with each finding's sort keys (severity rank, lowercased subject id)
 * computed once instead of in each of the n·log n comparisons.
 */
function sortFindings(findings: readonly Finding[]): Finding[] {
  const lowered = new Map<string, string>();
  const keyed = findings.map((finding) => {
    let subject = lowered.get(finding.subject.id);
    if (subject === undefined) {
      subject = finding.subject.id.toLowerCase();
      lowered.set(finding.subject.id, subject);
    }
    return { finding, rank: severityRank(finding.severity), subject };
  });
  keyed.sort(
    (a, b) =>
      b.rank - a.rank ||
      compareText(a.finding.ruleId, b.finding.ruleId) ||
      compareText(a.subject, b.subject) ||
      compareText(a.finding.fingerprint, b.finding.fingerprint),
  );
  return keyed.map(({ finding }) => finding);
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
