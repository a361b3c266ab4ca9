/**
 * The live scan's collector child (src/cli/collect-child.ts, src/cli/live-collection.ts): what crosses its IPC channel
 * is checked, and an error about its private file reads as one about the live collection.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { AuthError, InputError } from '../../src/core/errors.js';
import { isCollectorMessage, isCollectRequest } from '../../src/cli/collector-process.js';
import { asLiveCollectionError } from '../../src/cli/live-collection.js';

const request = {
  options: { cloud: 'AzureCloud', discovery: 'arg', concurrency: 16, subscription: ['00000000-0000-0000-0000-000000000001'] },
  global: { color: false, quiet: true, debug: false },
  stderrIsTTY: false,
  mode: 'temp',
  output: '/tmp/mi-audit-live-x/snapshot.json',
};

describe('collector child protocol', () => {
  it('accepts a well-formed request and refuses anything else', () => {
    assert.equal(isCollectRequest(request), true);
    assert.equal(isCollectRequest({ ...request, options: { ...request.options, managementGroup: 'mg' } }), true);
    assert.equal(isCollectRequest({ ...request, mode: 'snapshot', output: '-' }), true);
    for (const bad of [
      null,
      'scan',
      { ...request, output: 1 },
      { ...request, mode: undefined },
      { ...request, mode: 'report' },
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

  it("accepts the child's answers only in their shapes: a done with or without what it wrote", () => {
    const summary = { subscriptions: 2, userAssignedIdentities: 3, federatedIdentityCredentials: 1, roleAssignments: 9, gaps: [{ source: 'roleAssignments', scope: '/subscriptions/x', reason: '403' }] };
    for (const good of [{ type: 'line', text: 'x\n' }, { type: 'done' }, { type: 'done', summary }, { type: 'done', summary: { ...summary, gaps: [] } }, { type: 'failed', name: 'AuthError', message: 'no' }]) {
      assert.equal(isCollectorMessage(good), true, JSON.stringify(good));
    }
    for (const bad of [null, { type: 'line' }, { type: 'done', summary: { ...summary, roleAssignments: '9' } }, { type: 'done', summary: { ...summary, gaps: [{ source: 'x' }] } }, { type: 'done', summary: null }, { type: 'failed' }, { type: 'other' }]) {
      assert.equal(isCollectorMessage(bad), false, JSON.stringify(bad));
    }
  });
});
