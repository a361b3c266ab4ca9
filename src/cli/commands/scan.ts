import { existsSync } from 'node:fs';

import { analyzeSnapshot } from '../../core/analyze.js';
import { UsageError } from '../../core/errors.js';
import type { ExitCode } from '../../core/exit-codes.js';
import { DEMO_SNAPSHOT_PATH } from '../../core/paths.js';
import type { Policy } from '../../policy/apply.js';
import { readBaselineFile } from '../../policy/baseline.js';
import { CONFIG_FILE_NAME, readConfigFile } from '../../policy/config.js';
import { DEFAULT_FAIL_ON, type FailOn } from '../../policy/gate.js';
import type { OutputFormat } from '../../report/formats.js';
import { REPORTERS } from '../../report/index.js';
import { RULES } from '../../rules/index.js';
import { readSnapshotFile } from '../../snapshot/read.js';
import type { Snapshot } from '../../snapshot/schema.js';
import { type CliIo, type GlobalOptions, sayLine, useColor } from '../io.js';
import { gateVerdict } from '../verdict.js';
import { assertOutputsSafe, isStdout, type RunInput, writeOutput } from '../output.js';
import { collectLive, type LiveCollectionOptions } from './collect.js';

export interface SnapshotSourceOptions extends LiveCollectionOptions {
  readonly snapshot?: string;
  readonly demo?: boolean;
}

/** One report of a run: a format and where it goes (`-` is stdout). */
export interface ReportOutput {
  readonly format: OutputFormat;
  readonly path: string;
}

export interface ScanOptions extends SnapshotSourceOptions {
  readonly format: OutputFormat;
  readonly output?: string;
  /** --report FORMAT:FILE, repeatable: more reports of the same run beside --format/-o. */
  readonly report?: readonly ReportOutput[];
  /** Only when typed on the command line: it then beats the config's failOn. */
  readonly failOn?: FailOn;
  readonly config?: string;
  readonly baseline?: string;
  readonly showSuppressed?: boolean;
}

export async function scanCommand(io: CliIo, global: GlobalOptions, options: ScanOptions): Promise<ExitCode> {
  // Policy inputs are read first: a typo in the config should not cost a live collection.
  const configPath = options.config ?? (existsSync(CONFIG_FILE_NAME) ? CONFIG_FILE_NAME : undefined);
  const config = configPath === undefined ? undefined : await readConfigFile(configPath, RULES.map((rule) => rule.meta));
  const baselinePath = options.baseline ?? config?.baseline;
  const inputs: RunInput[] = [
    ...snapshotInputs(options),
    ...(configPath === undefined ? [] : [{ path: configPath, role: 'config' }]),
    ...(baselinePath === undefined ? [] : [{ path: baselinePath, role: 'baseline' }]),
  ];
  // --format/-o first (stdout unless -o), then each --report FORMAT:FILE in the order given.
  const outputs: ReportOutput[] = [{ format: options.format, path: options.output ?? '-' }, ...(options.report ?? [])];
  await assertOutputsSafe(outputs.map((output) => output.path), inputs);
  const baseline = baselinePath === undefined ? undefined : await readBaselineFile(baselinePath);
  const failOn = options.failOn ?? config?.failOn ?? DEFAULT_FAIL_ON;
  const snapshot = await loadSnapshot(io, global, options);

  const policy: Policy = {
    ...(config === undefined ? {} : { ruleSettings: config.ruleSettings, suppressions: config.suppressions }),
    ...(baseline === undefined ? {} : { baseline }),
  };
  const { report, exitCode, warnings, rules } = analyzeSnapshot({ snapshot, failOn, now: io.now(), policy });
  // Said once the inputs proved valid, so that an error stays the only line on stderr.
  if (!global.quiet) {
    if (config !== undefined) sayLine(io, `mi-audit: loaded config ${config.path}`);
    if (baseline !== undefined) sayLine(io, `mi-audit: loaded baseline ${baseline.origin} (${baseline.fingerprints.size} entries)`);
    for (const warning of warnings) sayLine(io, `mi-audit: warning: ${warning}`);
  }

  // Every report is rendered before the first is written: a failing reporter leaves no file behind.
  const rendered = outputs.map((output) => {
    const reporter = REPORTERS.find((candidate) => candidate.format === output.format);
    if (reporter === undefined) throw new UsageError(`unknown format ${output.format}`);
    const toStdout = isStdout(output.path);
    const text = reporter.render(report, {
      color: toStdout && useColor(io, global, io.stdout),
      columns: io.stdout.columns ?? 120,
      rules,
      showSuppressed: options.showSuppressed === true,
    });
    return { ...output, text, toStdout };
  });
  for (const output of rendered) {
    await writeOutput(io, output.path, output.text);
    if (!output.toStdout && !global.quiet) {
      const { total, open } = report.summary;
      sayLine(io, `mi-audit: wrote ${output.format} report to ${output.path} (${total} findings, ${open} open)`);
    }
  }
  // The verdict comes last and always, so a report sent to a file or a pipe still says why the exit code is what it is.
  if (!global.quiet) gateVerdict(report, failOn, exitCode).forEach((line) => sayLine(io, line));
  return exitCode;
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

/** The snapshot file a run reads (the demo's too: as root, `-o` could otherwise overwrite the installed fixture). */
export function snapshotInputs(options: SnapshotSourceOptions): RunInput[] {
  if (options.demo === true) return [{ path: DEMO_SNAPSHOT_PATH, role: 'demo snapshot' }];
  return options.snapshot === undefined ? [] : [{ path: options.snapshot, role: 'snapshot' }];
}
