import type { OutputText } from '../core/atomic-write.js';
import { jsonChunks } from '../core/json-chunks.js';
import type { Snapshot } from './schema.js';
import { assertValidSnapshot } from './read.js';

/**
 * Validates now, then serialises lazily (2-space JSON, final newline) in chunks of about 1 MiB that the CLI's
 * output writer (src/cli/output.ts) writes as they come: a snapshot that would not load again is never written,
 * and neither a second validated copy nor its 100 MB of text at scale ever exist whole in memory. `snapshot` is
 * written as given: a Snapshot (validated output) carries no member the schema does not know.
 * Errors: InputError from validation, before any chunk.
 */
export function renderSnapshot(snapshot: Snapshot, origin: string): OutputText {
  assertValidSnapshot(snapshot, origin);
  return jsonChunks(snapshot);
}
