/**
 * The collector child process, parent side: live `scan` and `baseline` collect into a private temp file that this
 * process then reads; `collect` has the child write its snapshot to the user's output itself. Either way the memory a
 * collection leaves behind (promoted garbage, freed TLS and body buffers that glibc keeps) is returned to the system
 * when the child exits (docs/performance.md, "Live scan memory, round 5"). The child's entry is collect-child.ts.
 *
 * Protocol over the IPC channel (never argv, never stdout): the parent sends one `CollectRequest`; the child answers
 * with `line` messages (stderr text, already escaped by its sayLine) and ends with one `done` or `failed`.
 * Credentials reach the child only through its environment.
 */
import { AuthError, errorCode, InputError, InternalError, type MiAuditError, UsageError } from '../core/errors.js';
import type { CoverageGap, Snapshot } from '../snapshot/schema.js';
import { onInterrupt } from './interrupt.js';
import { type CliIo, type GlobalOptions, sayLine } from './io.js';
import { asLiveCollectionError, type LiveCollectionOptions, scanScope } from './live-collection.js';
import { DISCOVERY_MODES } from './options.js';
import { isStdout } from './output.js';
import type { StageClock } from './stages.js';

/**
 * What the child does with its collection. `temp`: write it unvalidated to the parent's private file (the parent's
 * reader validates it). `snapshot`: validate it and write it as `mi-audit collect` does, to the user's output (a path,
 * or `-` for the stdout the child shares with the parent).
 */
export type CollectMode = 'temp' | 'snapshot';

/** What the parent asks of the collector child (collect-child.ts), over the IPC channel: no credential in it. */
export interface CollectRequest {
  readonly options: LiveCollectionOptions;
  readonly global: GlobalOptions;
  readonly stderrIsTTY: boolean;
  readonly mode: CollectMode;
  /** `temp`: the private file (mode 0600, in a mkdtemp directory). `snapshot`: the user's output, checked already. */
  readonly output: string;
}

/** What a `snapshot` collection wrote, for the parent's closing lines and exit code. */
export interface CollectedSummary {
  readonly subscriptions: number;
  readonly userAssignedIdentities: number;
  readonly federatedIdentityCredentials: number;
  readonly roleAssignments: number;
  readonly gaps: readonly CoverageGap[];
}

/** What the child says: stderr lines (escaped by its sayLine, newline included), then exactly one `done` or `failed`. */
export type CollectorMessage =
  | { readonly type: 'line'; readonly text: string }
  | { readonly type: 'done'; readonly summary?: CollectedSummary }
  | { readonly type: 'failed'; readonly name: string; readonly message: string; readonly hint: string | undefined; readonly stack: string | undefined };

export function isCollectRequest(value: unknown): value is CollectRequest {
  if (typeof value !== 'object' || value === null) return false;
  const { options, global, stderrIsTTY, mode, output } = value as Partial<Record<keyof CollectRequest, unknown>>;
  const o = options as Partial<Record<keyof LiveCollectionOptions, unknown>> | undefined;
  const g = global as Partial<Record<keyof GlobalOptions, unknown>> | undefined;
  return (
    typeof output === 'string' &&
    (mode === 'temp' || mode === 'snapshot') &&
    typeof stderrIsTTY === 'boolean' &&
    typeof g === 'object' && g !== null &&
    typeof g.color === 'boolean' && typeof g.quiet === 'boolean' && typeof g.debug === 'boolean' &&
    typeof o === 'object' && o !== null &&
    typeof o.cloud === 'string' && typeof o.concurrency === 'number' &&
    (DISCOVERY_MODES as readonly unknown[]).includes(o.discovery) &&
    (o.subscription === undefined || (Array.isArray(o.subscription) && o.subscription.every((id) => typeof id === 'string'))) &&
    (o.managementGroup === undefined || typeof o.managementGroup === 'string')
  );
}

function isSummary(value: unknown): value is CollectedSummary {
  if (typeof value !== 'object' || value === null) return false;
  const summary = value as Partial<Record<keyof CollectedSummary, unknown>>;
  const counts = [summary.subscriptions, summary.userAssignedIdentities, summary.federatedIdentityCredentials, summary.roleAssignments];
  return (
    counts.every((count) => typeof count === 'number') &&
    Array.isArray(summary.gaps) &&
    summary.gaps.every((gap: unknown) => {
      const { source, scope, reason } = (gap ?? {}) as Partial<Record<keyof CoverageGap, unknown>>;
      return typeof source === 'string' && typeof scope === 'string' && typeof reason === 'string';
    })
  );
}

