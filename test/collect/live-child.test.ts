/**
 * The live scan's collector child (src/cli/collect-child.ts, src/cli/live-collection.ts): what crosses its IPC channel
 * is checked, and an error about its private file reads as one about the live collection.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { AuthError, InputError } from '../../src/core/errors.js';
import { asLiveCollectionError, isCollectRequest } from '../../src/cli/live-collection.js';

const request = {
  options: { cloud: 'AzureCloud', discovery: 'arg', concurrency: 16, subscription: ['00000000-0000-0000-0000-000000000001'] },
  global: { color: false, quiet: true, debug: false },
  stderrIsTTY: false,
  output: '/tmp/mi-audit-live-x/snapshot.json',
};

describe('collector child protocol', () => {
  it('accepts a well-formed request and refuses anything else', () => {
    assert.equal(isCollectRequest(request), true);
    assert.equal(isCollectRequest({ ...request, options: { ...request.options, managementGroup: 'mg' } }), true);
    for (const bad of [
      null,
      'scan',
      { ...request, output: 1 },
      { ...request, stderrIsTTY: 'yes' },
      { ...request, global: { color: false, quiet: true } },
      { ...request, options: { ...request.options, discovery: 'graph' } },
      { ...request, options: { ...request.options, subscription: [1] } },
      { ...request, options: { ...request.options, concurrency: '16' } },
    ]) {
      assert.equal(isCollectRequest(bad), false, JSON.stringify(bad));
    }
  });

  it("names the live collection, not the child's temp file, in a snapshot error; other errors pass unchanged", () => {
    const path = '/tmp/mi-audit-live-Ab12/snapshot.json';
    const rewritten = asLiveCollectionError(new InputError(`snapshot ${path}: at roleAssignments[3].principalId: Required`), path);
    assert.ok(rewritten instanceof InputError);
    assert.equal(rewritten.message, 'snapshot live collection: at roleAssignments[3].principalId: Required');
    const other = new InputError('snapshot /elsewhere.json: not valid JSON');
    assert.equal(asLiveCollectionError(other, path), other);
    const auth = new AuthError('Azure Resource Manager rejected the token');
    assert.equal(asLiveCollectionError(auth, path), auth);
  });
});
