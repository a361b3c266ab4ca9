import { writeFileAtomic } from '../core/atomic-write.js';
import type { Snapshot } from './schema.js';
import { validateSnapshot } from './read.js';

/** Validates, then writes atomically. A snapshot that would not load again is never written. */
export async function writeSnapshotFile(path: string, snapshot: Snapshot): Promise<void> {
  const valid = validateSnapshot(snapshot, path);
  await writeFileAtomic(path, `${JSON.stringify(valid, null, 2)}\n`);
}