export function isCollectorMessage(value: unknown): value is CollectorMessage {
  if (typeof value !== 'object' || value === null || !('type' in value)) return false;
  if (value.type === 'line') return 'text' in value && typeof value.text === 'string';
  if (value.type === 'done') return !('summary' in value) || value.summary === undefined || isSummary(value.summary);
  return value.type === 'failed' && 'message' in value && typeof value.message === 'string';
}

/** The child's error as the same typed error, so the CLI prints it exactly as an in-process one (one line + hint). */
function rebuildError(message: Extract<CollectorMessage, { type: 'failed' }>): Error {
  const options = message.hint === undefined ? {} : { hint: message.hint };
  const kinds: Record<string, (text: string) => MiAuditError> = {
    UsageError: (text) => new UsageError(text, options),
    InputError: (text) => new InputError(text, options),
    AuthError: (text) => new AuthError(text, options),
    InternalError: (text) => new InternalError(text, options),
  };
  const error = kinds[message.name]?.(message.message) ?? new Error(message.message);
  if (message.stack !== undefined) error.stack = message.stack;
  return error;
}

/** The child's private directory; an unusable temp directory is a configuration error (exit 2), not a crash. */
function privateDirectory(make: () => string, parent: string): string {
  try {
    return make();
  } catch (error: unknown) {
    const code = errorCode(error) ?? 'unknown error';
    throw new UsageError(`cannot create a private directory under ${parent} for the live collection (${code})`, {
      hint: 'set TMPDIR to a writable directory',
    });
  }
}

/**
 * The collector's old generation grows by 1.2× its live size between full collections, not V8's default up to 4×:
 * a collection's answers are promoted garbage (each request waits on the network across scavenges), and by default
 * they piled up to 250 MiB over a ~100 MiB snapshot. Costs 1–2 s of CPU on the 100k-assignment tenant; a collection
 * of it then peaks at 281–295 MiB instead of 428–437 MiB (docs/performance.md, "Live scan memory, round 5").
 */
export const CHILD_V8_FLAGS = ['--heap-growing-percent=20'];

/**
 * Runs one collection in a child Node process and returns its `done` answer. Progress, debug and retry lines and errors are the child's, said on this process's stderr as an in-process
 * collection says them. SIGINT, SIGTERM and SIGHUP meanwhile stop the child (with SIGTERM: a child writing its output
 * removes its temp file first) and end this process by the same signal (shell status 128 + n, interrupt.ts). Errors: the child's, rebuilt as the same typed errors; InternalError
 * (exit 5) when it dies without an answer.
 */
