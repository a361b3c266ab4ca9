import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { perValue } from '../../src/core/memo.js';

describe('perValue', () => {
  it('computes once per distinct input and answers like the function itself', () => {
    const calls: string[] = [];
    const upper = perValue((value) => {
      calls.push(value);
      return value.toUpperCase();
    });
    assert.deepEqual(['a', 'b', 'a', 'a', 'b', 'c'].map(upper), ['A', 'B', 'A', 'A', 'B', 'C']);
    assert.deepEqual(calls, ['a', 'b', 'c']);
  });

  it('keeps one table per returned function', () => {
    let count = 0;
    const compute = (value: string): number => (count += 1, value.length);
    perValue(compute)('x');
    perValue(compute)('x');
    assert.equal(count, 2);
  });
});
