import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { internStrings } from '../../src/snapshot/intern.js';

describe('internStrings', () => {
  it('leaves every parsed JSON value equal to what it was', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const parsed: unknown = JSON.parse(text);
        assert.deepEqual(internStrings(parsed), JSON.parse(text));
        assert.equal(JSON.stringify(parsed), text);
      }),
    );
  });

  it('walks nested arrays and objects in place', () => {
    const parsed = JSON.parse('{"a":["x","y",{"b":"x"}],"c":{"d":["y"]},"n":1,"z":null}') as { a: [string, string, { b: string }] };
    const same = internStrings(parsed);
    assert.equal(same, parsed, 'the same object, not a copy');
    assert.deepEqual(same, { a: ['x', 'y', { b: 'x' }], c: { d: ['y'] }, n: 1, z: null });
  });
});
