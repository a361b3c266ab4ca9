import { writeFileAtomic } from '../core/atomic-write.js';
import type { Snapshot } from './schema.js';
import { validateSnapshot } from './read.js';

/** Validates, then serialises (2-space JSON, final newline). A snapshot that would not load again is never rendered. */
export function renderSnapshot(snapshot: Snapshot, origin: string): string {
  return `${JSON.stringify(validateSnapshot(snapshot, origin), null, 2)}\n`;
}

/** Validates, then writes atomically. A snapshot that would not load again is never written. */
export async function writeSnapshotFile(path: string, snapshot: Snapshot): Promise<void> {
  await writeFileAtomic(path, renderSnapshot(snapshot, path));
}
