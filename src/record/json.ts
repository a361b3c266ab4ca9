import { jsonChunks } from '../core/json-chunks.js';
import type { RecordDocument } from './schema.js';

/**
 * The export document as JSON (docs/record.v1.schema.json), two-space indented, newline-terminated, in chunks of
 * about 1 MiB (src/core/json-chunks.ts): at 100k role assignments the text is hundreds of MB and is never held whole.
 */
export function recordJsonChunks(document: RecordDocument): Iterable<string> {
  return jsonChunks(document);
}

/** The same text as {@link recordJsonChunks}, as one string (small documents, tests). */
export function renderRecordJson(document: RecordDocument): string {
  return [...recordJsonChunks(document)].join('');
}
