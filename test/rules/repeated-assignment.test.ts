import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import { analyzeSnapshot } from '../../src/scan/analyze.js';
import { readSnapshotFile } from '../../src/snapshot/read.js';
import type { Snapshot } from '../../src/snapshot/schema.js';

const NOW = new Date('2026-12-01T00:00:00Z');

/** The same role, principal and scope under a new assignment id (a snapshot read twice, or merged). */
function withRepeat(snapshot: Snapshot, index: number): Snapshot {
  const original = snapshot.roleAssignments[index];
  assert.ok(original !== undefined);
  const name = '0badc0de-0000-4000-8000-000000000001';
  const repeat = { ...original, id: original.id.replace(/[^/]+$/, name), name };
  return { ...snapshot, roleAssignments: [...snapshot.roleAssignments, repeat] };
}

describe('a role assignment repeated under another id', () => {
  it('gives the findings of the snapshot without it, for every rule keyed by role and scope', async () => {
    const demo = await readSnapshotFile(DEMO_SNAPSHOT_PATH);
    const base = analyzeSnapshot({ snapshot: demo, failOn: 'none', now: NOW }).report.findings;
    const fingerprints = (findings: readonly { fingerprint: string }[]): string[] => findings.map((finding) => finding.fingerprint);
    // Every assignment of the demo in turn: privileged-role, broad-scope, data-role-preferred, custom-role-wildcard
    // each see some of them.
    let repeatedSubjects = 0;
    for (let index = 0; index < demo.roleAssignments.length; index += 1) {
      const findings = analyzeSnapshot({ snapshot: withRepeat(demo, index), failOn: 'none', now: NOW }).report.findings;
      const extra = findings.filter((finding) => finding.subject.id.includes('0badc0de'));
      if (extra.length > 0) repeatedSubjects += 1;
      // Findings about the new assignment itself (orphaned, weak condition…) are its own; all others are unchanged.
      assert.deepEqual(fingerprints(findings.filter((finding) => !extra.includes(finding))), fingerprints(base), `assignment ${index}`);
    }
    assert.ok(repeatedSubjects < demo.roleAssignments.length, 'most repeats add no finding');
  });
});
