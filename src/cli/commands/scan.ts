import { analyzeSnapshot } from '../../core/analyze.js';
import { UsageError } from '../../core/errors.js';
import type { ExitCode } from '../../core/exit-codes.js';
import { DEMO_SNAPSHOT_PATH } from '../../core/paths.js';
import type { FailOn } from '../../policy/gate.js';
import type { OutputFormat } from '../../report/formats.js';
import { REPORTERS } from '../../report/index.js';
import { readSnapshotFile } from '../../snapshot/read.js';
import type { Snapshot } from '../../snapshot/schema.js';
import { type CliIo, type GlobalOptions, useColor } from '../io.js';
import { emitReport } from '../output.js';
import { collectLive, type LiveCollectionOptions } from './collect.js';

export interface ScanOptions extends LiveCollectionOptions {
  readonly snapshot?: string;
  readonly demo?: boolean;
  readonly format: OutputFormat;
  readonly output?: string;
  readonly failOn: FailOn;
}

export async function scanCommand(io: CliIo, global: GlobalOptions, options: ScanOptions): Promise<ExitCode> {
  if (options.snapshot !== undefined && options.demo === true) {
    throw new UsageError('--snapshot and --demo cannot be combined');
  }
  const snapshot: Snapshot =
    options.demo === true
      ? await readSnapshotFile(DEMO_SNAPSHOT_PATH)
      : options.snapshot !== undefined
        ? await readSnapshotFile(options.snapshot)
        : await collectLive(io, global, options);

  const { report, exitCode } = analyzeSnapshot({ snapshot, failOn: options.failOn, now: io.now() });
  const reporter = REPORTERS.find((candidate) => candidate.format === options.format);
  if (reporter === undefined) throw new UsageError(`unknown format ${options.format}`);
  const toFile = options.output !== undefined;
  const text = reporter.render(report, {
    color: !toFile && useColor(io, global, io.stdout),
    columns: io.stdout.columns ?? 120,
  });
  await emitReport(io, text, options.output);
  if (toFile && !global.quiet) {
    io.stderr.write(`mi-audit: wrote ${options.format} report to ${options.output} (${report.summary.total} findings)\n`);
  }
  return exitCode;
}
