import type { Snapshot } from './schema.js';
import { validateSnapshot } from './read.js';

/**
 * Validates, then serialises (2-space JSON, final newline): a snapshot that would not load again is never
 * written. Commands write the text with the CLI's output writer (src/cli/output.ts), like every other output.
 */
export function renderSnapshot(snapshot: Snapshot, origin: string): string {
  return `${JSON.stringify(validateSnapshot(snapshot, origin), null, 2)}\n`;
}