async function runCollector(
  io: CliIo,
  global: GlobalOptions,
  options: LiveCollectionOptions,
  job: { readonly mode: CollectMode; readonly output: string },
): Promise<Extract<CollectorMessage, { type: 'done' }>> {
  const [{ spawn }, { fileURLToPath }] = await Promise.all([import('node:child_process'), import('node:url')]);
  // Run from source (tests through tsx) or from dist: the child entry sits beside this module either way.
  const entry = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './collect-child.ts' : './collect-child.js', import.meta.url));
  let release: () => void = () => undefined;
  try {
    const child = spawn(process.execPath, [...process.execArgv.filter((arg) => !arg.startsWith('--inspect')), ...CHILD_V8_FLAGS, entry], {
      env: { ...io.env },
      // A snapshot for stdout is written by the child to the stdout it shares with this process.
      stdio: ['ignore', job.mode === 'snapshot' && isStdout(job.output) ? 'inherit' : 'ignore', 'pipe', 'ipc'],
    });
    release = onInterrupt(() => child.kill('SIGTERM'));
    // The child says its own lines over IPC; what reaches its stderr is Node's (a warning, a fatal error), said here
    // line by line as an in-process collection would have, and kept for the message of a crash.
    let crash = '';
    let partial = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) sayLine(io, line);
      if (crash.length < 4096) crash += chunk.toString();
    });
    child.stderr?.on('end', () => {
      if (partial !== '') sayLine(io, partial);
    });
    const outcome = await new Promise<CollectorMessage | undefined>((resolve, reject) => {
      let answer: CollectorMessage | undefined;
      child.on('message', (message: unknown) => {
        if (!isCollectorMessage(message)) return;
        // Escaped by the child's sayLine already; escaping is idempotent (a backslash is not escaped).
        if (message.type === 'line') sayLine(io, message.text.endsWith('\n') ? message.text.slice(0, -1) : message.text);
        else answer = message;
      });
      child.on('error', reject);
      child.on('close', () => resolve(answer));
      // Only the live options: a scan's other options (formats, outputs, config) are none of the child's business.
      const live: LiveCollectionOptions = {
        ...(options.subscription === undefined ? {} : { subscription: [...options.subscription] }),
        ...(options.managementGroup === undefined ? {} : { managementGroup: options.managementGroup }),
        cloud: options.cloud,
        discovery: options.discovery,
        concurrency: options.concurrency,
      };
      const request: CollectRequest = {
        options: live,
        global: { color: global.color, quiet: global.quiet, debug: global.debug },
        stderrIsTTY: io.stderr.isTTY === true,
        mode: job.mode,
        output: job.output,
      };
      child.send(request);
    });
    if (outcome === undefined) {
      // V8's out-of-memory report starts with its last GCs; the FATAL ERROR line says what happened.
      const lines = crash.split('\n').filter((line) => line.trim() !== '');
      const cause = lines.find((line) => line.includes('FATAL ERROR')) ?? lines[0] ?? 'no answer';
      throw new InternalError(`the collector process ended without a result: ${cause}`);
    }
    if (outcome.type === 'failed') throw rebuildError(outcome);
    if (outcome.type !== 'done') throw new InternalError('the collector process ended without a result: no answer');
    return outcome;
  } finally {
    release();
  }
}

/**
 * A live collection for `scan` and `baseline`, run in a child Node process that writes the snapshot to a private temp
 * file (mode 0600 in a mkdtemp directory, always removed) and exits; this process then reads it with the streaming
 * snapshot reader, exactly as `scan --snapshot` does. Why: in one process the analysis grew on top of the collection's
 * leftovers, ~180 MiB of promoted garbage not yet collected and ~35 MiB of native memory. Errors: those of
 * `collectUnchecked` (live-collection.ts); UsageError (exit 2) for an unusable TMPDIR, before any request; InternalError
 * (exit 5) when the child dies without an answer. `stages` is told when the child is done (the `collect` stage ends).
 */
export async function collectInChild(io: CliIo, global: GlobalOptions, options: LiveCollectionOptions, stages?: StageClock): Promise<Snapshot> {
  scanScope(options);
  const [{ mkdtempSync, rmSync, writeFileSync }, { tmpdir }, { join }, { readSnapshotFile }] = await Promise.all([
    import('node:fs'),
    import('node:os'),
    import('node:path'),
    import('../snapshot/read.js'),
  ]);
  const dir = privateDirectory(() => mkdtempSync(join(tmpdir(), 'mi-audit-live-')), tmpdir());
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  // Registered in the same synchronous step that made the directory: a signal while collecting or reading removes it.
  const release = onInterrupt(removeDir);
  try {
    const output = join(dir, 'snapshot.json');
    writeFileSync(output, '', { mode: 0o600, flag: 'wx' });
    await runCollector(io, global, options, { mode: 'temp', output });
    stages?.end('collect');
    try {
      return await readSnapshotFile(output);
    } catch (error: unknown) {
      throw asLiveCollectionError(error, output);
    }
  } finally {
    release();
    removeDir();
  }
}

/**
 * `mi-audit collect`: the collection, validated and written to `output` (a path checked by assertOutputsSafe, or `-`)
 * by a child Node process, which peaks about 140 MiB lower than one process collecting and writing (see
 * CHILD_V8_FLAGS). The file is written as `collect` always wrote it: atomically, never half-written. Returns what was
 * written. Errors: those of `collectValidated` (live-collection.ts), of the output writer, and InternalError (exit 5) when the child dies
 * without an answer.
 */
export async function collectSnapshotInChild(io: CliIo, global: GlobalOptions, options: LiveCollectionOptions, output: string): Promise<CollectedSummary> {
  scanScope(options);
  const answer = await runCollector(io, global, options, { mode: 'snapshot', output });
  if (answer.summary === undefined) throw new InternalError('the collector process wrote a snapshot but did not say what it held');
  return answer.summary;
}
