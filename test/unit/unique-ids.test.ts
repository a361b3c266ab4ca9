import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { InputError } from '../../src/core/errors.js';
import { assertUniqueIds, DuplicateIdFinder } from '../../src/snapshot/unique-ids.js';

/** The plain definition: the first index whose lower-cased id an earlier item had, with that earlier index. */
function reference(ids: readonly string[]): [number, number] | undefined {
  const seen = new Map<string, number>();
  for (const [index, id] of ids.entries()) {
    const first = seen.get(id.toLowerCase());
    if (first !== undefined) return [first, index];
    seen.set(id.toLowerCase(), index);
  }
  return undefined;
}

// Characters that fold together under `| 0x20` without being the same letter (@ and `, [ and {), letters whose
// lower case is another script's (K, U+212A, is k; İ becomes two characters): the hash's collisions and its non-ASCII path.
const ids = fc.array(fc.string({ unit: fc.constantFrom('a', 'A', '@', '`', '[', '{', 'k', 'K', '\u212a', 'i', 'I', '\u0130', '/'), maxLength: 4 }), { maxLength: 40 });

describe('DuplicateIdFinder', () => {
  it('finds the same first duplicate as lower-casing every id', () => {
    fc.assert(
      fc.property(ids, (list) => {
        const finder = new DuplicateIdFinder('resources');
        list.forEach((id, index) => finder.add({ id }, index));
        const found = finder.duplicate;
        assert.deepEqual(found === undefined ? undefined : [found.first, found.index], reference(list));
        if (found !== undefined) assert.equal(found.id, list[found.index]);
      }),
      { numRuns: 2000 },
    );
  });

  it('tells apart ids whose hash collides, and keys subscriptions by subscriptionId', () => {
    const finder = new DuplicateIdFinder('resources');
    ['a@', 'a`', 'A`'].forEach((id, index) => finder.add({ id }, index));
    assert.deepEqual(finder.duplicate, { collection: 'resources', field: 'id', id: 'A`', first: 1, index: 2 });
    const subscriptions = new DuplicateIdFinder('subscriptions');
    [{ id: 'x', subscriptionId: 's1' }, { id: 'x', subscriptionId: 'S2' }, 'not an object', { subscriptionId: 7 }, { subscriptionId: 's2' }].forEach((item, index) =>
      subscriptions.add(item, index),
    );
    assert.deepEqual(subscriptions.duplicate, { collection: 'subscriptions', field: 'subscriptionId', id: 's2', first: 1, index: 4 });
    assert.throws(() => assertUniqueIds({ resources: [{ id: '\u212a' }, { id: 'k' }] }, 'snap.json'), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.message, 'snapshot snap.json: duplicate id "k" at resources[0].id and resources[1].id');
      return true;
    });
  });
});
