import type { RecordDocument } from './schema.js';

/** The export document as JSON (docs/record.v1.schema.json), two-space indented, newline-terminated. */
export function renderRecordJson(document: RecordDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
