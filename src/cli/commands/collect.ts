/** `mi-audit collect`: a live collection written as a snapshot file, for offline scans (docs/live-collection.md). */
import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import { renderSnapshot } from '../../snapshot/write.js';
import { type CliIo, type GlobalOptions, sayLine } from '../io.js';
import { collectLive, type LiveCollectionOptions } from '../live-collection.js';
import { assertOutputsSafe, isStdout, writeOutput } from '../output.js';

export interface CollectOptions extends LiveCollectionOptions {
  readonly output: string;
}

export async function collectCommand(io: CliIo, global: GlobalOptions, options: CollectOptions): Promise<ExitCode> {
  await assertOutputsSafe([options.output], []);
  const snapshot = await collectLive(io, global, options);
  await writeOutput(io, options.output, renderSnapshot(snapshot, options.output));
  const gaps = snapshot.coverage.gaps;
  if (!global.quiet) {
    const counts = `${snapshot.subscriptions.length} subscriptions, ${snapshot.userAssignedIdentities.length} user-assigned identities, ${snapshot.federatedIdentityCredentials.length} federated credentials, ${snapshot.roleAssignments.length} role assignments`;
    if (!isStdout(options.output)) sayLine(io, `mi-audit: wrote snapshot to ${options.output} (${counts})`);
    for (const gap of gaps) sayLine(io, `mi-audit: coverage gap: ${gap.source} at ${gap.scope}: ${gap.reason}`);
  }
  // A partial view is not a clean result (docs/exit-codes.md, code 3).
  return gaps.length === 0 ? EXIT.ok : EXIT.partial;
}
