import type { OutputText } from '../core/atomic-write.js';
import { recordCsvChunks } from './csv.js';
import type { ExportFormat } from './formats.js';
import { renderRecordHtml } from './html.js';
import { recordJsonChunks } from './json.js';
import type { RecordDocument } from './schema.js';

/**
 * The export document in one format: json (the v1 contract) and csv (access-review sheet) as lazy chunks that the
 * CLI writes as they come (never the whole text in memory), html (self-contained page) as one string.
 */
export function renderRecordChunks(document: RecordDocument, format: ExportFormat): OutputText {
  switch (format) {
    case 'json':
      return recordJsonChunks(document);
    case 'csv':
      return recordCsvChunks(document);
    case 'html':
      return renderRecordHtml(document);
  }
}

/** The same text as {@link renderRecordChunks}, as one string. */
export function renderRecord(document: RecordDocument, format: ExportFormat): string {
  const text = renderRecordChunks(document, format);
  return typeof text === 'string' ? text : [...text].join('');
}
