import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { jsonChunks } from '../../src/core/json-chunks.js';

const expected = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

describe('jsonChunks', () => {
  it('is byte-identical to JSON.stringify(value, null, 2) + newline, at every walk depth', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 6 }), (value, depth) => {
        assert.equal([...jsonChunks(value, depth)].join(''), expected(value));
      }),
      { numRuns: 300 },
    );
  });

  it('follows JSON.stringify for undefined, functions, toJSON and empty containers', () => {
    const value = {
      gone: undefined,
      fn: () => 1,
      when: new Date(0),
      list: [undefined, () => 1, new Date(1), [], {}],
      custom: { toJSON: (key: string) => ({ key }) },
      hidden: { toJSON: () => undefined },
      text: 'line\nbreak "quoted" \u2028',
      nested: { a: [{ b: [1, { c: 'd' }] }] },
      // toJSON gets the item's own index as its key, also among items serialised in batches.
      keyed: [1, { toJSON: (key: string) => `index ${key}` }, 2, new Date(2), { toJSON: () => undefined }, 3],
    };
    for (const depth of [0, 1, 2, 3, 8]) assert.equal([...jsonChunks(value, depth)].join(''), expected(value));
  });

  it('yields a large document in several chunks rather than one string', () => {
    const big = { items: Array.from({ length: 20_000 }, (_, index) => ({ index, name: `identity-${index}`.repeat(4) })) };
    const chunks = [...jsonChunks(big)];
    assert.ok(chunks.length > 2, `expected several chunks, got ${chunks.length}`);
    assert.equal(chunks.join(''), expected(big));
    const deep = { a: { b: big.items, c: [big.items.slice(0, 3000), 'x'] } };
    for (const depth of [1, 2, 3, 4]) assert.equal([...jsonChunks(deep, depth)].join(''), expected(deep), `depth ${depth}`);
  });
});
