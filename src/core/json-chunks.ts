import { batchChunks, CHUNK_CHARS } from './text-chunks.js';

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
  yield* batchChunks(withNewline(walk(resolve(value, ''), '', depth)));
}

function* withNewline(pieces: Iterable<string>): Generator<string, void, undefined> {
  yield* pieces;
  yield '\n';
}

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
    if (depth === 1) {
      yield* itemBatches(value, indent);
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

/**
 * An array whose items are serialised whole (the last walked level), as `[`, batches of items, `]`. Each batch is
 * one JSON.stringify of the items wrapped in as many arrays as the items are deep, with the wrapper's lines cut
 * off: the items come out already indented and comma-separated, with no re-indenting copy of each one (for the
 * 72,000 findings of a large scan that copy was as big as the report). Batches aim at `CHUNK_CHARS`. An item with
 * its own `toJSON` is serialised alone, so that it receives its true index as the key.
 */
function* itemBatches(items: readonly unknown[], indent: string): Generator<string, void, undefined> {
  const level = indent.length / INDENT.length + 1;
  // The text JSON.stringify puts before the first item and after the last one: one bracket line per level.
  const open = Array.from({ length: level }, (_, depth) => `${INDENT.repeat(depth)}[\n`).join('').length;
  const close = Array.from({ length: level }, (_, depth) => `\n${INDENT.repeat(level - 1 - depth)}]`).join('').length;
  const wrap = (batch: unknown[]): unknown => {
    let wrapped: unknown = batch;
    for (let depth = 1; depth < level; depth += 1) wrapped = [wrapped];
    return wrapped;
  };
  const inner = indent + INDENT;
  let batchSize = 64;
  let index = 0;
  yield '[';
  while (index < items.length) {
    yield index === 0 ? '\n' : ',\n';
    const item: unknown = items[index];
    if (typeof item === 'object' && item !== null && hasToJson(item)) {
      const resolved = item.toJSON(String(index));
      yield inner;
      yield* walk(isSkipped(resolved) ? null : resolved, inner, 0);
      index += 1;
      continue;
    }
    const batch: unknown[] = [];
    while (index < items.length && batch.length < batchSize) {
      const next: unknown = items[index];
      if (typeof next === 'object' && next !== null && hasToJson(next)) break;
      batch.push(next);
      index += 1;
    }
    const text = JSON.stringify(wrap(batch), null, 2);
    yield text.slice(open, text.length - close);
    batchSize = Math.min(8192, Math.max(1, Math.round((batchSize * CHUNK_CHARS) / Math.max(1, text.length))));
  }
  yield `\n${indent}]`;
}
