/** About 1 MiB of text per chunk: few enough writes to be fast, small enough to be nothing next to the data. */
export const CHUNK_CHARS = 1 << 20;

/**
 * Joins small pieces of text into chunks of at least `chunkChars` characters (the last one may be shorter), in
 * order and lazily: a piece is pulled only when the chunk being filled needs it, so a renderer that builds a
 * record per piece builds at most one record beyond the text already handed out. Empty input → no chunk.
 */
export function* batchChunks(pieces: Iterable<string>, chunkChars = CHUNK_CHARS): Generator<string, void, undefined> {
  let pending: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    pending.push(piece);
    size += piece.length;
    if (size >= chunkChars) {
      yield pending.join('');
      pending = [];
      size = 0;
    }
  }
  if (pending.length > 0) yield pending.join('');
}
