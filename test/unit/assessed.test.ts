import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { assessFinding } from '../../src/engine/assessed.js';
import { fp, sampleFinding } from '../policy/sample-findings.js';

// assessFinding replaces `{ ...finding, status }` (one hidden class per finding in Node 20): it must stay the
// same value with the same key order, or every JSON output would change.
describe('assessFinding', () => {
  const finding = sampleFinding({ fingerprint: fp(7) });

  it('equals the spread, key order included', () => {
    assert.equal(JSON.stringify(assessFinding(finding, 'open')), JSON.stringify({ ...finding, status: 'open' }));
    assert.deepEqual(Object.keys(assessFinding(finding, 'baselined')), [...Object.keys(finding), 'status']);
  });

  it('puts a suppression last', () => {
    const suppression = { source: 'config', reason: 'accepted', expires: '2026-12-31' } as const;
    assert.equal(
      JSON.stringify(assessFinding(finding, 'suppressed', suppression)),
      JSON.stringify({ ...finding, status: 'suppressed', suppression }),
    );
  });
});
