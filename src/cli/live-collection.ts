/**
 * The live half of `collect` and `scan`: turns flags and environment into a collector configuration and runs the
 * live collection. Environment: MI_AUDIT_ARM_TOKEN / MI_AUDIT_GRAPH_TOKEN (static bearer tokens),
 * MI_AUDIT_ARM_ENDPOINT / MI_AUDIT_GRAPH_ENDPOINT (https origins). Tokens never reach stdout, stderr, logs or the
 * snapshot.
 */
import { AuthError, InputError, InternalError, type MiAuditError, UsageError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import type { Cloud, ScanScope, Snapshot } from '../snapshot/schema.js';
import { type CliIo, type GlobalOptions, sayLine } from './io.js';
import { DISCOVERY_MODES, type Discovery } from './options.js';

/** Options shared by `collect` and live `scan`. */
export interface LiveCollectionOptions {
  readonly subscription?: readonly string[];
  readonly managementGroup?: string;
  // Always set: their defaults are declared once, in the option table (src/cli/options.ts).
  readonly cloud: Cloud;
  readonly discovery: Discovery;
  readonly concurrency: number;
}

function scanScope(options: LiveCollectionOptions): ScanScope {
  const subscriptions = options.subscription ?? [];
  if (subscriptions.length > 0 && options.managementGroup !== undefined) {
    throw new UsageError('--subscription and --management-group cannot be combined');
  }
  if (subscriptions.length > 0) return { kind: 'subscriptions', ids: [...new Set(subscriptions.map((id) => id.trim()))] };
  if (options.managementGroup !== undefined) return { kind: 'managementGroup', ids: [options.managementGroup.trim()] };
  return { kind: 'tenant', ids: [] };
}

/**
 * Reads a tenant live (src/collect/, Azure SDKs loaded only now) and validates the snapshot in place (no copy). Progress (on a
 * terminal) and --debug lines go to stderr through sayLine. Errors: UsageError (exit 2) for a bad scope or endpoint,
 * AuthError (exit 4) for credentials; coverage gaps are recorded in the snapshot, not thrown.
 */
export async function collectLive(io: CliIo, global: GlobalOptions, options: LiveCollectionOptions): Promise<Snapshot> {
  const snapshot = await collectUnchecked(io, global, options);
  const [{ validateInPlace }, { internStrings }] = await Promise.all([import('../snapshot/validate-in-place.js'), import('../snapshot/intern.js')]);
  // Nothing else holds the collected snapshot: validated item by item in place, not into a second copy. Then each
  // repeated string is kept once, as when a snapshot file is read: Graph's pages repeat names, types and ids that
  // the collector's own interning (ARM pieces) does not see (102 → 92 MiB of heap on the 100k-assignment tenant,
  // `node --import tsx scripts/bench/collect-memory.ts`).
  return internStrings(validateInPlace(snapshot, 'live collection'));
}

/**
 * The collection of `collectLive`, not yet validated: for the collector child (collect-child.ts), whose file the
 * parent validates as it reads it, so validating and interning here too would cost ~2 s of CPU for nothing.
 */
export async function collectUnchecked(io: CliIo, global: GlobalOptions, options: LiveCollectionOptions): Promise<Snapshot> {
  const scope = scanScope(options);
  const [{ cloudEndpoints }, { resolveCredentials }, { collectSnapshot }, { DEFAULT_RETRY }] = await Promise.all([
    import('../collect/cloud-endpoints.js'),
    import('../collect/credentials.js'),
    import('../collect/collector.js'),
    import('../collect/http/retry-decision.js'),
  ]);
  const { cloud } = options;
  const endpoints = cloudEndpoints(cloud, { arm: io.env['MI_AUDIT_ARM_ENDPOINT'], graph: io.env['MI_AUDIT_GRAPH_ENDPOINT'] });
  const showProgress = io.stderr.isTTY === true && !global.quiet;
  return collectSnapshot({
    cloud,
    endpoints,
    credentials: await resolveCredentials(io.env, endpoints),
    scope,
    discovery: options.discovery,
    concurrency: options.concurrency,
    retry: DEFAULT_RETRY,
    tool: { name: 'mi-audit', version: VERSION },
    now: io.now,
    progress: showProgress ? (source, count) => sayLine(io, `mi-audit: read ${source}: ${count}`) : undefined,
    onRetry: showProgress
      ? (event) => sayLine(io, `mi-audit: ${event.service} ${event.path}: retrying in ${(event.delayMs / 1000).toFixed(event.delayMs < 10_000 ? 1 : 0)} s (${event.reason})`)
      : undefined,
    debug: global.debug ? (line) => sayLine(io, `mi-audit: debug: ${line}`) : undefined,
    observer: global.debug ? (event) => sayLine(io, `mi-audit: debug: ${event.service} ${event.method} ${event.path}`) : undefined,
  });
}

/**
 * The reader's error about the child's private file, as `collectLive` words it (`snapshot live collection: …`): the
 * temp path means nothing to the user. Other errors are returned as they are.
 */
export function asLiveCollectionError(error: unknown, path: string): unknown {
  const prefix = `snapshot ${path}: `;
  if (!(error instanceof InputError) || !error.message.startsWith(prefix)) return error;
  return new InputError(`snapshot live collection: ${error.message.slice(prefix.length)}`, { cause: error });
}

/** What the parent asks of the collector child (collect-child.ts), over the IPC channel: no credential in it. */
export interface CollectRequest {
  readonly options: LiveCollectionOptions;
  readonly global: GlobalOptions;
  readonly stderrIsTTY: boolean;
  /** The private file (mode 0600, in a mkdtemp directory) the snapshot is written to. */
  readonly output: string;
}

/** What the child says: stderr lines (escaped by its sayLine, newline included), then exactly one `done` or `failed`. */
export type CollectorMessage =
  | { readonly type: 'line'; readonly text: string }
  | { readonly type: 'done' }
  | { readonly type: 'failed'; readonly name: string; readonly message: string; readonly hint: string | undefined; readonly stack: string | undefined };

export function isCollectRequest(value: unknown): value is CollectRequest {
  if (typeof value !== 'object' || value === null) return false;
  const { options, global, stderrIsTTY, output } = value as Partial<Record<keyof CollectRequest, unknown>>;
  const o = options as Partial<Record<keyof LiveCollectionOptions, unknown>> | undefined;
  const g = global as Partial<Record<keyof GlobalOptions, unknown>> | undefined;
  return (
    typeof output === 'string' &&
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

function isCollectorMessage(value: unknown): value is CollectorMessage {
  if (typeof value !== 'object' || value === null || !('type' in value)) return false;
  if (value.type === 'line') return 'text' in value && typeof value.text === 'string';
  return value.type === 'done' || (value.type === 'failed' && 'message' in value && typeof value.message === 'string');
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

const CHILD_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The child's private directory; an unusable temp directory is a configuration error (exit 2), not a crash. */
function privateDirectory(make: () => string, parent: string): string {
  try {
    return make();
  } catch (error: unknown) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown error';
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
 * A live collection for `scan` and `baseline`, run in a child Node process (collect-child.ts) that writes the
 * snapshot to a private temp file (mode 0600 in a mkdtemp directory, always removed) and exits; this process then
 * reads it with the streaming snapshot reader, exactly as `scan --snapshot` does. Why: in one process the analysis
 * grew on top of the collection's leftovers, ~180 MiB of promoted garbage not yet collected and ~35 MiB of native
 * memory; a child's memory all returns at its exit (docs/performance.md, "Live scan memory, round 5").
 * Credentials reach the child only through its environment (`io.env`), never argv. Progress, debug and retry lines
 * and errors are the child's, said on this process's stderr as an in-process collection says them. SIGINT, SIGTERM
 * and SIGHUP meanwhile stop the child, remove the temp directory and end this process by the same signal (shell
 * status 128 + n). Errors: those of `collectLive`; InternalError (exit 5) when the child dies without an answer.
 */
export async function collectInChild(io: CliIo, global: GlobalOptions, options: LiveCollectionOptions): Promise<Snapshot> {
  scanScope(options);
  const [{ spawn }, { mkdtempSync, rmSync, writeFileSync }, { tmpdir }, { join }, { fileURLToPath }, { readSnapshotFile }] = await Promise.all([
    import('node:child_process'),
    import('node:fs'),
    import('node:os'),
    import('node:path'),
    import('node:url'),
    import('../snapshot/read.js'),
  ]);
  const dir = privateDirectory(() => mkdtempSync(join(tmpdir(), 'mi-audit-live-')), tmpdir());
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  // Run from source (tests through tsx) or from dist: the child entry sits beside this module either way.
  const entry = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './collect-child.ts' : './collect-child.js', import.meta.url));
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  try {
    const output = join(dir, 'snapshot.json');
    writeFileSync(output, '', { mode: 0o600, flag: 'wx' });
    const child = spawn(process.execPath, [...process.execArgv.filter((arg) => !arg.startsWith('--inspect')), ...CHILD_V8_FLAGS, entry], {
      env: { ...io.env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    onSignal = (signal) => {
      child.kill('SIGKILL');
      removeDir();
      for (const name of CHILD_SIGNALS) process.removeListener(name, onSignal);
      process.kill(process.pid, signal);
    };
    for (const name of CHILD_SIGNALS) process.on(name, onSignal);
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
      const request: CollectRequest = { options: live, global: { color: global.color, quiet: global.quiet, debug: global.debug }, stderrIsTTY: io.stderr.isTTY === true, output };
      child.send(request);
    });
    if (outcome === undefined) {
      // V8's out-of-memory report starts with its last GCs; the FATAL ERROR line says what happened.
      const lines = crash.split('\n').filter((line) => line.trim() !== '');
      const cause = lines.find((line) => line.includes('FATAL ERROR')) ?? lines[0] ?? 'no answer';
      throw new InternalError(`the collector process ended without a result: ${cause}`);
    }
    if (outcome.type === 'failed') throw rebuildError(outcome);
    try {
      return await readSnapshotFile(output);
    } catch (error: unknown) {
      throw asLiveCollectionError(error, output);
    }
  } finally {
    for (const name of CHILD_SIGNALS) process.removeListener(name, onSignal);
    removeDir();
  }
}
