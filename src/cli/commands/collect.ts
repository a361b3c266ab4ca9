import { UsageError } from '../../core/errors.js';
import type { ExitCode } from '../../core/exit-codes.js';
import type { Cloud, Snapshot } from '../../snapshot/schema.js';
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

// NOTE(2026-11): live collection lands with the live-collection issue; the command shape is reserved now.
export async function collectLive(_io: CliIo, _global: GlobalOptions, _options: LiveCollectionOptions): Promise<Snapshot> {
  throw new UsageError('live collection is not available in this build yet', {
    hint: 'scan a saved snapshot with --snapshot FILE, or try the bundled demo with --demo',
  });
}

export async function collectCommand(io: CliIo, global: GlobalOptions, options: CollectOptions): Promise<ExitCode> {
  await collectLive(io, global, options);
  return 0;
}
