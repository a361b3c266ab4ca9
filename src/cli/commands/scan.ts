import { existsSync } from 'node:fs';

import { analyzeSnapshot } from '../../core/analyze.js';
import { UsageError } from '../../core/errors.js';
import type { ExitCode } from '../../core/exit-codes.js';
import { DEMO_SNAPSHOT_PATH } from '../../core/paths.js';
import type { Policy } from '../../policy/apply.js';
import { type Baseline, readBaselineFile } from '../../policy/baseline.js';
import { CONFIG_FILE_NAME, readConfigFile, type PolicyConfig } from '../../policy/config.js';
import { DEFAULT_FAIL_ON, type FailOn } from '../../policy/gate.js';
import type { Inventory } from '../../inventory/model.js';
import type { OutputFormat } from '../../report/formats.js';
import type { ScanReport } from '../../report/model.js';
import type { RenderEnv } from '../../report/reporter.js';
import { REPORTERS } from '../../report/index.js';
import { RULES } from '../../rules/index.js';
import { readSnapshotFile } from '../../snapshot/read.js';
import type { Snapshot } from '../../snapshot/schema.js';
import { type CliIo, type GlobalOptions, useColor } from '../io.js';
import { emitReport } from '../output.js';
import { collectLive, type LiveCollectionOptions } from './collect.js';

export interface SnapshotSourceOptions extends LiveCollectionOptions {
  readonly snapshot?: string;
  readonly demo?: boolean;
}

export interface ScanOptions extends SnapshotSourceOptions {
  readonly format: OutputFormat;
  readonly output?: string;
  /** Only when typed on the command line: it then beats the config's failOn. */
  readonly failOn?: FailOn;
  readonly config?: string;
  readonly baseline?: string;
  readonly showSuppressed?: boolean;
  /**
   * Table only: `identity` groups findings under their identity, riskiest first (src/report/table-identities.ts);
   * `rule` (and absent, until program.ts offers --group-by) is the flat list.
   */
  readonly groupBy?: 'identity' | 'rule';
}

export async function scanCommand(io: CliIo, global: GlobalOptions, options: ScanOptions): Promise<ExitCode> {
  // Policy inputs are read first: a typo in the config should not cost a live collection.
  const inputs = await loadPolicyInputs(options);
  const failOn = options.failOn ?? inputs.config?.failOn ?? DEFAULT_FAIL_ON;
  const snapshot = await loadSnapshot(io, global, options);

  const { report, exitCode, warnings, rules, inventory } = analyzeSnapshot({ snapshot, failOn, now: io.now(), policy: inputs.policy });
  reportPolicyInputs(io, global, inputs, warnings);

  const reporter = REPORTERS.find((candidate) => candidate.format === options.format);
  if (reporter === undefined) throw new UsageError(`unknown format ${options.format}`);
  const toFile = options.output !== undefined;
  const env = {
    color: !toFile && useColor(io, global, io.stdout),
    columns: io.stdout.columns ?? 120,
    rules,
    showSuppressed: options.showSuppressed === true,
  };
  const text = options.format === 'table' && options.groupBy === 'identity' ? await identityTable(report, inventory, env) : reporter.render(report, env);
  await emitReport(io, text, options.output);
  if (toFile && !global.quiet) {
    const { total, open } = report.summary;
    io.stderr.write(`mi-audit: wrote ${options.format} report to ${options.output} (${total} findings, ${open} open)\n`);
  }
  return exitCode;
}

/** The identity-first table; the record builder and its renderer load only when asked for. */
async function identityTable(report: ScanReport, inventory: Inventory, env: RenderEnv): Promise<string> {
  const [{ buildIdentityRecords }, { renderIdentityTable }] = await Promise.all([import('../../record/build.js'), import('../../report/table-identities.js')]);
  return renderIdentityTable(report, buildIdentityRecords(inventory, report.findings), env);
}

/** --snapshot, --demo, or a live collection: shared by `scan` and `baseline`. */
export async function loadSnapshot(io: CliIo, global: GlobalOptions, options: SnapshotSourceOptions): Promise<Snapshot> {
  if (options.snapshot !== undefined && options.demo === true) {
    throw new UsageError('--snapshot and --demo cannot be combined');
  }
  if (options.demo === true) return readSnapshotFile(DEMO_SNAPSHOT_PATH);
  if (options.snapshot !== undefined) return readSnapshotFile(options.snapshot);
  return collectLive(io, global, options);
}

export interface PolicyInputs {
  readonly config: PolicyConfig | undefined;
  readonly baseline: Baseline | undefined;
  readonly policy: Policy;
}

/** The config file (--config or ./mi-audit.config.json) and the baseline (--baseline or the config's): shared by `scan` and `export`. */
export async function loadPolicyInputs(options: { readonly config?: string; readonly baseline?: string }): Promise<PolicyInputs> {
  const config = await loadConfig(options.config);
  const baselinePath = options.baseline ?? config?.baseline;
  const baseline = baselinePath === undefined ? undefined : await readBaselineFile(baselinePath);
  const policy: Policy = {
    ...(config === undefined ? {} : { ruleSettings: config.ruleSettings, suppressions: config.suppressions }),
    ...(baseline === undefined ? {} : { baseline }),
  };
  return { config, baseline, policy };
}

/** Said once the inputs proved valid, so that an error stays the only line on stderr. */
export function reportPolicyInputs(io: CliIo, global: GlobalOptions, inputs: PolicyInputs, warnings: readonly string[]): void {
  if (global.quiet) return;
  if (inputs.config !== undefined) io.stderr.write(`mi-audit: loaded config ${inputs.config.path}\n`);
  if (inputs.baseline !== undefined) io.stderr.write(`mi-audit: loaded baseline ${inputs.baseline.origin} (${inputs.baseline.fingerprints.size} entries)\n`);
  for (const warning of warnings) io.stderr.write(`mi-audit: warning: ${warning}\n`);
}

/** --config, else ./mi-audit.config.json when present (resolved against the working directory). */
async function loadConfig(explicit: string | undefined): Promise<PolicyConfig | undefined> {
  const path = explicit ?? (existsSync(CONFIG_FILE_NAME) ? CONFIG_FILE_NAME : undefined);
  return path === undefined ? undefined : readConfigFile(path, RULES.map((rule) => rule.meta));
}
