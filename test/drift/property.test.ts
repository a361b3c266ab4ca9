/**
 * Properties of diffSnapshots over the demo tenant (fast-check):
 *   1. diff A A' is empty, for A a mutated demo snapshot and A' the same snapshot with every list shuffled and
 *      role-assignment ids re-cased (ARM returns ids in varying case);
 *   2. diff A B reports exactly one injected change and nothing else (identities, grants, FICs, dangling).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { diffSnapshots } from '../../src/drift/diff.js';
import { DEMO, inject, injection, MUTATIONS, observed, reordered, sorted } from './injections.js';

describe('diffSnapshots properties (demo tenant)', () => {
  it('diff A A is empty, findings included, for mutated and reordered demo snapshots', () => {
    fc.assert(
      fc.property(fc.array(injection, { maxLength: 3 }), fc.nat(), (injections, seed) => {
        const a = injections.reduce((snapshot, step) => inject(snapshot, step).snapshot, DEMO);
        const drift = diffSnapshots(a, reordered(a, seed), { failOn: 'info' });
        assert.deepEqual(observed(drift), sorted({ identities: [], grants: [], federatedCredentials: [], dangling: [] }));
        assert.deepEqual(drift.findings, { new: [], fixed: [] });
        assert.equal(drift.summary.failing, 0);
      }),
      { numRuns: 6 },
    );
  });

  it('diff A B reports exactly the injected change', () => {
    fc.assert(
      fc.property(injection, (step) => {
        const { snapshot, expected } = inject(DEMO, step);
        assert.deepEqual(observed(diffSnapshots(DEMO, snapshot, { failOn: 'high', rules: [] })), sorted(expected));
      }),
      { numRuns: 60 },
    );
  });

  it('each injection kind changes something (the generator cannot silently inject nothing)', () => {
    for (const kind of MUTATIONS) {
      const { expected } = inject(DEMO, { kind, index: 3, other: 5, text: '-x' });
      const total = expected.identities.length + expected.grants.length + expected.federatedCredentials.length + expected.dangling.length;
      assert.ok(total > 0, kind);
    }
    const deleted = inject(DEMO, { kind: 'deleteReferencedIdentity', index: 0, other: 0, text: '' }).expected;
    assert.ok(deleted.dangling.some((row) => row[0] === 'identityReference'), 'a referenced identity leaves a dangling reference');
  });
});
