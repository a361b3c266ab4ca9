/**
 * `mi-audit collect` and the live half of `mi-audit scan`: turns flags and environment into a collector
 * configuration, runs the live collection (src/collect/, Azure SDKs loaded lazily) and validates the snapshot.
 * Environment: MI_AUDIT_ARM_TOKEN / MI_AUDIT_GRAPH_TOKEN (static bearer tokens), MI_AUDIT_ARM_ENDPOINT /
 * MI_AUDIT_GRAPH_ENDPOINT (https origins). Tokens never reach stdout, stderr, logs or the snapshot.
 */
import { UsageError } from '../../core/errors.js';
import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import { VERSION } from '../../core/version.js';
import { validateSnapshot } from '../../snapshot/read.js';
import type { Cloud, ScanScope, Snapshot } from '../../snapshot/schema.js';
import { writeSnapshotFile } from '../../snapshot/write.js';
import type { CliIo, GlobalOptions } from '../io.js';

/** Options shared by `collect` and live `scan`. */
export interface LiveCollectionOptions {
  readonly subscription?: readonly string[];
  readonly managementGroup?: string;
  readonly cloud?: Cloud;
  readonly discovery?: 'arg' | 'arm';
  readonly concurrency?: number;
}

export interface CollectOptions extends LiveCollectionOptions {
  readonly output: string;
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

export async function collectLive(io: CliIo, global: GlobalOptions, options: LiveCollectionOptions): Promise<Snapshot> {
  const scope = scanScope(options);
  const [{ cloudEndpoints }, { resolveCredentials }, { collectSnapshot }, { DEFAULT_RETRY }] = await Promise.all([
    import('../../collect/cloud-endpoints.js'),
    import('../../collect/credentials.js'),
    import('../../collect/collector.js'),
    import('../../collect/http/retry-decision.js'),
  ]);
  const cloud = options.cloud ?? 'AzureCloud';
  const endpoints = cloudEndpoints(cloud, { arm: io.env['MI_AUDIT_ARM_ENDPOINT'], graph: io.env['MI_AUDIT_GRAPH_ENDPOINT'] });
  const showProgress = io.stderr.isTTY === true && !global.quiet;
  const snapshot = await collectSnapshot({
    cloud,
    endpoints,
    credentials: await resolveCredentials(io.env, endpoints),
    scope,
    discovery: options.discovery ?? 'arg',
    concurrency: options.concurrency ?? 8,
    retry: DEFAULT_RETRY,
    tool: { name: 'mi-audit', version: VERSION },
    now: io.now,
    progress: showProgress ? (source, count) => io.stderr.write(`mi-audit: read ${source}: ${count}\n`) : undefined,
    onRetry: showProgress ? (event) => io.stderr.write(`mi-audit: ${event.service} ${event.path}: retrying in ${(event.delayMs / 1000).toFixed(event.delayMs < 10_000 ? 1 : 0)} s (${event.reason})\n`) : undefined,
    debug: global.debug ? (line) => io.stderr.write(`mi-audit: debug: ${line}\n`) : undefined,
    observer: global.debug ? (event) => io.stderr.write(`mi-audit: debug: ${event.service} ${event.method} ${event.path}\n`) : undefined,
  });
  return validateSnapshot(snapshot, 'live collection');
}

export async function collectCommand(io: CliIo, global: GlobalOptions, options: CollectOptions): Promise<ExitCode> {
  const snapshot = await collectLive(io, global, options);
  await writeSnapshotFile(options.output, snapshot);
  const gaps = snapshot.coverage.gaps;
  if (!global.quiet) {
    const counts = `${snapshot.subscriptions.length} subscriptions, ${snapshot.userAssignedIdentities.length} user-assigned identities, ${snapshot.federatedIdentityCredentials.length} federated credentials, ${snapshot.roleAssignments.length} role assignments`;
    io.stderr.write(`mi-audit: wrote snapshot to ${options.output} (${counts})\n`);
    for (const gap of gaps) io.stderr.write(`mi-audit: coverage gap: ${gap.source} at ${gap.scope}: ${gap.reason}\n`);
  }
  // A partial view is not a clean result (docs/exit-codes.md, code 3).
  return gaps.length === 0 ? EXIT.ok : EXIT.partial;
}
