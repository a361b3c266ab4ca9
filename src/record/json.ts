import { batchChunks, CHUNK_CHARS } from '../core/text-chunks.js';
import { asRecordStream, type RecordDocumentStream } from './document.js';
import type { IdentityRecord, RecordDocument } from './schema.js';

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
    yield first ? '[\n    ' : ',\n    ';
    yield itemText(record);
    first = false;
  }
  yield first ? '[]\n}\n' : '\n  ]\n}\n';
}

/**
 * A record as an array item two levels down: JSON.stringify's own text of `[[record]]` (each line of the record
 * indented by four more spaces) without its first 10 and last 6 characters (`[\n  [\n    ` and `\n  ]\n]`). The
 * slice shares the serialised string; re-indenting the record's own text (`replaceAll`) made a second copy of it,
 * and for a large record both went straight to the old generation.
 */
function itemText(record: IdentityRecord): string {
  return JSON.stringify([[record]], null, 2).slice(ITEM_PREFIX, -ITEM_SUFFIX);
}

const ITEM_PREFIX = '[\n  [\n    '.length;
const ITEM_SUFFIX = '\n  ]\n]'.length;

/** The same text as {@link recordJsonChunks}, as one string (small documents, tests). */
export function renderRecordJson(document: RecordDocument | RecordDocumentStream): string {
  return [...recordJsonChunks(document)].join('');
}
