/** `mi-audit scan`: policy → snapshot → analysis (src/scan/) → every report written → the gate's exit code. */
import type { ExitCode } from '../../core/exit-codes.js';
import type { OutputFormat } from '../../report/formats.js';
import { analyzeInventory } from '../../scan/analyze.js';
import { loadScanPolicy, type ScanPolicyOptions } from '../../scan/policy.js';
import { renderReport } from '../../scan/render.js';
import { releaseGarbage } from '../heap.js';
import { type CliIo, type GlobalOptions, sayLine, terminalWidth, useColor } from '../io.js';
import type { GroupBy, ReportOutput } from '../options.js';
import { assertOutputsSafe, isStdout, writeOutput } from '../output.js';
import { loadInventory, snapshotInputs, type SnapshotSourceOptions } from '../snapshot-source.js';
import { startStageClock } from '../stages.js';
import { gateVerdict } from '../verdict.js';

export interface ScanOptions extends SnapshotSourceOptions, ScanPolicyOptions {
  readonly format: OutputFormat;
  readonly output?: string;
  /** --report FORMAT:FILE, repeatable: more reports of the same run beside --format/-o. */
  readonly report?: readonly ReportOutput[];
  readonly showSuppressed?: boolean;
  /** Table only: findings under their identity, riskiest first (default), or the flat list by rule. */
  readonly groupBy?: GroupBy;
}

export async function scanCommand(io: CliIo, global: GlobalOptions, options: ScanOptions): Promise<ExitCode> {
  const scanPolicy = await loadScanPolicy(options);
  const { config, baseline, failOn, policy } = scanPolicy;
  // --format/-o first (stdout unless -o), then each --report FORMAT:FILE in the order given; all checked before
  // the snapshot is read, so a refused output costs no live collection.
  const outputs: ReportOutput[] = [{ format: options.format, path: options.output ?? '-' }, ...(options.report ?? [])];
  await assertOutputsSafe(
    outputs.map((output) => output.path),
    [...snapshotInputs(options), ...scanPolicy.files],
  );
  // --debug stage times (stages.ts) from here: the policy files and the output checks before take milliseconds.
  const stages = startStageClock(io, global);
  const inventory = await loadInventory(io, global, options, stages);
  const result = analyzeInventory({ inventory, failOn, now: io.now(), policy, onStageEnd: (stage) => stages.end(stage) });
  // Every format but JSON builds objects per finding or identity on top of the analysis (table cells and records,
  // SARIF results, XML nodes, CSV rows): the rule pass's dead working tables go first, or they stack under those
  // (15-45 MiB on the 100k tenant). JSON's chunks are JSON.stringify of the findings themselves, which needs no such
  // room, and a full collection would cost it ~0.3 s (docs/performance.md, "A full garbage collection between the
  // CLI's stages").
  if (outputs.some((output) => output.format !== 'json')) releaseGarbage();
  // Said once the inputs proved valid, so that an error stays the only line on stderr.
  if (!global.quiet) {
    if (config !== undefined) sayLine(io, `mi-audit: loaded config ${config.path}`);
    if (baseline !== undefined) sayLine(io, `mi-audit: loaded baseline ${baseline.origin} (${baseline.fingerprints.size} entries)`);
    for (const warning of result.warnings) sayLine(io, `mi-audit: warning: ${warning}`);
  }

  // Every report is rendered before the first is written: a failing reporter leaves no file behind. The streamed
  // formats (JSON, SARIF, CSV, HTML, JUnit: Reporter.renderChunks) are the exception, made while written: a reporter
  // that streams must not fail part-way on a valid report, and a failed write removes its temp file.
  const rendered = outputs.map((output) => {
    const toStdout = isStdout(output.path);
    const text = renderReport(result, output.format, {
      color: toStdout && useColor(io, global, io.stdout),
      columns: terminalWidth(io, 120),
      showSuppressed: options.showSuppressed === true,
    }, options.groupBy ?? 'identity');
    return { ...output, text, toStdout };
  });
  const { total, open } = result.report.summary;
  for (const output of rendered) {
    await writeOutput(io, output.path, output.text);
    if (!output.toStdout && !global.quiet) sayLine(io, `mi-audit: wrote ${output.format} report to ${output.path} (${total} findings, ${open} open)`);
  }
  stages.end('report');
  // The verdict comes last and always, so a report sent to a file or a pipe still says why the exit code is what it is.
  if (!global.quiet) gateVerdict(result.report, failOn, result.exitCode).forEach((line) => sayLine(io, line));
  return result.exitCode;
}
