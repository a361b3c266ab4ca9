/** `mi-audit collect`: a live collection written as a snapshot file, for offline scans (docs/live-collection.md). */
import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import { collectSnapshotInChild } from '../collector-process.js';
import { type CliIo, type GlobalOptions, sayLine } from '../io.js';
import type { LiveCollectionOptions } from '../live-collection.js';
import { assertOutputsSafe, isStdout } from '../output.js';

export interface CollectOptions extends LiveCollectionOptions {
  readonly output: string;
}

export async function collectCommand(io: CliIo, global: GlobalOptions, options: CollectOptions): Promise<ExitCode> {
  await assertOutputsSafe([options.output], []);
  // Collected, validated and written by a child process, whose memory all returns when it exits (collector-process.ts).
  const written = await collectSnapshotInChild(io, global, options, options.output);
  if (!global.quiet) {
    const counts = `${written.subscriptions} subscriptions, ${written.userAssignedIdentities} user-assigned identities, ${written.federatedIdentityCredentials} federated credentials, ${written.roleAssignments} role assignments`;
    if (!isStdout(options.output)) sayLine(io, `mi-audit: wrote snapshot to ${options.output} (${counts})`);
    for (const gap of written.gaps) sayLine(io, `mi-audit: coverage gap: ${gap.source} at ${gap.scope}: ${gap.reason}`);
  }
  // A partial view is not a clean result (docs/exit-codes.md, code 3).
  return written.gaps.length === 0 ? EXIT.ok : EXIT.partial;
}
