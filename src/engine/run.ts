import { canonicalGuid } from '../azure/ids.js';
import { InternalError } from '../core/errors.js';
import { perValue } from '../core/memo.js';
import type { Inventory, RelatedRef } from '../inventory/model.js';
import { duplicateFingerprint } from './duplicate-fingerprint.js';
import { findingOrder } from './finding-order.js';
import { createRunFacts, type RunFacts } from './facts.js';
import { canonicalSubjectId, fingerprintOfJson } from './fingerprint.js';
import { flatten } from './flat-string.js';
import { jsonString } from './json-string.js';
import { type Confidence, SEVERITIES, severityRank, shiftConfidenceDown } from './severity.js';
import type { AssessedFinding, Evidence, Finding, FindingDraft, Rule } from './types.js';
import { compareText } from '../core/compare-text.js';

// Findings without related objects or evidence share one empty value each instead of a fresh one per finding.
const NO_RELATED: readonly RelatedRef[] = Object.freeze([]);
const NO_EVIDENCE: Evidence = Object.freeze({});

/**
 * Runs every rule over the inventory and returns findings in a deterministic order:
 * severity (highest first), rule id, subject id, fingerprint. Two findings with one fingerprint are a bug.
 * `facts` are the run's derived facts; a caller passes its own to keep them for views built after the rules.
 */
