import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';

import { findingOrder } from '../../src/engine/finding-order.js';

// The order the engine promises: by key, then by fingerprint text (code-unit order), as a plain comparator sort gives it.
function reference(keys: readonly number[], fingerprints: readonly string[]): number[] {
  return keys
    .map((_, index) => index)
    .sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || ((fingerprints[a] ?? '') < (fingerprints[b] ?? '') ? -1 : (fingerprints[a] ?? '') > (fingerprints[b] ?? '') ? 1 : 0));
}

// Few distinct keys and fingerprints, so runs of equal keys (and equal fingerprints inside them) are common.
const findings = (maxKey: number) =>
  fc.array(fc.record({ key: fc.integer({ min: 0, max: maxKey }), fingerprint: fc.constantFrom('v1:a', 'v1:b', 'v1:B', 'v1:ab', 'v1:\u00e9', 'v1:') }), { maxLength: 300 });

test('findingOrder sorts by key, then fingerprint, as a comparator sort does (packed path)', () => {
  fc.assert(
    fc.property(findings(40), (items) => {
      const keys = Int32Array.from(items.map((item) => item.key));
      const fingerprints = items.map((item) => item.fingerprint);
      const order = [...findingOrder(keys, (index) => fingerprints[index] ?? '')];
      // Equal key and fingerprint may come in any order: compare what each position holds.
      const expected = reference([...keys], fingerprints);
      assert.deepEqual(order.map((index) => [keys[index], fingerprints[index]]), expected.map((index) => [keys[index], fingerprints[index]]));
      assert.deepEqual([...order].sort((a, b) => a - b), items.map((_, index) => index));
    }),
  );
});

test('findingOrder gives the same order for keys too large to pack (comparator path)', () => {
  fc.assert(
    fc.property(findings(5), (items) => {
      const scale = 2 ** 52;
      const keys = Float64Array.from(items.map((item) => item.key * scale));
      const fingerprints = items.map((item) => item.fingerprint);
      const order = [...findingOrder(keys, (index) => fingerprints[index] ?? '')];
      const expected = reference([...keys], fingerprints);
      assert.deepEqual(order.map((index) => [keys[index], fingerprints[index]]), expected.map((index) => [keys[index], fingerprints[index]]));
    }),
  );
});

test('keys at the edge of exact packing sort right on both sides of it', () => {
  // 4 findings: 3 index bits, radix 8. A key of 2^50 − 2 packs to at most 2^53 − 9 (packed); 2^50 + 1 would pass 2^53,
  // where neighbouring integers are no longer all doubles (comparator). Keys differ by one where exactness matters.
  const fingerprints = ['v1:b', 'v1:z', 'v1:a', 'v1:c'];
  for (const big of [2 ** 50 - 2, 2 ** 50 + 1]) {
    const keys = Float64Array.from([big, big - 1, big, big - 1]);
    assert.deepEqual([...findingOrder(keys, (index) => fingerprints[index] ?? '')], [3, 1, 2, 0], `keys around ${big}`);
  }
});
