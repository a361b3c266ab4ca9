import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { duplicateFingerprint } from '../../src/engine/duplicate-fingerprint.js';

/** The uncached answer: the first finding whose fingerprint an earlier one has, found with a Set. */
function withSet<F extends { readonly fingerprint: string }>(findings: readonly F[]): F | undefined {
  const seen = new Set<string>();
  for (const finding of findings) {
    if (seen.has(finding.fingerprint)) return finding;
    seen.add(finding.fingerprint);
  }
  return undefined;
}

describe('duplicateFingerprint', () => {
  it('finds the same finding as a Set of the fingerprints (short texts collide in the table often)', () => {
    const finding = fc.record({ fingerprint: fc.string({ maxLength: 3 }), at: fc.nat() });
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 60 }), (findings) => {
        assert.equal(duplicateFingerprint(findings), withSet(findings));
      }),
      { numRuns: 500 },
    );
  });

  it('tells apart texts that differ only before the hashed tail', () => {
    const finding = fc.record({ fingerprint: fc.string({ maxLength: 3 }).map((head) => `${head}0123abcd`) });
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 60 }), (findings) => {
        assert.equal(duplicateFingerprint(findings), withSet(findings));
      }),
      { numRuns: 300 },
    );
  });

  it('returns undefined for distinct fingerprints and the second of two equal ones', () => {
    const distinct = Array.from({ length: 5000 }, (_, index) => ({ fingerprint: `v1:${index.toString(16).padStart(32, '0')}` }));
    assert.equal(duplicateFingerprint(distinct), undefined);
    const second = { fingerprint: 'v1:00000000000000000000000000000abc' };
    assert.equal(duplicateFingerprint([...distinct, second]), second);
    assert.equal(duplicateFingerprint([]), undefined);
  });
});
