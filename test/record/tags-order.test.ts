import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildRecordDocument } from '../../src/record/document.js';
import { analyzeSnapshot } from '../../src/scan/analyze.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { GOLDEN_NOW, demoSnapshot } from './demo-document.js';

const exportOf = (snapshot: Snapshot): string => {
  const { report, inventory } = analyzeSnapshot({ snapshot, failOn: 'none', now: GOLDEN_NOW });
  return JSON.stringify(buildRecordDocument({ inventory, findings: report.findings, version: 'golden', generatedAt: GOLDEN_NOW }));
};

const reversed = (tags: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined =>
  tags === undefined ? undefined : Object.fromEntries(Object.entries(tags).reverse());

describe('export tags', () => {
  it('come out in key order, whatever order the snapshot lists them in', async () => {
    const snapshot = await demoSnapshot();
    const shuffled: Snapshot = {
      ...snapshot,
      resources: snapshot.resources.map((resource) => ({ ...resource, tags: reversed(resource.tags) })),
      userAssignedIdentities: snapshot.userAssignedIdentities.map((uami) => ({ ...uami, tags: reversed(uami.tags) })),
    };
    assert.notEqual(JSON.stringify(shuffled), JSON.stringify(snapshot), 'the demo has identities or resources with several tags');
    const text = exportOf(snapshot);
    assert.equal(exportOf(shuffled), text);
    const document = JSON.parse(text) as { identities: { tags: Record<string, string> }[] };
    for (const { tags } of document.identities) assert.deepEqual(Object.keys(tags), Object.keys(tags).sort());
  });
});
