import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import { analyzeSnapshot, type SnapshotHandover } from '../../src/scan/analyze.js';
import { readSnapshotFile } from '../../src/snapshot/read.js';

describe('analyzeSnapshot with a handed-over snapshot', () => {
  it('takes the snapshot out of the handover and gives the same analysis as with the snapshot itself', async () => {
    const now = new Date('2026-11-30T00:00:00Z');
    const direct = analyzeSnapshot({ snapshot: await readSnapshotFile(DEMO_SNAPSHOT_PATH), failOn: 'high', now });
    const handover: SnapshotHandover = { snapshot: await readSnapshotFile(DEMO_SNAPSHOT_PATH) };
    const handed = analyzeSnapshot({ snapshot: handover, failOn: 'high', now });
    assert.equal(handover.snapshot, undefined, 'the analysis keeps no way back to the snapshot through the handover');
    assert.deepEqual(handed.report, direct.report);
    assert.equal(handed.exitCode, direct.exitCode);
    assert.throws(() => analyzeSnapshot({ snapshot: handover, failOn: 'high', now }), /already analysed/);
  });
});
