import { rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';

import { fileIdentity, type OutputText, resolveWriteTarget, writeFileAtomic } from '../core/atomic-write.js';
import { InputError, UsageError } from '../core/errors.js';
import { onInterrupt } from './interrupt.js';
import type { CliIo } from './io.js';

/** A file this run reads, named for the error that refuses to write over it (`snapshot`, `config`, …). */
export interface RunInput {
  readonly path: string;
  readonly role: string;
}

/** `-o -` and the names of this process's own standard output all mean "write to stdout". */
const STDOUT_NAMES = new Set(['-', '/dev/stdout', '/dev/fd/1', '/proc/self/fd/1']);

/** True when `path` means standard output (`-`, `/dev/stdout`). */
export function isStdout(path: string): boolean {
  return STDOUT_NAMES.has(path);
}

/**
 * One key per place a write lands: the device and inode of what exists, else the symlink-resolved new path.
 * Throws InputError `cannot write` for a missing directory or a directory as target, so that with several outputs
 * none is written when one of them cannot be.
 */
async function placeKey(path: string): Promise<string> {
  if (isStdout(path)) return 'stdout';
  const target = await resolveWriteTarget(path);
  if (await isDirectory(target.path)) throw new InputError(`cannot write ${path}: EISDIR`);
  return (await fileIdentity(path)) ?? `new:${target.path}`;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

/**
 * Refuses, before anything is read or written, an output that would land on an input of the same run (compared by
 * device and inode, so `./x`, `x` and a symlink to x are one file) or two outputs that land in one place.
 * Errors: UsageError (exit 2) naming both paths; InputError `cannot write` when an output's directory is missing.
 */
export async function assertOutputsSafe(outputs: readonly string[], inputs: readonly RunInput[]): Promise<void> {
  const inputKeys = new Map<string, RunInput>();
  for (const input of inputs) {
    const identity = await fileIdentity(input.path);
    if (identity !== undefined) inputKeys.set(identity, input);
  }
  const outputKeys = new Map<string, string>();
  for (const output of outputs) {
    const key = await placeKey(output);
    const input = inputKeys.get(key);
    if (input !== undefined) {
      throw new UsageError(`refusing to write ${output}: it is the ${input.role} this run reads (${input.path})`, {
        hint: 'choose another output file',
      });
    }
    const earlier = outputKeys.get(key);
    if (earlier !== undefined) {
      const place = key === 'stdout' ? 'standard output' : 'the same file';
      throw new UsageError(`two outputs go to ${place}: ${earlier} and ${output}`, { hint: 'give each output its own file (-o FILE, --report FORMAT:FILE)' });
    }
    outputKeys.set(key, output);
  }
}

/** A stream that says when its buffer is full (`write` returns false) and when it has drained: process.stdout. */
interface DrainingStream {
  write(text: string): unknown;
  once(event: 'drain', listener: () => void): unknown;
}

function canDrain(stream: CliIo['stdout']): stream is CliIo['stdout'] & DrainingStream {
  return typeof (stream as { once?: unknown }).once === 'function';
}

/**
 * Chunks to stdout, waiting for 'drain' whenever the stream's buffer is full, so that a report piped to a slow
 * reader is not queued whole in memory (https://nodejs.org/api/stream.html#event-drain).
 */
async function writeChunksToStdout(io: CliIo, chunks: Iterable<string>): Promise<void> {
  const stdout = io.stdout;
  for (const chunk of chunks) {
    if (stdout.write(chunk) === false && canDrain(stdout)) await new Promise<void>((done) => stdout.once('drain', done));
  }
}

/**
 * Writes one output of a command, a string or its chunks (src/core/json-chunks.ts): stdout for `-` (or
 * /dev/stdout), else the path through {@link writeFileAtomic} (regular files atomically with their mode kept,
 * devices and FIFOs in place). Call {@link assertOutputsSafe} first. SIGINT, SIGTERM or SIGHUP mid-write removes the
 * temp file and ends the process by that signal (interrupt.ts).
 * Errors: InputError `cannot write <path>: <errno>` (exit 2).
 */
export async function writeOutput(io: CliIo, path: string | undefined, text: OutputText): Promise<void> {
  if (path === undefined || isStdout(path)) {
    if (typeof text === 'string') io.stdout.write(text);
    else await writeChunksToStdout(io, text);
    return;
  }
  // A signal mid-write removes the temp file before the process ends: no partial file is left beside the output.
  await writeFileAtomic(path, text, (temp) => onInterrupt(() => rmSync(temp, { force: true })));
}
