import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { escapeUntrusted, hasUnsafeCharacters } from '../../src/core/untrusted-text.js';

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

describe('escapeUntrusted', () => {
  it('makes terminal escapes, line breaks and bidi overrides visible', () => {
    assert.equal(escapeUntrusted('app\u001b]0;pwned\u0007'), 'app\\x1b]0;pwned\\x07');
    assert.equal(escapeUntrusted('a\r\nb\tc\u007f\u009b'), 'a\\x0d\\x0ab\\x09c\\x7f\\x9b');
    assert.equal(escapeUntrusted('admin\u202eexe.txt\u2066'), 'admin\\u{202e}exe.txt\\u{2066}');
    assert.equal(escapeUntrusted('id-orders-prod · Contoso ✓'), 'id-orders-prod · Contoso ✓');
  });

  it('leaves no unsafe character in any string, and changes safe strings not at all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeUntrusted(text);
        assert.equal(UNSAFE.test(escaped), false);
        assert.equal(hasUnsafeCharacters(escaped), false);
        if (!hasUnsafeCharacters(text)) assert.equal(escaped, text);
      }),
      { numRuns: 2000 },
    );
  });
});
