import type { RecordDocument } from './schema.js';

export function renderRecordHtml(document: RecordDocument): string {
  return JSON.stringify(document.summary);
}
