/**
 * `JSON.stringify(value, null, 2)` plus a final newline, as a sequence of chunks instead of one string, so that a
 * report or snapshot of hundreds of megabytes is written without ever existing whole in memory (a V8 string
 * that size, and the UTF-8 buffer a write makes of it, were the largest retainers of a scan at scale).
 *
 * The text is byte-identical to `${JSON.stringify(value, null, 2)}\n`: arrays and objects down to `depth` are
 * walked here and everything below is serialised by JSON.stringify itself, re-indented (JSON text never holds
 * a raw newline inside a string, so prefixing each newline is exact). The walk follows JSON.stringify's rules
 * for what it walks: `toJSON` is called, object members that are undefined, functions or symbols are left out,
 * and array items that are become `null`. Chunks are batched to about `CHUNK_CHARS` characters.
 * Errors: whatever JSON.stringify throws (cycles, BigInt), raised while iterating.
 * Format: https://tc39.es/ecma262/multipage/structured-data.html#sec-json.stringify
 */
export function* jsonChunks(value: unknown, depth = 2): Generator<string, void, undefined> {
  let pending: string[] = [];
  let size = 0;
  for (const piece of walk(resolve(value, ''), '', depth)) {
    pending.push(piece);
    size += piece.length;
    if (size >= CHUNK_CHARS) {
      yield pending.join('');
      pending = [];
      size = 0;
    }
  }
  pending.push('\n');
  yield pending.join('');
}

/** About 1 MiB of text per chunk: few enough writes to be fast, small enough to be nothing next to the data. */
const CHUNK_CHARS = 1 << 20;

const INDENT = '  ';

function hasToJson(value: object): value is { toJSON(key: string): unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/** True for the values JSON.stringify leaves out of an object (and writes as null in an array). */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** The value JSON.stringify serialises for `value` under `key`: its toJSON result when it has one. */
function resolve(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && hasToJson(value) ? value.toJSON(key) : value;
}

/** `value` is already resolved (toJSON applied); `indent` is the indentation of the line it starts on. */
function* walk(value: unknown, indent: string, depth: number): Generator<string, void, undefined> {
  if (depth <= 0 || typeof value !== 'object' || value === null) {
    // Below the walked depth: JSON.stringify, its lines shifted to this level.
    const text = JSON.stringify(value, null, 2) ?? 'null';
    yield indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
    return;
  }
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let index = 0; index < value.length; index += 1) {
      yield index === 0 ? `\n${inner}` : `,\n${inner}`;
      const item = resolve(value[index], String(index));
      if (isSkipped(item)) yield 'null';
      else yield* walk(item, inner, depth - 1);
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const [member, raw] of Object.entries(value)) {
    const item = resolve(raw, member);
    if (isSkipped(item)) continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(member)}: `;
    first = false;
    yield* walk(item, inner, depth - 1);
  }
  yield first ? '{}' : `\n${indent}}`;
}
