import { stringify } from 'csv-stringify/sync';

import { batchChunks, CHUNK_CHARS } from './text-chunks.js';

/** RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): CRLF records, quotes doubled, quoted when needed. */
export const CSV_OPTIONS = { record_delimiter: 'windows' } as const;

/**
 * A CSV text in chunks of about `chunkChars` characters (UTF-16 code units): the header line, then the rows,
 * each pulled from `rows` only when the chunk being filled needs it, so neither the whole text nor, with a lazy
 * row source, all rows exist at once. Cells are written as given (the caller guards formulas and escapes).
 * Joined, the same bytes as one csv-stringify call over the header and every row (RFC 4180 rows are
 * independent). Errors: whatever csv-stringify throws, raised while iterating.
 * csv-stringify: https://csv.js.org/stringify/api/sync/
 */
export function csvChunks(header: readonly string[], rows: Iterable<readonly string[]>, chunkChars = CHUNK_CHARS): Iterable<string> {
  return batchChunks(csvPieces(header, rows, 2 * chunkChars), chunkChars);
}

/**
 * One csv-stringify call per `batchChars` characters of cells, not per row (fewer calls, same bytes). Each call
 * normalises its options anew, and on the 100k tenant about 6 KB of that per call reached the old generation: two
 * chunks' worth of cells per call halves it (19 → 10 MB) while a piece (64 KB as Latin-1 text) stays below V8's
 * large-object size.
 */
function* csvPieces(header: readonly string[], rows: Iterable<readonly string[]>, batchChars: number): Generator<string, void, undefined> {
  yield stringify([[...header]], CSV_OPTIONS);
  let batch: (readonly string[])[] = [];
  let size = 0;
  for (const row of rows) {
    batch.push(row);
    for (const cell of row) size += cell.length + 1;
    if (size >= batchChars) {
      yield stringify(batch, CSV_OPTIONS);
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) yield stringify(batch, CSV_OPTIONS);
}
