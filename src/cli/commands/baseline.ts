import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import { createBaseline, renderBaseline } from '../../policy/baseline.js';
import { analyzeInventory } from '../../scan/analyze.js';
import { releaseGarbage } from '../heap.js';
import { type CliIo, type GlobalOptions, sayLine } from '../io.js';
import { assertOutputsSafe, isStdout, writeOutput } from '../output.js';
import { loadInventory, snapshotInputs, type SnapshotSourceOptions } from '../snapshot-source.js';

export interface BaselineOptions extends SnapshotSourceOptions {
  readonly output: string;
}

/**
 * `mi-audit baseline`: every finding of every rule, whatever the config says, so that turning a rule back on
 * or lowering a severity later does not surface old findings as new. Writing a baseline never fails the gate.
 */
export async function baselineCommand(io: CliIo, global: GlobalOptions, options: BaselineOptions): Promise<ExitCode> {
  await assertOutputsSafe([options.output], snapshotInputs(options));
  const inventory = await loadInventory(io, global, options);
  const now = io.now();
  const { report } = analyzeInventory({ inventory, failOn: 'none', now });
  // The rule pass's garbage goes before the baseline is built (cli/heap.ts).
  releaseGarbage();
  const baseline = createBaseline(report.findings, report.tenantId, now);
  await writeOutput(io, options.output, renderBaseline(baseline));
  if (!global.quiet && !isStdout(options.output)) {
    sayLine(io, `mi-audit: wrote baseline ${options.output} (${baseline.entries.length} findings of tenant ${baseline.tenantId})`);
  }
  return EXIT.ok;
}
