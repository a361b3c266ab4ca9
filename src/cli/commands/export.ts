import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import { VERSION } from '../../core/version.js';
import { recordDocumentStream } from '../../record/document.js';
import type { ExportFormat } from '../../record/formats.js';
import { renderRecordChunks } from '../../record/render.js';
import { analyzeInventory } from '../../scan/analyze.js';
import { loadScanPolicy } from '../../scan/policy.js';
import { releaseGarbage } from '../heap.js';
import { type CliIo, type GlobalOptions, sayLine } from '../io.js';
import { assertOutputsSafe, isStdout, writeOutput } from '../output.js';
import { loadInventory, snapshotInputs, type SnapshotSourceOptions } from '../snapshot-source.js';

export interface ExportOptions extends SnapshotSourceOptions {
  readonly format: ExportFormat;
  readonly output?: string;
  readonly config?: string;
  readonly baseline?: string;
}

/**
 * `mi-audit export`: the identity record (docs/access-review.md) from the same sources and policy as `scan`.
 * Exits 0, or 3 when coverage is incomplete (the record then lacks what could not be read); findings never
 * fail an export: it is for review, `scan` is the gate.
 */
export async function exportCommand(io: CliIo, global: GlobalOptions, options: ExportOptions): Promise<ExitCode> {
  const scanPolicy = await loadScanPolicy(options);
  const output = options.output ?? '-';
  await assertOutputsSafe([output], [...snapshotInputs(options), ...scanPolicy.files]);
  const inventory = await loadInventory(io, global, options);
  const now = io.now();
  const { report, warnings, facts } = analyzeInventory({ inventory, failOn: 'none', now, policy: scanPolicy.policy });
  // The rule pass's dead tables go before the records are built (cli/heap.ts): on the 100k-assignment tenant they
  // raised the export's peak by about 30 MiB.
  releaseGarbage();
  if (!global.quiet) {
    if (scanPolicy.config !== undefined) sayLine(io, `mi-audit: loaded config ${scanPolicy.config.path}`);
    if (scanPolicy.baseline !== undefined) {
      sayLine(io, `mi-audit: loaded baseline ${scanPolicy.baseline.origin} (${scanPolicy.baseline.fingerprints.size} entries)`);
    }
    for (const warning of warnings) sayLine(io, `mi-audit: warning: ${warning}`);
  }
  // Ranked now, each record built as the writer pulls the chunk that holds it: the records never exist all at once.
  const document = recordDocumentStream({ inventory, findings: report.findings, version: VERSION, generatedAt: now, facts });
  await writeOutput(io, output, renderRecordChunks(document, options.format));
  if (!isStdout(output) && !global.quiet) {
    const { summary } = document.head;
    sayLine(io, `mi-audit: wrote ${options.format} identity record to ${output} (${summary.identities} identities, ${summary.grants} grants)`);
  }
  if (!inventory.coverage.complete && !global.quiet) sayLine(io, 'mi-audit: coverage is incomplete: identities or grants that could not be read are missing');
  return inventory.coverage.complete ? EXIT.ok : EXIT.partial;
}
