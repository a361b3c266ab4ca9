import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { runInNewContext } from 'node:vm';

import { releaseGarbage } from '../../src/cli/heap.js';

// A WeakRef's target survives scavenges (V8 clears weak references only in a full mark-compact) and lives to the end
// of the job that made or read the reference: after one turn, only a full collection can clear it.
async function unreachableTarget(): Promise<WeakRef<object>> {
  const reference = new WeakRef({ payload: new Array<number>(1024).fill(7) });
  await nextTurn();
  return reference;
}

test('releaseGarbage runs a full collection: an unreachable object is gone', async () => {
  const reference = await unreachableTarget();
  assert.notEqual(reference.deref(), undefined, 'nothing collected it before the call');
  await nextTurn();
  releaseGarbage();
  assert.equal(reference.deref(), undefined);
});

test('releaseGarbage leaves --expose-gc unset: no gc on the global or in contexts made later; a second call works', async () => {
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined', 'this test runs without --expose-gc');
  releaseGarbage();
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined');
  assert.equal(runInNewContext('typeof gc'), 'undefined');
  const reference = await unreachableTarget();
  releaseGarbage();
  assert.equal(reference.deref(), undefined);
});

test('a reachable object survives', async () => {
  const kept = { payload: [1, 2, 3] };
  const reference = new WeakRef(kept);
  await nextTurn();
  releaseGarbage();
  assert.equal(reference.deref(), kept);
});
