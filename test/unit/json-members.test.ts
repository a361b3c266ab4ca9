import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { JsonSyntaxError, readJsonMembers } from '../../src/snapshot/json-members.js';

/** Rebuilds the document from the visitor's calls, member by member and element by element. */
async function rebuild(chunks: readonly Uint8Array[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  async function* source(): AsyncGenerator<Uint8Array> {
    yield* chunks;
  }
  await readJsonMembers(source(), {
    value: (key, value) => {
      Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
    },
    arrayStart: (key) => {
      Object.defineProperty(out, key, { value: [], enumerable: true, configurable: true, writable: true });
    },
    element: (key, index, value) => {
      (out[key] as unknown[])[index] = value;
    },
  });
  return out;
}

/** `text` as UTF-8 cut at the given fractions (anywhere, also inside a multi-byte character). */
function cut(text: string, cuts: readonly number[]): Uint8Array[] {
  const bytes = Buffer.from(text, 'utf8');
  const points = [...new Set(cuts.map((fraction) => Math.floor(fraction * bytes.length)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  return chunks;
}

const documents = fc.dictionary(
  fc.string({ unit: 'grapheme' }),
  fc.oneof(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 6 }), fc.jsonValue({ maxDepth: 3 })),
  { maxKeys: 6 },
);
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 });

async function outcome(chunks: readonly Uint8Array[]): Promise<string> {
  try {
    return `ok ${JSON.stringify(await rebuild(chunks))}`;
  } catch (error: unknown) {
    assert.ok(error instanceof JsonSyntaxError, `only JsonSyntaxError, got ${String(error)}`);
    return 'error';
  }
}

/** What JSON.parse makes of the same bytes (read as UTF-8, as a file is: a lone surrogate becomes U+FFFD). */
function jsonParseOutcome(text: string): string {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'utf8').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'error';
    return `ok ${JSON.stringify(value)}`;
  } catch {
    return 'error';
  }
}

/** Every visitor call in order, then `throws <message>` if reading stops with an error. */
async function calls(chunks: readonly Uint8Array[] | readonly [AsyncIterable<Uint8Array>]): Promise<string[]> {
  const seen: string[] = [];
  async function* source(): AsyncGenerator<Uint8Array> {
    for (const chunk of chunks) {
      if (chunk instanceof Uint8Array) yield chunk;
      else yield* chunk;
    }
  }
  try {
    await readJsonMembers(source(), {
      value: (key, value) => seen.push(`value ${key} ${JSON.stringify(value)}`),
      arrayStart: (key) => seen.push(`array ${key}`),
      element: (key, index, value) => seen.push(`element ${key}[${index}] ${JSON.stringify(value)}`),
    });
  } catch (error: unknown) {
    seen.push(`throws ${error instanceof Error ? error.message : String(error)}`);
  }
  return seen;
}

describe('readJsonMembers', () => {
  it('gives what JSON.parse gives, however the bytes are cut and spaced', async () => {
    await fc.assert(
      fc.asyncProperty(documents, cuts, fc.boolean(), async (document, at, pretty) => {
        const text = JSON.stringify(document, null, pretty ? 2 : undefined);
        assert.equal(await outcome(cut(text, at)), jsonParseOutcome(text));
      }),
      { numRuns: 300 },
    );
  });

  it('accepts and refuses what JSON.parse accepts and refuses, for damaged documents too', async () => {
    const damaged = fc.tuple(documents, fc.nat(), fc.constantFrom('', ',', '}', ']', '{', '[', '"', ':', '\\', ' x', '1', 'null')).map(([document, position, insert]) => {
      const text = JSON.stringify(document);
      const at = position % (text.length + 1);
      return text.slice(0, at) + insert + text.slice(at + (position % 2));
    });
    await fc.assert(
      fc.asyncProperty(damaged, cuts, async (text, at) => {
        assert.equal(await outcome(cut(text, at)), jsonParseOutcome(text));
      }),
      { numRuns: 500 },
    );
  });

  it('hands on the same calls and stops with the same message whether elements come in one chunk or byte by byte', async () => {
    // Byte by byte, no element is wholly inside a chunk, so each is parsed on its own: the reference for the
    // elements a chunk holds, which are parsed together (and one by one again when that fails).
    const damaged = fc.tuple(documents, fc.nat(), fc.constantFrom('', ',', '}', ']', '[', '"', ' x', '1', ',1', '[1,]')).map(([document, position, insert]) => {
      const text = JSON.stringify(document);
      const at = position % (text.length + 1);
      return text.slice(0, at) + insert + text.slice(at + (position % 2));
    });
    await fc.assert(
      fc.asyncProperty(damaged, async (text) => {
        const bytes = Buffer.from(text, 'utf8');
        const whole = await calls([bytes]);
        assert.deepEqual(whole, await calls([...bytes].map((byte) => Uint8Array.of(byte))));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps nothing of a chunk once the next is asked for (a source may reuse one buffer)', async () => {
    await fc.assert(
      fc.asyncProperty(documents, cuts, async (document, at) => {
        const text = JSON.stringify(document);
        const pieces = cut(text, at);
        const shared = new Uint8Array(Math.max(1, ...pieces.map((piece) => piece.length)));
        async function* reused(): AsyncGenerator<Uint8Array> {
          for (const piece of pieces) {
            shared.set(piece);
            yield shared.subarray(0, piece.length);
            shared.fill(0x7b); // what a reader keeping a view would now see: '{{{…'
          }
        }
        assert.deepEqual(await calls([reused()]), await calls(pieces));
      }),
      { numRuns: 200 },
    );
  });

  it('parses the elements of a large array in several batches, in order', async () => {
    const items = Array.from({ length: 3000 }, (_, index) => ({ index, text: `item ${index} ${'x'.repeat(index % 50)}` }));
    const text = JSON.stringify({ items, after: 1 });
    const seen = await calls([Buffer.from(text)]);
    assert.equal(seen.length, 3002);
    assert.deepEqual(seen.slice(1, -1), items.map((item, index) => `element items[${index}] ${JSON.stringify(item)}`));
    assert.equal(seen.at(-1), 'value after 1');
  });

  it('reads arrays element by element and says where the text breaks', async () => {
    const calls: string[] = [];
    async function* one(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('{"a": [1, {"b": "x,]}"}], "c": "d\\"}"}');
    }
    await readJsonMembers(one(), {
      value: (key, value) => calls.push(`value ${key} ${JSON.stringify(value)}`),
      arrayStart: (key) => calls.push(`array ${key}`),
      element: (key, index, value) => calls.push(`element ${key}[${index}] ${JSON.stringify(value)}`),
    });
    assert.deepEqual(calls, ['array a', 'element a[0] 1', 'element a[1] {"b":"x,]}"}', 'value c "d\\"}"']);
    for (const [text, message] of [
      ['{"a": 1', /end of JSON input/],
      ['{"a": 1,}', /Unexpected character "}" at byte 8/],
      ['[]', /expected a JSON object, found "\[" at byte 0/],
      ['{"a": [1,]}', /Unexpected end of JSON input|Unexpected/],
    ] as const) {
      async function* bad(): AsyncGenerator<Uint8Array> {
        yield Buffer.from(text);
      }
      await assert.rejects(readJsonMembers(bad(), { value() {}, arrayStart() {}, element() {} }), message);
    }
  });
});
