/**
 * The live half of `collect` and `scan`: turns flags and environment into a collector configuration and runs the
 * live collection. Environment: MI_AUDIT_ARM_TOKEN / MI_AUDIT_GRAPH_TOKEN (static bearer tokens),
 * MI_AUDIT_ARM_ENDPOINT / MI_AUDIT_GRAPH_ENDPOINT (https origins). Tokens never reach stdout, stderr, logs or the
 * snapshot.
 */
import { InputError, UsageError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { seconds } from '../core/seconds.js';
import type { Cloud, ScanScope, Snapshot } from '../snapshot/schema.js';
import { type CliIo, type GlobalOptions, sayLine } from './io.js';
import type { Discovery } from './options.js';

/** Options shared by `collect` and live `scan`. */
export interface LiveCollectionOptions {
  readonly subscription?: readonly string[];
  readonly managementGroup?: string;
  // Always set: their defaults are declared once, in the option table (src/cli/options.ts).
  readonly cloud: Cloud;
  readonly discovery: Discovery;
  readonly concurrency: number;
}

/** The scope the flags ask for. Errors: UsageError (exit 2) for --subscription with --management-group. */
export function scanScope(options: LiveCollectionOptions): ScanScope {
  const subscriptions = options.subscription ?? [];
  if (subscriptions.length > 0 && options.managementGroup !== undefined) {
    throw new UsageError('--subscription and --management-group cannot be combined');
  }
  if (subscriptions.length > 0) return { kind: 'subscriptions', ids: [...new Set(subscriptions.map((id) => id.trim()))] };
  if (options.managementGroup !== undefined) return { kind: 'managementGroup', ids: [options.managementGroup.trim()] };
  return { kind: 'tenant', ids: [] };
}

/**
 * Reads a tenant live (src/collect/, Azure SDKs loaded only now) and validates the snapshot in place (no copy): what
 * `mi-audit collect` writes, in its collector child (collect-child.ts). Progress (on a terminal) and --debug lines go
 * to stderr through sayLine. Errors: UsageError (exit 2) for a bad scope or endpoint, AuthError (exit 4) for
 * credentials, InputError (exit 2) for an answer that breaks the snapshot schema; coverage gaps are recorded in the
 * snapshot, not thrown.
 */
export async function collectValidated(io: CliIo, global: GlobalOptions, options: LiveCollectionOptions): Promise<Snapshot> {
  const snapshot = await collectUnchecked(io, global, options);
  const { validateInPlace } = await import('../snapshot/validate-in-place.js');
  // Nothing else holds the collected snapshot: validated item by item in place, not into a second copy.
  return validateInPlace(snapshot, 'live collection');
}

/**
 * The collection, not yet validated: for a live scan's collector child (collect-child.ts), whose file the parent
 * validates as it reads it, so validating here too would cost CPU for nothing.
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
  // Area counts are terminal chatter; a retry is news in a CI log too (a slow or failing service), so it is shown
  // whenever --quiet is not set.
  const showProgress = io.stderr.isTTY === true && !global.quiet;
  const showRetries = !global.quiet;
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
    onRetry: showRetries
      ? (event) => sayLine(io, `mi-audit: ${event.service} ${event.path}: retrying in ${seconds(event.delayMs)} s (${event.reason})`)
      : undefined,
    debug: global.debug ? (line) => sayLine(io, `mi-audit: debug: ${line}`) : undefined,
    observer: global.debug ? (event) => sayLine(io, `mi-audit: debug: ${event.service} ${event.method} ${event.path}`) : undefined,
  });
}

/**
 * The reader's error about the child's private file, as `collectValidated` words it (`snapshot live collection: …`): the
 * temp path means nothing to the user. Other errors are returned as they are.
 */
export function asLiveCollectionError(error: unknown, path: string): unknown {
  const prefix = `snapshot ${path}: `;
  if (!(error instanceof InputError) || !error.message.startsWith(prefix)) return error;
  return new InputError(`snapshot live collection: ${error.message.slice(prefix.length)}`, { cause: error });
}
