import type { OutputText } from '../core/atomic-write.js';
import { jsonChunks } from '../core/json-chunks.js';
import type { Snapshot } from './schema.js';
import { validateSnapshot } from './read.js';
import { isValidatedInPlace } from './validate-in-place.js';

/**
 * Validates now, then serialises lazily (2-space JSON, final newline) in chunks of 32 Ki characters that the CLI's
 * output writer (src/cli/output.ts) writes as they come: a snapshot that would not load again is never written,
 * and its 100 MB of text at scale never exist whole in memory. A snapshot validateInPlace returned (the live
 * collection, written right after it was validated) is not parsed a second time. Errors: InputError from
 * validation, before any chunk.
 */
export function renderSnapshot(snapshot: Snapshot, origin: string): OutputText {
  return jsonChunks(isValidatedInPlace(snapshot) ? snapshot : validateSnapshot(snapshot, origin));
}
