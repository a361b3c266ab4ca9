/**
 * `mi-audit diff` on two identity-record exports, end to end through the built CLI (npm run build first): the
 * exports are written by `mi-audit export --format json` itself. Exit 0 for no change, 1 for a new Owner grant,
 * 2 for a snapshot against an export, two tenants, or a broken export; nothing written on exit 2.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import type { Drift } from '../../src/drift/model.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { runCli } from '../helpers/exec.js';
import { grantOwnerOnFirstSubscription } from './mutations.js';

let dir = '';

/** A demo snapshot with `change` applied, exported by the CLI; returns [snapshot path, export path]. */
function exported(name: string, change: (snapshot: Snapshot) => void): [string, string] {
  const snapshot = JSON.parse(readFileSync(DEMO_SNAPSHOT_PATH, 'utf8')) as Snapshot;
  change(snapshot);
  const snapshotPath = join(dir, `${name}.snapshot.json`);
  const exportPath = join(dir, `${name}.records.json`);
  writeFileSync(snapshotPath, JSON.stringify(snapshot));
  const result = runCli(['export', '--snapshot', snapshotPath, '--format', 'json', '-o', exportPath, '-q']);
  assert.equal(result.code, 0, result.stderr);
  return [snapshotPath, exportPath];
}

describe('mi-audit diff on exports (built CLI)', () => {
  let todaySnapshot = '';
  let today = '';
  let escalated = '';
  let otherTenant = '';

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mi-audit-diff-export-'));
    [todaySnapshot, today] = exported('today', () => undefined);
    [, escalated] = exported('escalated', grantOwnerOnFirstSubscription);
    [, otherTenant] = exported('other-tenant', (snapshot) => {
      snapshot.tenantId = '00000000-0000-4000-8000-000000000001';
    });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exit 0 and an empty diff for one export against itself', () => {
    const result = runCli(['diff', today, today, '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const drift = JSON.parse(result.stdout) as Drift;
    assert.equal(drift.kind, 'mi-audit/diff');
    assert.deepEqual([drift.old.input, drift.new.input], ['export', 'export']);
    assert.equal(drift.summary.failing, 0);
    assert.deepEqual([drift.grants, drift.identities, drift.findings.new], [[], [], []]);
  });

  it('exit 1 for a new Owner grant, in every format; -o writes the file', () => {
    const json = runCli(['diff', today, escalated, '--format', 'json']);
    assert.equal(json.code, 1, json.stderr);
    const drift = JSON.parse(json.stdout) as Drift;
    assert.deepEqual(drift.grants.map((grant) => [grant.change, grant.kind, grant.severity]), [['added', 'azureRole', 'critical']]);
    const table = runCli(['diff', today, escalated]);
    assert.equal(table.code, 1);
    assert.match(table.stdout, /^mi-audit \S+ diff · exports · tenant /);
    assert.match(table.stdout, /Owner on subscription/);
    const output = join(dir, 'drift.md');
    const markdown = runCli(['diff', today, escalated, '--format', 'markdown', '-o', output]);
    assert.equal(markdown.code, 1);
    assert.match(readFileSync(output, 'utf8'), /Owner on subscription/);
    assert.equal(runCli(['diff', today, escalated, '--fail-on', 'none']).code, 0);
  });

  it('exit 2, one line and no output for a snapshot against an export, two tenants, or a broken export', () => {
    const output = join(dir, 'never.json');
    const mixed = runCli(['diff', todaySnapshot, today, '-o', output]);
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /^mi-audit: error: cannot diff a snapshot against an export: .*today\.snapshot\.json is a snapshot, .*today\.records\.json is an export \(give two of one kind\)\n$/);
    assert.equal(runCli(['diff', today, todaySnapshot]).code, 2);

    const tenants = runCli(['diff', today, otherTenant, '-o', output]);
    assert.equal(tenants.code, 2);
    assert.match(tenants.stderr, /cannot diff exports of different tenants/);

    const broken = join(dir, 'broken.records.json');
    const document = JSON.parse(readFileSync(today, 'utf8')) as { identities: { grants: unknown }[] };
    const first = document.identities[0];
    if (first !== undefined) first.grants = 'none';
    writeFileSync(broken, JSON.stringify(document));
    const bad = runCli(['diff', today, broken, '-o', output]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^mi-audit: error: export .*broken\.records\.json: at identities\[0\]\.grants: /);
    assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(existsSync(output), false, 'nothing written on exit 2');
  });
});
