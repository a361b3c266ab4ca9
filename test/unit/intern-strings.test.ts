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

  it('leaves a snapshot-shaped value equal, collections whose ids are their own included', () => {
    const item = fc.record({ id: fc.string(), name: fc.string(), principalId: fc.string(), owner: fc.record({ id: fc.string() }), tags: fc.dictionary(fc.string(), fc.string()) });
    const collections = fc.record({ roleAssignments: fc.array(item), servicePrincipals: fc.array(item), federatedIdentityCredentials: fc.array(item), tenantId: fc.string() });
    fc.assert(
      fc.property(collections, (value) => {
        const text = JSON.stringify(value);
        const parsed: unknown = JSON.parse(text);
        assert.equal(internStrings(parsed), parsed, 'in place');
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
