/** Bad input stays bad input: one line and exit 2, never an internal error (exit 5) further down the pipeline. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { type CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import { EXIT_CODES } from '../../src/core/exit-codes.js';
import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import { validateSnapshot } from '../../src/snapshot/read.js';
import { runCli } from '../helpers/exec.js';

type Json = Record<string, unknown> & Record<'userAssignedIdentities' | 'servicePrincipals' | 'subscriptions', Record<string, unknown>[]>;
const demo = (): Json => JSON.parse(readFileSync(DEMO_SNAPSHOT_PATH, 'utf8')) as Json;
const dir = mkdtempSync(join(tmpdir(), 'mi-audit-bad-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function oneErrorLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n').filter((line) => !line.startsWith('hint: '));
  assert.equal(lines.length, 1, stderr);
  return lines[0] ?? '';
}

describe('a snapshot with one id twice', () => {
  it('is exit 2 naming both JSON paths, for an ARM id differing only in case (not exit 5 duplicate fingerprint)', () => {
    const snapshot = demo();
    const first = snapshot.userAssignedIdentities[0];
    assert.ok(first !== undefined);
    snapshot.userAssignedIdentities.push({ ...first, id: String(first['id']).toUpperCase() });
    writeFileSync(join(dir, 'dup.json'), JSON.stringify(snapshot));
    const result = runCli(['scan', '--snapshot', join(dir, 'dup.json')]);
    assert.equal(result.code, 2, result.stderr);
    const last = snapshot.userAssignedIdentities.length - 1;
    assert.match(oneErrorLine(result.stderr), new RegExp(`^mi-audit: error: snapshot .*dup\\.json: duplicate id ".*" at userAssignedIdentities\\[0\\]\\.id and userAssignedIdentities\\[${last}\\]\\.id$`));
    assert.equal(result.stdout, '');
  });

  it('is refused for object ids and subscription ids too, and a clean snapshot passes', () => {
    const objects = demo();
    const sp = objects.servicePrincipals[2];
    assert.ok(sp !== undefined);
    objects.servicePrincipals.splice(5, 0, { ...sp, id: String(sp['id']).toUpperCase() });
    assert.throws(() => validateSnapshot(objects, 'o.json'), /duplicate id ".*" at servicePrincipals\[2\]\.id and servicePrincipals\[5\]\.id/);
    const subscriptions = demo();
    const subscription = subscriptions.subscriptions[0];
    assert.ok(subscription !== undefined);
    subscriptions.subscriptions.push({ ...subscription });
    assert.throws(() => validateSnapshot(subscriptions, 's.json'), /at subscriptions\[0\]\.subscriptionId and subscriptions\[\d+\]\.subscriptionId/);
    assert.doesNotThrow(() => validateSnapshot(demo(), 'demo'));
  });
});

describe('tenantId', () => {
  it('must be a GUID', () => {
    assert.throws(() => validateSnapshot({ ...demo(), tenantId: 'contoso.onmicrosoft.com' }, 't.json'), /^InputError: snapshot t\.json: at tenantId: must be a GUID/);
    assert.doesNotThrow(() => validateSnapshot({ ...demo(), tenantId: '23CA09E4-2599-4E43-81D9-0CAD2F91DC2C' }, 't.json'));
  });
});

describe('live-only flags with --snapshot or --demo', () => {
  const flags: readonly (readonly string[])[] = [
    ['--subscription', '00000000-0000-0000-0000-000000000001'],
    ['--management-group', 'mg'],
    ['--cloud', 'AzureCloud'],
    ['--discovery', 'arm'],
    ['--concurrency', '4'],
  ];
  it('are exit 2 with one line, for scan and baseline', () => {
    for (const flag of flags) {
      for (const [command, source] of [['scan', ['--demo']], ['baseline', ['--snapshot', DEMO_SNAPSHOT_PATH, '-o', join(dir, 'b.json')]]] as const) {
        const result = runCli([command, ...source, ...flag]);
        assert.equal(result.code, 2, `${command} ${flag.join(' ')}: ${result.stderr}`);
        assert.equal(
          oneErrorLine(result.stderr),
          `mi-audit: error: ${flag[0] ?? ''} is for live collection and cannot be combined with ${source[0]}`,
        );
      }
    }
  });
});

describe('exit 5', () => {
  it('prints what docs/exit-codes.md says it prints: the internal-error line and the stack', async () => {
    const err: string[] = [];
    const io: CliIo = {
      stdout: { write: () => true },
      stderr: { write: (text: string) => err.push(text) },
      env: {},
      now: () => {
        throw new Error('clock broke');
      },
    };
    assert.equal(await run(['node', 'mi-audit', 'scan', '--demo'], io), 5);
    const [first, ...frames] = err.join('').trimEnd().split('\n');
    const prefix = 'mi-audit: internal error (please report it): ';
    assert.equal(first, `${prefix}clock broke`);
    assert.ok(frames.length > 0 && frames.every((line) => /^\s+at /.test(line)), 'the stack follows');
    const documented = EXIT_CODES.find((entry) => entry.code === 5)?.when ?? '';
    assert.ok(documented.includes(prefix.trimEnd()), documented);
    assert.match(readFileSync(join(import.meta.dirname, '../../docs/exit-codes.md'), 'utf8'), /mi-audit: internal error \(please report it\)/);
  });
});
