import type { OutputText } from '../core/atomic-write.js';
import { recordCsvChunks } from './csv.js';
import type { RecordDocumentStream } from './document.js';
import type { ExportFormat } from './formats.js';
import { recordHtmlChunks } from './html.js';
import { recordJsonChunks } from './json.js';
import type { RecordDocument } from './schema.js';

/**
 * The export document in one format — json (the v1 contract), csv (access-review sheet), html (self-contained
 * page) — as lazy chunks that the CLI writes as they come: never the whole text in memory and, from a lazy
 * stream (recordDocumentStream), each record built only when the chunk that holds it is pulled.
 */
export function renderRecordChunks(document: RecordDocument | RecordDocumentStream, format: ExportFormat): OutputText {
  switch (format) {
    case 'json':
      return recordJsonChunks(document);
    case 'csv':
      return recordCsvChunks(document);
    case 'html':
      return recordHtmlChunks(document);
  }
}

/** The same text as {@link renderRecordChunks}, as one string. */
export function renderRecord(document: RecordDocument | RecordDocumentStream, format: ExportFormat): string {
  return [...renderRecordChunks(document, format)].join('');
}
