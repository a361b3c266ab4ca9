/** The policy stage inside analyzeSnapshot, over the demo tenant: what `scan` does minus the process. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { analyzeSnapshot } from '../../src/scan/analyze.js';
import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import { createBaseline, parseBaseline } from '../../src/policy/baseline.js';
import type { RuleSetting } from '../../src/policy/rule-settings.js';
import { readSnapshotFile } from '../../src/snapshot/read.js';
import type { Snapshot } from '../../src/snapshot/schema.js';

const NOW = new Date('2026-11-25T00:00:00Z');
let snapshot: Snapshot;

before(async () => {
  snapshot = await readSnapshotFile(DEMO_SNAPSHOT_PATH);
});

describe('analyzeSnapshot with a policy', () => {
  it('summary counts open findings by severity and category, and statuses add up to the total', () => {
    const plain = analyzeSnapshot({ snapshot, failOn: 'high', now: NOW });
    const [first, second] = plain.report.findings;
    assert.ok(first !== undefined && second !== undefined);
    const baseline = parseBaseline(createBaseline([first], snapshot.tenantId, NOW), 'b.json');
    const { report } = analyzeSnapshot({ snapshot, failOn: 'high', now: NOW, policy: { baseline } });
    const { summary } = report;
    assert.equal(summary.total, plain.report.summary.total);
    assert.equal(summary.open + summary.suppressed + summary.baselined, summary.total);
    assert.equal(summary.baselined, 1);
    assert.equal(Object.values(summary.bySeverity).reduce((a, b) => a + b, 0), summary.open);
    assert.equal(Object.values(summary.byCategory).reduce((a, b) => a + b, 0), summary.open);
    assert.equal(summary.bySeverity[first.severity], plain.report.summary.bySeverity[first.severity] - 1);
  });

  it('a baseline of every finding passes the gate; new findings would still fail it', () => {
    const plain = analyzeSnapshot({ snapshot, failOn: 'high', now: NOW });
    assert.equal(plain.exitCode, 1);
    const all = parseBaseline(createBaseline(plain.report.findings, snapshot.tenantId, NOW), 'b.json');
    assert.equal(analyzeSnapshot({ snapshot, failOn: 'high', now: NOW, policy: { baseline: all } }).exitCode, 0);
    const critical = plain.report.findings.find((finding) => finding.severity === 'critical');
    const allButOne = parseBaseline(
      createBaseline(plain.report.findings.filter((finding) => finding !== critical), snapshot.tenantId, NOW),
      'b.json',
    );
    assert.equal(analyzeSnapshot({ snapshot, failOn: 'high', now: NOW, policy: { baseline: allButOne } }).exitCode, 1);
  });

  it('refuses a baseline of another tenant', () => {
    const other = { origin: 'other.json', tenantId: '00000000-0000-4000-8000-000000000000', fingerprints: new Set<string>() };
    assert.throws(() => analyzeSnapshot({ snapshot, failOn: 'high', now: NOW, policy: { baseline: other } }), /other\.json: taken for tenant/);
  });

  it('"off" removes a rule from the run; a severity remap keeps fingerprints and shows in the rule metadata', () => {
    const plain = analyzeSnapshot({ snapshot, failOn: 'none', now: NOW });
    const configured = analyzeSnapshot({
      snapshot,
      failOn: 'none',
      now: NOW,
      policy: { ruleSettings: new Map<string, RuleSetting>([['MIA-3003', 'off'], ['MIA-1001', { severity: 'low' }]]) },
    });
    assert.ok(plain.report.findings.some((finding) => finding.ruleId === 'MIA-3003'), 'the demo has unused identities');
    assert.equal(configured.report.findings.filter((finding) => finding.ruleId === 'MIA-3003').length, 0);
    assert.equal(configured.rules.some((meta) => meta.id === 'MIA-3003'), false);
    assert.equal(configured.rules.find((meta) => meta.id === 'MIA-1001')?.severity, 'low');

    const before = plain.report.findings.filter((finding) => finding.ruleId === 'MIA-1001');
    const after = configured.report.findings.filter((finding) => finding.ruleId === 'MIA-1001');
    assert.ok(before.length > 0);
    assert.deepEqual(after.map((finding) => finding.fingerprint).sort(), before.map((finding) => finding.fingerprint).sort());
    assert.ok(after.every((finding) => finding.severity === 'low'));
    const ranks = configured.report.findings.map((finding) => ['info', 'low', 'medium', 'high', 'critical'].indexOf(finding.severity));
    assert.deepEqual(ranks, [...ranks].sort((a, b) => b - a), 'still sorted by severity after the remap');
  });
});
