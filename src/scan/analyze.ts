import type { ExitCode } from '../core/exit-codes.js';
import { VERSION } from '../core/version.js';
import { createRunFacts, type RunFacts } from '../engine/facts.js';
import { runRules } from '../engine/run.js';
import type { Rule, RuleMeta } from '../engine/types.js';
import { buildInventory } from '../inventory/build.js';
import type { Inventory } from '../inventory/model.js';
import { applyPolicy, type Policy } from '../policy/apply.js';
import { assertBaselineTenant } from '../policy/baseline.js';
import { gateExitCode, type FailOn } from '../policy/gate.js';
import { configuredRuleMeta, enabledRules } from '../policy/rule-settings.js';
import { buildReport, type ScanReport } from '../report/model.js';
import { RULES } from '../rules/index.js';
import type { Snapshot } from '../snapshot/schema.js';

export interface AnalyzeOptions {
  readonly snapshot: Snapshot;
  readonly failOn: FailOn;
  readonly now: Date;
  readonly rules?: readonly Rule[];
  /** Rule settings, suppressions and baseline (from the config file and flags). */
  readonly policy?: Policy;
  /**
   * Told as each stage of the analysis ends, in order (`rules`, then `policy`): the CLI's --debug stage times
   * (src/cli/stages.ts) keep the clock, this module reads none.
   */
  readonly onStageEnd?: (stage: AnalysisStage) => void;
}

/** The analysis's stages: the rule pass (rules and engine), then suppressions and baseline applied. */
export type AnalysisStage = 'rules' | 'policy';

/** The same as AnalyzeOptions, with the snapshot already turned into its inventory (see analyzeInventory). */
export type AnalyzeInventoryOptions = Omit<AnalyzeOptions, 'snapshot'> & { readonly inventory: Inventory };

export interface AnalyzeResult {
  readonly report: ScanReport;
  readonly exitCode: ExitCode;
  /** Policy warnings (expired or unused suppressions), for the CLI to print. */
  readonly warnings: readonly string[];
  /** The rules that ran, for reporters that describe them (SARIF). */
  readonly rules: readonly RuleMeta[];
  /** The inventory the rules read, for views built beside the report (the identity record). */
  readonly inventory: Inventory;
  /**
   * The facts the rules derived (privilege, subject breadth…), for the identity record: it describes identities as
   * the rules saw them without computing every principal's privilege a second time.
   */
  readonly facts: RunFacts;
}

/** snapshot → inventory → rules → findings → policy → gate. The programmatic API behind `scan`; no I/O. */
export function analyzeSnapshot(options: AnalyzeOptions): AnalyzeResult {
  const { snapshot, ...rest } = options;
  return analyzeInventory({ ...rest, inventory: buildInventory(snapshot) });
}

/**
 * inventory → rules → findings → policy → gate. For callers that drop the snapshot once its inventory is built
 * (the CLI): the inventory keeps what it needs, and the snapshot's own copies of role assignments, resources and
 * federated credentials (12 MB on the 100k-assignment tenant) can go before the rule pass, the scan's peak.
 */
export function analyzeInventory(options: AnalyzeInventoryOptions): AnalyzeResult {
  const policy = options.policy ?? {};
  const { inventory } = options;
  if (policy.baseline !== undefined) assertBaselineTenant(policy.baseline, inventory.tenantId);
  const rules = policy.ruleSettings === undefined ? (options.rules ?? RULES) : enabledRules(options.rules ?? RULES, policy.ruleSettings);
  const facts = createRunFacts(inventory);
  const assessed = runRules(rules, inventory, options.now, facts);
  options.onStageEnd?.('rules');
  const { findings, warnings } = applyPolicy(assessed, policy, options.now);
  options.onStageEnd?.('policy');
  const report = buildReport({ inventory, findings, version: VERSION, generatedAt: options.now, failOn: options.failOn });
  return {
    report,
    exitCode: gateExitCode(findings, inventory.coverage.complete, options.failOn),
    warnings,
    rules: rules.map((rule) => (policy.ruleSettings === undefined ? rule.meta : configuredRuleMeta(rule.meta, policy.ruleSettings))),
    inventory,
    facts,
  };
}
