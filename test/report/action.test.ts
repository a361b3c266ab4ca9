/**
 * The composite GitHub Action (action.yml): validated against the action schema with action-validator
 * (https://github.com/mpalmer/action-validator), checked for OIDC-only sign-in, and its scan script run for
 * real against the demo tenant with a stand-in `npx` (no network, no Azure).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';

const ROOT = join(import.meta.dirname, '../..');
const ACTION = readFileSync(join(ROOT, 'action.yml'), 'utf8');
const VALIDATOR = join(ROOT, 'node_modules/.bin/action-validator');

function validate(path: string): { status: number | null; output: string } {
  const run = spawnSync(VALIDATOR, [path], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** The `run: |` block of the step with this id, dedented. */
function stepScript(id: string): string {
  const start = ACTION.indexOf(`      id: ${id}\n`);
  assert.ok(start >= 0, `step ${id}`);
  const runAt = ACTION.indexOf('      run: |\n', start);
  const lines: string[] = [];
  for (const line of ACTION.slice(runAt).split('\n').slice(1)) {
    if (line !== '' && !line.startsWith('        ')) break;
    lines.push(line.slice(8));
  }
  return lines.join('\n');
}

describe('action.yml', () => {
  it('is a valid composite action (action-validator), and the validator rejects a broken one', () => {
    const result = validate(join(ROOT, 'action.yml'));
    assert.equal(result.status, 0, result.output);
    const dir = mkdtempSync(join(tmpdir(), 'mi-audit-action-'));
    try {
      writeFileSync(join(dir, 'action.yml'), ACTION.replace(/\n {6}shell: bash\n/g, '\n'));
      assert.notEqual(validate(join(dir, 'action.yml')).status, 0, 'a run step without shell is rejected');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('signs in with OIDC (no secret), uploads SARIF and passes inputs to scripts only through env', () => {
    assert.match(ACTION, /uses: azure\/login@v2\n\s+with:\n\s+client-id: \$\{\{ inputs\.client-id \}\}\n\s+tenant-id: \$\{\{ inputs\.tenant-id \}\}\n\s+subscription-id: \$\{\{ inputs\.subscription-id \}\}/);
    assert.ok(!/secrets\.|client-secret|creds:/.test(ACTION), 'no secret');
    assert.match(ACTION, /uses: github\/codeql-action\/upload-sarif@v3/);
    assert.match(ACTION, /if: \$\{\{ always\(\) && inputs\.upload-sarif == 'true'/);
    for (const block of ACTION.split(/\n\s+run: \|\n/).slice(1)) {
      const script = block.split(/\n {4}- /)[0] ?? '';
      assert.ok(!script.includes('${{'), `expression spliced into a script:\n${script}`);
    }
  });

  for (const [name, failOn, collectCode, expected] of [
    ['fails the gate on the demo tenant', 'high', 0, 1],
    ['passes with --fail-on none', 'none', 0, 0],
    ['scans the snapshot a partial collection (exit 3) wrote', 'none', 3, 0],
  ] as const) {
    it(`scan script: ${name}, writes SARIF and the job summary`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'mi-audit-action-'));
      try {
        // Stand-in npx: `collect` copies the demo snapshot, everything else runs the built CLI.
        const bin = join(dir, 'bin');
        mkdirSync(bin);
        writeFileSync(
          join(bin, 'npx'),
          `#!/usr/bin/env bash\nshift 2\nif [ "$1" = collect ]; then while [ "$#" -gt 0 ]; do if [ "$1" = --output ]; then cp "$MI_AUDIT_DEMO" "$2"; exit "$MI_AUDIT_COLLECT_CODE"; fi; shift; done; exit 2; fi\nexec "${process.execPath}" "${join(ROOT, 'bin/mi-audit.js')}" "$@"\n`,
        );
        chmodSync(join(bin, 'npx'), 0o755);
        const env = {
          PATH: `${bin}:${process.env['PATH'] ?? ''}`,
          HOME: dir,
          RUNNER_TEMP: dir,
          GITHUB_OUTPUT: join(dir, 'output'),
          GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
          MI_AUDIT_DEMO: DEMO_SNAPSHOT_PATH,
          MI_AUDIT_COLLECT_CODE: String(collectCode),
          MI_AUDIT_VERSION: 'latest',
          MI_AUDIT_SUBSCRIPTIONS: 'aaaa, bbbb',
          MI_AUDIT_MANAGEMENT_GROUP: '',
          MI_AUDIT_FAIL_ON: failOn,
          MI_AUDIT_CONFIG: '',
          MI_AUDIT_BASELINE: '',
          MI_AUDIT_SARIF: join(dir, 'mi-audit.sarif'),
          MI_AUDIT_SUMMARY: 'true',
        };
        const run = spawnSync('bash', ['-e', '-c', stepScript('scan')], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
        assert.equal(run.status, 0, `the step itself succeeds and reports the code: ${run.stderr}`);
        const outputs = readFileSync(join(dir, 'output'), 'utf8');
        assert.match(outputs, new RegExp(`^exit-code=${expected}$`, 'm'));
        assert.match(outputs, /^sarif-file=.*mi-audit\.sarif$/m);
        assert.equal((JSON.parse(readFileSync(join(dir, 'mi-audit.sarif'), 'utf8')) as { version: string }).version, '2.1.0');
        assert.match(readFileSync(join(dir, 'summary.md'), 'utf8'), expected === 1 ? /^## ❌ mi-audit: Gate failed/ : /^## ✅ mi-audit: Gate off \(--fail-on none\)/);
        assert.ok(!existsSync(join(dir, 'mi-audit.snapshot.json')), 'the snapshot is removed');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('scan script: no credential (collect exit 4) is the step result, with no SARIF and no summary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mi-audit-action-'));
    try {
      const bin = join(dir, 'bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'npx'), '#!/usr/bin/env bash\necho "mi-audit: error: no Azure credential" >&2\nexit 4\n');
      chmodSync(join(bin, 'npx'), 0o755);
      const env = { PATH: `${bin}:${process.env['PATH'] ?? ''}`, HOME: dir, RUNNER_TEMP: dir, GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), MI_AUDIT_VERSION: 'latest', MI_AUDIT_SUBSCRIPTIONS: '', MI_AUDIT_MANAGEMENT_GROUP: 'mg-prod', MI_AUDIT_FAIL_ON: 'high', MI_AUDIT_CONFIG: '', MI_AUDIT_BASELINE: '', MI_AUDIT_SARIF: join(dir, 'mi-audit.sarif'), MI_AUDIT_SUMMARY: 'true' };
      const run = spawnSync('bash', ['-e', '-c', stepScript('scan')], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.status, 0);
      assert.equal(readFileSync(join(dir, 'output'), 'utf8'), 'exit-code=4\nsarif-file=\n');
      assert.ok(!existsSync(join(dir, 'summary.md')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
