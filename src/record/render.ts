import { renderRecordCsv } from './csv.js';
import type { ExportFormat } from './formats.js';
import { renderRecordHtml } from './html.js';
import { renderRecordJson } from './json.js';
import type { RecordDocument } from './schema.js';

/** The export document in one format: json (the v1 contract), csv (access-review sheet) or html (self-contained page). */
export function renderRecord(document: RecordDocument, format: ExportFormat): string {
  switch (format) {
    case 'json':
      return renderRecordJson(document);
    case 'csv':
      return renderRecordCsv(document);
    case 'html':
      return renderRecordHtml(document);
  }
}
