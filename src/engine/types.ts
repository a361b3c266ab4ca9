import type { Inventory, ObjectRef, RelatedRef } from '../inventory/model.js';
import type { DataSource } from '../snapshot/schema.js';
import type { Category } from './categories.js';
import type { RunFacts } from './facts.js';
import type { Confidence, Severity } from './severity.js';

export type Scalar = string | number | boolean | null;
export type Evidence = Readonly<Record<string, Scalar | readonly Scalar[]>>;

export interface Reference {
  readonly title: string;
  readonly url: string;
}

/** Everything the outside world knows about a rule. Docs, `mi-audit rules` and reports read only this. */
export interface RuleMeta {
  /** Immutable id, never reused: `MIA-<family><nnn>` (1xxx what it can do, 2xxx who can become it, 3xxx broken or stale). */
  readonly id: string;
  /** kebab-case, equals the file name under src/rules/. */
  readonly name: string;
  readonly category: Category;
  /** Default severity; a rule may grade a finding differently by evidence (scope breadth, privilege). */
  readonly severity: Severity;
  /** The hazard, sentence case, no final period. */
  readonly title: string;
  /** Why it matters: one or two sentences. */
  readonly why: string;
  /** How to fix it: imperative, one to three sentences. */
  readonly fix: string;
  readonly references: readonly Reference[];
  /** Data sources whose completeness the verdict depends on; gaps lower the confidence of its findings. */
  readonly requires: readonly DataSource[];
}

export interface FindingDraft {
  /** The object a human must change. */
  readonly subject: ObjectRef;
  /** One sentence with the concrete values, ending with a period. */
  readonly message: string;
  readonly related?: readonly RelatedRef[];
  readonly evidence?: Evidence;
  /** Extra fingerprint parts when one subject can fail the same rule more than once (verbatim, case kept). */
  readonly key?: readonly string[];
  /** Only for rules that grade by evidence. */
  readonly severity?: Severity;
  readonly confidence?: Confidence;
  /** A finding-specific fix that replaces meta.fix (e.g. naming the data role to use). */
  readonly remediation?: string;
}

export interface RuleContext {
  readonly inventory: Inventory;
  /** Injected clock: rules never call Date.now(). */
  readonly now: Date;
  /** Derived facts shared by all rules of one run (privilege, assignment join, issuer verdicts…: src/engine/facts.ts), each computed once. */
  readonly facts: RunFacts;
  report(draft: FindingDraft): void;
}

/** A rule: metadata plus a pure check over the inventory. No I/O, no clock, no randomness, no mutation. */
export interface Rule {
  readonly meta: RuleMeta;
  check(context: RuleContext): void;
}

export interface Finding {
  readonly ruleId: string;
  readonly rule: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly title: string;
  readonly message: string;
  readonly subject: ObjectRef;
  readonly related: readonly RelatedRef[];
  readonly evidence: Evidence;
  readonly remediation: string;
  readonly references: readonly Reference[];
  /** Why the verdict may be incomplete (coverage gaps in the sources the rule requires). */
  readonly caveats: readonly string[];
  readonly fingerprint: string;
}

/**
 * What the policy stage decided about a finding. `open` findings trip the gate; `suppressed` ones match an
 * unexpired suppression in the config (a human accepted them, with a reason); `baselined` ones were present
 * when the baseline was taken (known debt: CI fails only on new findings).
 */
export type FindingStatus = 'open' | 'suppressed' | 'baselined';

/** Why a finding is suppressed: copied from the config entry that matched it. */
export interface FindingSuppression {
  readonly source: 'config';
  readonly reason: string;
  readonly expires: string;
  readonly ticket?: string;
}

/** A finding after the policy stage: the engine's finding plus its status. This is what reports carry. */
export interface AssessedFinding extends Finding {
  readonly status: FindingStatus;
  readonly suppression?: FindingSuppression;
}
