import { batchChunks, CHUNK_CHARS } from '../core/text-chunks.js';
import { asRecordStream, type RecordDocumentStream } from './document.js';
import type { RecordDocument } from './schema.js';

/**
 * The export document as JSON (docs/record.v1.schema.json): byte for byte `JSON.stringify(document, null, 2)`
 * plus a newline, in chunks of about `chunkChars` characters. The records are serialised one at a time as the
 * writer pulls chunks, so with a lazy stream (recordDocumentStream) no more than one record beyond the current
 * chunk exists: at 70,000 identities the text is hundreds of MB and neither it nor the records are held whole.
 * Format: https://tc39.es/ecma262/multipage/structured-data.html#sec-json.stringify
 */
export function recordJsonChunks(document: RecordDocument | RecordDocumentStream, chunkChars = CHUNK_CHARS): Iterable<string> {
  return batchChunks(jsonPieces(asRecordStream(document)), chunkChars);
}

/** `identities` is the document's last member: the head's text up to its closing brace, then the array, item by item. */
function* jsonPieces({ head, identities }: RecordDocumentStream): Generator<string, void, undefined> {
  const headText = JSON.stringify(head, null, 2);
  yield `${headText.slice(0, -'\n}'.length)},\n  "identities": `;
  let first = true;
  for (const record of identities) {
    // An array item two levels down: JSON.stringify's own text, each line indented by four spaces.
    yield `${first ? '[' : ','}\n    ${JSON.stringify(record, null, 2).replaceAll('\n', '\n    ')}`;
    first = false;
  }
  yield first ? '[]\n}\n' : '\n  ]\n}\n';
}

/** The same text as {@link recordJsonChunks}, as one string (small documents, tests). */
export function renderRecordJson(document: RecordDocument | RecordDocumentStream): string {
  return [...recordJsonChunks(document)].join('');
}
