/** `mi-audit export` end to end through the built CLI (npm run build first): sources, formats, -o, bad input. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { type CliRun, runCli } from '../helpers/exec.js';

const dir = mkdtempSync(join(tmpdir(), 'mi-audit-export-'));

function run(args: readonly string[]): CliRun {
  return runCli(args, { cwd: dir });
}

describe('mi-audit export', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the JSON document of the demo tenant to stdout and exits 0', () => {
    const result = run(['export', '--demo']);
    assert.equal(result.code, 0, result.stderr);
    const document = JSON.parse(result.stdout) as { kind: string; schemaVersion: number; identities: unknown[] };
    assert.equal(document.kind, 'mi-audit/identity-records');
    assert.equal(document.schemaVersion, 1);
    assert.ok(document.identities.length >= 36);
  });

  it('writes CSV and HTML to a file with -o and says so on stderr', () => {
    const csvPath = join(dir, 'review.csv');
    const csv = run(['export', '--demo', '--format', 'csv', '-o', csvPath]);
    assert.equal(csv.code, 0, csv.stderr);
    assert.equal(csv.stdout, '');
    assert.match(csv.stderr, /wrote csv identity record to .*review\.csv \(\d+ identities, \d+ grants\)/);
    assert.match(readFileSync(csvPath, 'utf8'), /^riskRank,.*,decision\r\n/);
    const htmlPath = join(dir, 'review.html');
    assert.equal(run(['export', '--demo', '--format', 'html', '-o', htmlPath, '-q']).code, 0);
    assert.match(readFileSync(htmlPath, 'utf8'), /^<!doctype html>/);
  });

  it('reads the same config as scan: a suppressed finding is suppressed in the record', () => {
    const target = '/subscriptions/77ecfe4c-fb24-44f4-8c15-86410386748c/resourceGroups/rg-automation/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-legacy-automation';
    const config = join(dir, 'mi-audit.config.json');
    writeFileSync(config, JSON.stringify({ suppressions: [{ rule: 'privileged-role', target, reason: 'Break-glass identity, reviewed quarterly.', expires: '2099-12-31' }] }));
    let result: ReturnType<typeof run>;
    try {
      result = run(['export', '--demo']);
    } finally {
      rmSync(config);
    }
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /loaded config/);
    const document = JSON.parse(result.stdout) as { identities: { name: string; findings: { rule: string; status: string }[] }[] };
    const legacy = document.identities.find((record) => record.name === 'id-legacy-automation');
    assert.deepEqual(legacy?.findings.filter((finding) => finding.rule === 'privileged-role').map((finding) => finding.status), ['suppressed']);
  });

  it('rejects bad input with one line and exit 2, writing nothing', () => {
    const out = join(dir, 'never.json');
    for (const args of [
      ['export', '--demo', '--snapshot', 'x.json', '-o', out],
      ['export', '--demo', '--format', 'xml', '-o', out],
      ['export', '--snapshot', join(dir, 'missing.json'), '-o', out],
    ]) {
      const result = run(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /^mi-audit: /);
      assert.ok(!result.stderr.includes('    at '), 'no stack trace');
      assert.ok(!existsSync(out));
    }
  });
});
