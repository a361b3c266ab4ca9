import type { ExitCode } from '../../core/exit-codes.js';
import { diffInputs } from '../../drift/diff-inputs.js';
import type { DiffFormat } from '../../drift/formats.js';
import { diffExitCode } from '../../drift/gate.js';
import { readDiffInput } from '../../drift/read-input.js';
import { describeGate } from '../../drift/describe.js';
import { renderDrift } from '../../drift/render.js';
import type { FailOn } from '../../policy/gate.js';
import { type CliIo, type GlobalOptions, sayLine } from '../io.js';
import { assertOutputsSafe, isStdout, writeOutput } from '../output.js';

export interface DiffCommandOptions {
  readonly format: DiffFormat;
  readonly output?: string;
  readonly failOn: FailOn;
}

/**
 * `mi-audit diff OLD NEW`: two snapshots or two identity-record exports (docs/drift.md). Both files are read and
 * validated before anything is written, so a bad file (or a snapshot against an export) is exit 2 with one line
 * and no output file. Exit 1 when a new or escalated grant or a new finding is at or above
 * --fail-on, else 3 when either side has coverage gaps, else 0 (docs/drift.md). The gate's verdict ends the table and
 * the Markdown; when the report goes to a file, or is JSON, it is said on stderr as well, as `scan` does.
 */
export async function diffCommand(io: CliIo, global: GlobalOptions, oldPath: string, newPath: string, options: DiffCommandOptions): Promise<ExitCode> {
  if (options.output !== undefined) {
    await assertOutputsSafe([options.output], [
      { path: oldPath, role: 'old input' },
      { path: newPath, role: 'new input' },
    ]);
  }
  // One after the other: each file's text and parse tree are gone before the next is read (two 87 MB snapshots at once
  // held both texts and both trees).
  const before = await readDiffInput(oldPath);
  const after = await readDiffInput(newPath);
  const drift = diffInputs(before, after, { failOn: options.failOn, oldOrigin: oldPath, newOrigin: newPath });
  await writeOutput(io, options.output, renderDrift(drift, options.format));
  const toFile = options.output !== undefined && !isStdout(options.output);
  if (toFile && !global.quiet) {
    const { grants, findings } = drift.summary;
    sayLine(
      io,
      `mi-audit: wrote ${options.format} diff to ${options.output} (${grants.added} grant(s) added, ${findings.new} new finding(s), ${findings.fixed} fixed)`,
    );
  }
  // A CI log then says why the exit code is what it is, whatever the report's destination.
  if ((toFile || options.format === 'json') && !global.quiet) sayLine(io, describeGate(drift));
  return diffExitCode(drift.summary.failing, drift.old.coverageComplete && drift.new.coverageComplete);
}
