/** `mi-audit diff` end to end through the built CLI (npm run build first): exit codes 0, 1 and 2, files. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { type CliRun, runCli } from '../helpers/exec.js';
import { grantOwnerOnFirstSubscription } from './mutations.js';

let dir = '';

function run(args: readonly string[]): CliRun {
  return runCli(args, { cwd: dir });
}

function write(name: string, change: (snapshot: Snapshot) => void): string {
  const snapshot = JSON.parse(readFileSync(DEMO_SNAPSHOT_PATH, 'utf8')) as Snapshot;
  change(snapshot);
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(snapshot));
  return path;
}

describe('mi-audit diff (built CLI)', () => {
  let today = '';
  let escalated = '';
  let otherTenant = '';
  let gapped = '';

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mi-audit-diff-'));
    today = write('today.json', () => undefined);
    escalated = write('escalated.json', grantOwnerOnFirstSubscription);
    gapped = write('gapped.json', (snapshot) => {
      snapshot.coverage.gaps.push({ source: 'roleAssignments', scope: '/subscriptions/00000000-0000-4000-8000-00000000beef', reason: '403 AuthorizationFailed' });
    });
    otherTenant = write('other-tenant.json', (snapshot) => {
      snapshot.tenantId = '00000000-0000-4000-8000-000000000001';
    });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exit 0 when nothing changed', () => {
    const result = run(['diff', DEMO_SNAPSHOT_PATH, today]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Grants: 0 added, 0 removed, 0 changed/);
    assert.match(result.stdout, /Gate: passed/);
    assert.equal(result.stderr, '');
  });

  it('exit 1 when a new Owner grant appears; --fail-on none passes the same drift', () => {
    const result = run(['diff', today, escalated]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /\+ \[CRITICAL\] Azure role of '[^']+': added: Owner on subscription/);
    assert.equal(run(['diff', today, escalated, '--fail-on', 'none']).code, 0);
    // The way back removes the grant and fixes findings: nothing new, exit 0.
    assert.equal(run(['diff', escalated, today]).code, 0);
  });

  it('exit 3 when nothing fails but either side has coverage gaps; a failure still wins; the verdict goes to stderr for a file or JSON', () => {
    const table = run(['diff', today, gapped]);
    assert.equal(table.code, 3, table.stderr);
    assert.match(table.stdout, /Coverage incomplete in NEW/);
    assert.match(table.stdout, /Gate: INCOMPLETE: passed: no new grant or finding at or above high, but coverage is incomplete in NEW, so this is no pass \(exit 3\)\.\n$/);
    assert.equal(table.stderr, '', 'the table on stdout already ends with the verdict');
    assert.equal(run(['diff', gapped, today]).code, 3, 'a gap in OLD too');
    const json = run(['diff', today, gapped, '--format', 'json']);
    assert.equal(json.code, 3);
    assert.equal(json.stderr, 'Gate: INCOMPLETE: passed: no new grant or finding at or above high, but coverage is incomplete in NEW, so this is no pass (exit 3).\n');
    assert.equal(run(['diff', today, gapped, '--format', 'json', '--quiet']).stderr, '');
    const failing = run(['diff', gapped, escalated, '-o', join(dir, 'failing.txt')]);
    assert.equal(failing.code, 1);
    assert.match(failing.stderr, /wrote table diff to .*failing\.txt .*\nGate: FAILED: \d+ new or escalated grant\(s\) and finding\(s\) at or above high \(exit 1\)\.\n$/);
  });

  it('--format json -o FILE writes the versioned drift and says so on stderr', () => {
    const out = join(dir, 'drift.json');
    const result = run(['diff', today, escalated, '--format', 'json', '-o', out]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /wrote json diff to .*drift\.json \(1 grant\(s\) added/);
    const drift = JSON.parse(readFileSync(out, 'utf8')) as { kind: string; schemaVersion: number; summary: { grants: { added: number } } };
    assert.deepEqual([drift.kind, drift.schemaVersion, drift.summary.grants.added], ['mi-audit/diff', 1, 1]);
  });

  it('--format markdown renders tables', () => {
    const result = run(['diff', today, escalated, '--format', 'markdown']);
    assert.match(result.stdout, /^# mi-audit diff\n/);
    assert.match(result.stdout, /\| \\\+ \| critical \| Azure role of/);
  });

  it('exit 2 with one line for snapshots of different tenants, and no output file', () => {
    const out = join(dir, 'never.json');
    const result = run(['diff', today, otherTenant, '-o', out]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^mi-audit: error: cannot diff snapshots of different tenants: .*today\.json is tenant .*other-tenant\.json is tenant 00000000-0000-4000-8000-000000000001\n$/);
    assert.ok(!existsSync(out));
  });

  it('exit 2 for a missing or malformed snapshot, and for a missing argument', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"kind": "mi-audit/snapshot", "schemaVersion": 1');
    const malformed = run(['diff', today, broken]);
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /^mi-audit: error: .*broken\.json: not valid JSON/);
    assert.doesNotMatch(malformed.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(run(['diff', today, join(dir, 'absent.json')]).code, 2);
    assert.equal(run(['diff', today]).code, 2);
  });
});
