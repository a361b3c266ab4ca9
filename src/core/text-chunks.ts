/**
 * 32 Ki characters per chunk (64 KiB at most as a two-byte string): below V8's large-object size (128 KiB), so a
 * chunk is born in the young generation and dies there once written. 1 MiB chunks went straight to the
 * large-object space, which only a full GC frees: the heap then grew by the whole text of the export (to 1.7 GB
 * on the 70k bench) before V8 collected. V8 heap spaces: https://v8.dev/blog/orinoco-parallel-scavenger
 */
export const CHUNK_CHARS = 1 << 15;

/**
 * Joins small pieces of text into chunks of at least `chunkChars` characters (the last one may be shorter), in
 * order and lazily: a piece is pulled only when the chunk being filled needs it, so a renderer that builds a
 * record per piece builds at most one record beyond the text already handed out. A piece of a quarter chunk or
 * more is handed out as it is (after what was pending): joining it would only copy it. Empty input → no chunk.
 */
export function* batchChunks(pieces: Iterable<string>, chunkChars = CHUNK_CHARS): Generator<string, void, undefined> {
  let pending: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    if (piece.length >= chunkChars / 4) {
      if (size > 0) yield pending.join('');
      pending = [];
      size = 0;
      yield piece;
      continue;
    }
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
