import { runRules } from '../engine/run.js';
import type { Rule } from '../engine/types.js';
import { buildInventory } from '../inventory/build.js';
import { gateExitCode, type FailOn } from '../policy/gate.js';
import { buildReport, type ScanReport } from '../report/model.js';
import { RULES } from '../rules/index.js';
import type { Snapshot } from '../snapshot/schema.js';
import type { ExitCode } from './exit-codes.js';
import { VERSION } from './version.js';

export interface AnalyzeOptions {
  readonly snapshot: Snapshot;
  readonly failOn: FailOn;
  readonly now: Date;
  readonly rules?: readonly Rule[];
}

export interface AnalyzeResult {
  readonly report: ScanReport;
  readonly exitCode: ExitCode;
}

/** snapshot → inventory → rules → findings → gate. The programmatic API behind `scan`; no I/O. */
export function analyzeSnapshot(options: AnalyzeOptions): AnalyzeResult {
  const inventory = buildInventory(options.snapshot);
  const findings = runRules(options.rules ?? RULES, inventory, options.now);
  const report = buildReport({ inventory, findings, version: VERSION, generatedAt: options.now, failOn: options.failOn });
  return { report, exitCode: gateExitCode(findings, inventory.coverage.complete, options.failOn) };
}
