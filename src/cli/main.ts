/**
 * Process shell: the only module that reads process.argv/env and sets process.exitCode. Known errors print
 * one line (and a hint), never a stack trace unless --debug; anything else is a bug and exits 5 with a stack.
 */
import { CommanderError } from 'commander';

import { MiAuditError } from '../core/errors.js';
import { EXIT, type ExitCode } from '../core/exit-codes.js';
import { type CliIo, sayLine } from './io.js';
import { buildProgram } from './program.js';

export async function run(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const result: { exitCode: ExitCode } = { exitCode: EXIT.ok };
  const program = buildProgram(io, result);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync([...argv]);
    return result.exitCode;
  } catch (error: unknown) {
    return reportError(error, io, debug);
  }
}

function reportError(error: unknown, io: CliIo, debug: boolean): ExitCode {
  if (error instanceof CommanderError) {
    // Help and version displays are not failures; every other Commander error is a usage error (exit 2),
    // never Commander's default 1, which would read as "gate failed". `mi-audit` alone prints the help on stderr
    // with Commander's exit code 1: that is a usage error too.
    const benign = ['commander.helpDisplayed', 'commander.version'].includes(error.code) || (error.code === 'commander.help' && error.exitCode === 0);
    return benign ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof MiAuditError && error.exitCode !== EXIT.internal) {
    sayLine(io, `mi-audit: error: ${error.message}`);
    if (error.hint !== undefined) sayLine(io, `hint: ${error.hint}`);
    if (debug) stackFrames(error).forEach((frame) => sayLine(io, frame));
    return error.exitCode;
  }
  // A bug: always the stack, so that the report (docs/exit-codes.md, code 5) can be acted on.
  const message = error instanceof Error ? error.message : String(error);
  sayLine(io, `mi-audit: internal error (please report it): ${message}`);
  if (error instanceof Error) stackFrames(error).forEach((frame) => sayLine(io, frame));
  return EXIT.internal;
}

/** The `    at …` lines of a stack, without its first line (the message, which may span lines). */
function stackFrames(error: Error): string[] {
  return (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
}

export async function main(argv: readonly string[]): Promise<void> {
  // `mi-audit scan … | head` closes stdout early: stop quietly, as Unix tools do, instead of crashing with EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit();
  });
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    now: () => new Date(),
  };
  process.exitCode = await run(argv, io);
}
