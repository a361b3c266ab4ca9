import { UsageError } from '../core/errors.js';
import { DEMO_SNAPSHOT_PATH } from '../core/paths.js';
import { buildInventory } from '../inventory/build.js';
import type { Inventory } from '../inventory/model.js';
import { readSnapshotFile } from '../snapshot/read.js';
import type { Snapshot } from '../snapshot/schema.js';
import type { CliIo, GlobalOptions } from './io.js';
import { collectInChild } from './collector-process.js';
import { releaseGarbage } from './heap.js';
import type { LiveCollectionOptions } from './live-collection.js';
import type { RunInput } from './output.js';
import type { StageClock } from './stages.js';

/** Where `scan` and `baseline` take their snapshot from: --snapshot, --demo, or a live collection. */
export interface SnapshotSourceOptions extends LiveCollectionOptions {
  readonly snapshot?: string;
  readonly demo?: boolean;
}

/**
 * The inventory of a run's snapshot, with the snapshot's garbage already collected (cli/heap.ts): the snapshot is
 * never held in a variable, so once its inventory is built it goes before the rule pass allocates. `stages` is told
 * where the `collect`, `read` and `inventory` stages end (--debug stage times). Errors: those of `loadSnapshot`.
 */
export async function loadInventory(io: CliIo, global: GlobalOptions, options: SnapshotSourceOptions, stages?: StageClock): Promise<Inventory> {
  const inventory = buildInventory(await snapshotRead(loadSnapshot(io, global, options, stages), stages));
  releaseGarbage();
  stages?.end('inventory');
  return inventory;
}

/** The snapshot once read, the end of the `read` stage told (not on failure): the snapshot stays out of any variable. */
function snapshotRead(snapshot: Promise<Snapshot>, stages: StageClock | undefined): Promise<Snapshot> {
  return snapshot.then((read) => {
    stages?.end('read');
    return read;
  });
}

/**
 * Reads the snapshot of a run. Errors: UsageError (exit 2) for --snapshot with --demo, InputError (exit 2) for a
 * bad file, and what a live collection throws (docs/exit-codes.md).
 */
async function loadSnapshot(io: CliIo, global: GlobalOptions, options: SnapshotSourceOptions, stages: StageClock | undefined): Promise<Snapshot> {
  if (options.snapshot !== undefined && options.demo === true) {
    throw new UsageError('--snapshot and --demo cannot be combined');
  }
  if (options.demo === true) return readSnapshotFile(DEMO_SNAPSHOT_PATH);
  if (options.snapshot !== undefined) return readSnapshotFile(options.snapshot);
  // In a child process, whose memory all returns before the analysis starts (collector-process.ts).
  return collectInChild(io, global, options, stages);
}

/** The snapshot file a run reads (the demo's too: as root, `-o` could otherwise overwrite the installed fixture). */
export function snapshotInputs(options: SnapshotSourceOptions): RunInput[] {
  if (options.demo === true) return [{ path: DEMO_SNAPSHOT_PATH, role: 'demo snapshot' }];
  return options.snapshot === undefined ? [] : [{ path: options.snapshot, role: 'snapshot' }];
}
