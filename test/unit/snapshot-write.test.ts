import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import { parseSnapshot, readSnapshotFile } from '../../src/snapshot/read.js';
import { renderSnapshot } from '../../src/snapshot/write.js';

const joined = (text: string | Iterable<string>): string => (typeof text === 'string' ? text : [...text].join(''));

describe('renderSnapshot', () => {
  it('gives the 2-space JSON of the validated snapshot, which reads back to itself', async () => {
    const snapshot = await readSnapshotFile(DEMO_SNAPSHOT_PATH);
    const text = joined(renderSnapshot(snapshot, 'out.json'));
    assert.equal(text, `${JSON.stringify(snapshot, null, 2)}\n`);
    assert.deepEqual(parseSnapshot(text, 'out.json'), snapshot);
  });

  it('refuses an invalid snapshot before yielding anything', async () => {
    const snapshot = await readSnapshotFile(DEMO_SNAPSHOT_PATH);
    assert.throws(() => renderSnapshot({ ...snapshot, tenantId: 'nope' }, 'out.json'), { name: 'InputError', message: /^snapshot out\.json: at tenantId:/ });
  });
});
