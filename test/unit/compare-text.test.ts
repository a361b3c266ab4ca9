import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { compareText } from '../../src/core/compare-text.js';

describe('compareText', () => {
  it('orders by UTF-16 code unit, not by locale: capitals before lowercase, accents after z', () => {
    const words = ['b', 'é', 'a', 'Z', 'aa', 'A', 'z', ''];
    assert.deepEqual([...words].sort(compareText), ['', 'A', 'Z', 'a', 'aa', 'b', 'z', 'é']);
    // The locale order an unguarded localeCompare would give differs, which is why outputs do not use it.
    assert.notDeepEqual([...words].sort(compareText), [...words].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('is a consistent comparator: zero only for equal strings, antisymmetric otherwise', () => {
    assert.equal(compareText('id-1', 'id-1'), 0);
    assert.ok(compareText('id-1', 'id-2') < 0);
    assert.ok(compareText('id-2', 'id-1') > 0);
  });
});