export function runRules(rules: readonly Rule[], inventory: Inventory, now: Date, facts: RunFacts = createRunFacts(inventory)): AssessedFinding[] {
  const findings: AssessedFinding[] = [];
  // Per finding, in step with `findings`: its subject's entry; per rule, the rank and the first finding's index (a
  // rule's findings are contiguous). The sort keys (see sortFindings).
  const subjectOf: Subject[] = [];
  const spans: RuleSpan[] = [];
  const tenantJson = jsonString(canonicalGuid(inventory.tenantId));
  const ruleRanks = ranks(rules.map((rule) => rule.meta.id));
  // The fingerprint's JSON material from parts quoted once: each subject kind, and each distinct subject id
  // canonicalised and quoted once (many findings name one subject: an identity with several grants).
  const subjects = new Map<string, Subject>();
  const subjectFor = (id: string): Subject => {
    let subject = subjects.get(id);
    if (subject === undefined) {
      subject = newSubject(id);
      subjects.set(id, subject);
    }
    return subject;
  };
  const kindJsonOf = perValue(jsonString);
  for (const rule of rules) {
    const { meta } = rule;
    const missing = meta.requires.filter((source) => !inventory.coverage.isComplete(source));
    const caveats = missing.map((source) => `coverage gap in ${source}: this verdict may be incomplete`);
    const head = `[${jsonString(meta.id)},${tenantJson},`;
    spans.push({ rank: ruleRanks.get(meta.id) ?? 0, start: findings.length });
    const report = (draft: FindingDraft): void => {
      const confidence: Confidence = draft.confidence ?? 'high';
      const subject = subjectFor(draft.subject.id);
      flattenDraft(draft);
      subjectOf.push(subject);
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
        fingerprint: fingerprintOfJson(head, kindJsonOf(draft.subject.kind), subject.json, draft.key ?? NO_KEY),
        // Born open, so the policy stage copies only the findings it suppresses or baselines (a copy of all 72,000
        // was 10 MB of garbage at the peak of a large scan).
        status: 'open',
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
  const sorted = sortFindings(findings, subjectOf, spans, ruleRanks.size, [...subjects.values()]);
  const duplicate = duplicateFingerprint(sorted);
  if (duplicate !== undefined) {
    throw new InternalError(
      `rule ${duplicate.rule} reported two findings with fingerprint ${duplicate.fingerprint} (subject ${duplicate.subject.id}); it needs a distinguishing key`,
    );
  }
  return sorted;
}

/** A rule's rank among the run's rule ids and the index of its first finding. */
interface RuleSpan {
  readonly rank: number;
  readonly start: number;
}

const NO_KEY: readonly string[] = Object.freeze([]);

/**
 * Flattens the strings a finding builds for itself (engine/flat-string.ts): its message and remediation. Names and
 * evidence strings are shared labels and inventory strings, flat already or flattened once by their first reader:
 * walking them per finding bought nothing (70.3 MB retained without, 70.9 MB with, on the 100k tenant).
 */
function flattenDraft(draft: FindingDraft): void {
  flatten(draft.message);
  if (draft.remediation !== undefined) flatten(draft.remediation);
}

/**
 * The run's entry for a subject id. Its quoted canonical form is kept flat, and nearly always the canonical id is the
 * lowercase id and needs no escape: the sort key is then that quoted form itself instead of a second copy. On the 100k
 * tenant that is 46,000 subjects of ~120 characters, and every byte of it outlives two scavenges: old-generation
 * garbage once the run ends.
 */
function newSubject(id: string): Subject {
  const canonical = canonicalSubjectId(id);
  const json = flatten(jsonString(canonical));
  const lowered = id.toLowerCase();
  // JSON.stringify adds exactly the two quotes when nothing needs an escape.
  const plain = json.length === canonical.length + 2 && lowered === canonical;
  return { json, sortKey: plain ? json : flatten(`"${lowered}"`), rank: 0 };
}

/** A distinct subject id of the run: its canonical id quoted for the fingerprint, its sort key and rank. */
interface Subject {
  readonly json: string;
  /**
   * The lowercase id between two `"`: a flat string, and for nearly every subject the `json` string itself. Compared
   * as such, flat strings sort about twice as fast as V8's sliced views of them (46,000 subjects: ~70 → ~35 ms).
   */
  readonly sortKey: string;
  /** Position of the lowercase id among the run's distinct lowercase subject ids (set by sortFindings). */
  rank: number;
}

/**
 * Sorts subjects by lowercase id. `"x"` and `"y"` are in the order of `x` and `y` except where one id is a proper
 * prefix of the other and the longer one goes on with a character below `"` (U+0000–U+0021: a space, `!`, a control
 * character); when some id holds one, the ids are compared without their quotes.
 */
function sortSubjects(subjects: Subject[]): void {
  if (subjects.some((subject) => BELOW_QUOTE.test(subject.sortKey))) {
    subjects.sort((a, b) => compareText(a.sortKey.slice(1, -1), b.sortKey.slice(1, -1)));
  } else {
    subjects.sort((a, b) => compareText(a.sortKey, b.sortKey));
  }
}

const BELOW_QUOTE = /[\u0000-\u0021]/;

/**
 * `findings` in `compareFindings` order. The first three keys (severity, rule id, lowercased subject id) are folded
 * into one integer per finding: rule ids are ranked once per run and the distinct subjects once (one sort of
 * them, equal lowercase ids given one rank), so findings sort as numbers and reach the fingerprint text only on ties.
 * `subjectOf` runs in step with `findings`; `spans` gives each rule's rank from its first finding on. The keys and the
 * order live in typed arrays, outside the JavaScript heap: a `{ finding, key }` object per finding was 3 MB of garbage
 * promoted to the old generation on the 100k-assignment tenant.
 */
function sortFindings<F extends Finding>(findings: readonly F[], subjectOf: readonly Subject[], spans: readonly RuleSpan[], ruleCount: number, subjects: Subject[]): F[] {
  sortSubjects(subjects);
  let rank = -1;
  let previous: string | undefined;
  for (const subject of subjects) {
    if (subject.sortKey !== previous) rank += 1;
    subject.rank = rank;
    previous = subject.sortKey;
  }
  const subjectCount = rank + 1;
  const count = findings.length;
  // Below 5 × rules × subjects. Small integers in an Int32Array load as small integers (a Float64Array's load as heap
  // numbers: 1.7 MB of garbage on the 100k tenant); a Float64Array only for a tenant so large that only it holds them exactly.
  const keys = SEVERITIES.length * ruleCount * subjectCount < 2 ** 30 ? new Int32Array(count) : new Float64Array(count);
  spans.forEach((span, at) => {
    const end = spans[at + 1]?.start ?? count;
    for (let index = span.start; index < end; index++) {
      const finding = findings[index];
      if (finding === undefined) continue;
      // Highest severity first: 4 − rank.
      keys[index] = ((SEVERITIES.length - 1 - severityRank(finding.severity)) * ruleCount + span.rank) * subjectCount + (subjectOf[index]?.rank ?? 0);
    }
  });
  const order = findingOrder(keys, (index) => findings[index]?.fingerprint ?? '');
  // Written in place into a copy of exact length: pushing into a new array regrows it, and each old store is garbage.
  const sorted = findings.slice();
  for (let at = 0; at < count; at++) sorted[at] = findings[order[at] ?? at] as F;
  return sorted;
}

/** Each distinct value's position in `compareText` order. */
function ranks(values: readonly string[]): Map<string, number> {
  return new Map([...new Set(values)].sort(compareText).map((value, rank) => [value, rank]));
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
