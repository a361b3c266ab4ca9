/** A deleted user-assigned identity whose service principal Graph still lists is one removal, not also an addition. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { diffSnapshots } from '../../src/drift/diff.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { DEMO } from './injections.js';

describe('diff: leftover service principal of a deleted identity', () => {
  it('reports the identity removed and nothing added', () => {
    const gone = DEMO.userAssignedIdentities.find((identity) => identity.name === 'id-docs-publish');
    assert.ok(gone !== undefined);
    const prefix = gone.id.toLowerCase();
    const after: Snapshot = {
      ...DEMO,
      userAssignedIdentities: DEMO.userAssignedIdentities.filter((identity) => identity !== gone),
      federatedIdentityCredentials: DEMO.federatedIdentityCredentials.filter((fic) => !fic.id.toLowerCase().startsWith(prefix)),
    };
    const drift = diffSnapshots(DEMO, after, { failOn: 'high', rules: [] });
    assert.deepEqual(
      drift.identities.map((change) => [change.change, change.displayName]),
      [['removed', 'id-docs-publish']],
    );
  });
});
