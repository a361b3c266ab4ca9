import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { perKey, perValue } from '../../src/core/memo.js';

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

describe('perKey', () => {
  it('computes once per distinct key, object keys by identity, and remembers undefined answers', () => {
    const calls: unknown[] = [];
    const a = { name: 'a' };
    const b = { name: 'a' };
    const lookup = perKey((key: { name: string }) => {
      calls.push(key);
      return key === b ? undefined : key.name.toUpperCase();
    });
    assert.deepEqual([lookup(a), lookup(b), lookup(a), lookup(b), lookup(b)], ['A', undefined, 'A', undefined, undefined]);
    assert.equal(calls.length, 2);
    assert.equal(calls[0], a);
    assert.equal(calls[1], b);
  });
});
