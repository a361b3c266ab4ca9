import { analyzeSnapshot } from '../../core/analyze.js';
import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import { VERSION } from '../../core/version.js';
import { buildRecordDocument } from '../../record/document.js';
import type { ExportFormat } from '../../record/formats.js';
import { renderRecord } from '../../record/render.js';
import type { CliIo, GlobalOptions } from '../io.js';
import { emitReport } from '../output.js';
import { loadPolicyInputs, loadSnapshot, reportPolicyInputs, type SnapshotSourceOptions } from './scan.js';

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
  const inputs = await loadPolicyInputs(options);
  const snapshot = await loadSnapshot(io, global, options);
  const now = io.now();
  const { report, warnings, inventory } = analyzeSnapshot({ snapshot, failOn: 'none', now, policy: inputs.policy });
  reportPolicyInputs(io, global, inputs, warnings);
  const document = buildRecordDocument({ inventory, findings: report.findings, version: VERSION, generatedAt: now });
  await emitReport(io, renderRecord(document, options.format), options.output);
  if (options.output !== undefined && !global.quiet) {
    io.stderr.write(`mi-audit: wrote ${options.format} identity record to ${options.output} (${document.summary.identities} identities, ${document.summary.grants} grants)\n`);
  }
  if (!inventory.coverage.complete && !global.quiet) io.stderr.write('mi-audit: coverage is incomplete: identities or grants that could not be read are missing\n');
  return inventory.coverage.complete ? EXIT.ok : EXIT.partial;
}
