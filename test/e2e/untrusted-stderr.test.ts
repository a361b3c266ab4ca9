/**
 * Every stderr line that can carry tenant or input-file text goes through escapeUntrusted: a name, path or reason
 * holding ESC, BEL, CR, LF or a bidi override reaches the terminal as visible escapes, never as control codes.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import { hasUnsafeCharacters } from '../../src/core/untrusted-text.js';
import { runCli } from '../helpers/exec.js';

/** ESC-driven colour and title change, BEL, CR, LF and a right-to-left override. */
const HOSTILE = 'x\u001b[31mred\u001b]0;pwned\u0007\r\nmi-audit: fake line\u202eevil';
const SRC = join(import.meta.dirname, '../../src');

/** Each line is one real line: no control or bidi character is left in it. */
function assertClean(stderr: string): void {
  assert.ok(stderr.endsWith('\n'), 'lines end with a newline');
  for (const line of stderr.slice(0, -1).split('\n')) {
    assert.ok(!hasUnsafeCharacters(line), `unescaped control in ${JSON.stringify(line)}`);
    assert.ok(!line.startsWith('mi-audit: fake line'), 'an LF from the input started a line of its own');
  }
}

describe('untrusted text on stderr', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mi-audit-stderr-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('an error naming an input file escapes the file name', () => {
    const name = `snap${HOSTILE}.json`;
    writeFileSync(join(dir, name), '{ not json');
    const run = runCli(['scan', '--snapshot', name], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^mi-audit: error: snapshot snapx\\x1b\[31mred\\x1b\]0;pwned\\x07\\x0d\\x0ami-audit: fake line\\u\{202e\}evil\.json: not valid JSON/);
    assertClean(run.stderr);
  });

  it('a warning quoting the config (unused suppression) and the "wrote" line escape their text', () => {
    const config = { suppressions: [{ rule: 'privileged-role', target: `/subscriptions/${HOSTILE}`, reason: 'accepted', expires: '2999-01-01' }] };
    writeFileSync(join(dir, 'mi-audit.config.json'), JSON.stringify(config));
    const out = `report${HOSTILE}.json`;
    const run = runCli(['scan', '--demo', '--format', 'json', '-o', out, '--fail-on', 'none'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /warning: suppressions\[0\] .*\\x1b\[31mred.*matched no finding/);
    assert.match(run.stderr, /wrote json report to reportx\\x1b/);
    assertClean(run.stderr);
    assert.ok(readdirSync(dir).includes(out), 'the file itself has the exact name');
  });

  it("Commander's errors quote the typed argument escaped", () => {
    const run = runCli(['scan', '--demo', '--format', HOSTILE]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^mi-audit: error: option '--format <format>' argument 'x\\x1b\[31mred/);
    assertClean(run.stderr);
  });

  it('a baseline file name with control characters is escaped in its error', () => {
    mkdirSync(join(dir, 'sub'));
    const name = join('sub', `base${HOSTILE}.json`);
    writeFileSync(join(dir, name), JSON.stringify({ kind: 'nope' }));
    const run = runCli(['scan', '--snapshot', DEMO_SNAPSHOT_PATH, '--baseline', name], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^mi-audit: error: baseline sub\/basex\\x1b/);
    assertClean(run.stderr);
  });

  it('src/cli writes to stderr only through sayLine (io.ts) and Commander\'s escaped outputError', () => {
    const offenders: string[] = [];
    const visit = (folder: string): void => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) visit(path);
        else if (entry.name.endsWith('.ts') && entry.name !== 'io.ts' && /\bstderr\.write\(/.test(readFileSync(path, 'utf8'))) offenders.push(path);
      }
    };
    visit(join(SRC, 'cli'));
    assert.deepEqual(offenders, []);
  });
});

describe('the exit-3 verdict names coverage gaps from the snapshot', () => {
  it('escapes their scope and reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mi-audit-stderr-'));
    try {
      const snapshot = JSON.parse(readFileSync(DEMO_SNAPSHOT_PATH, 'utf8')) as { coverage: { gaps: unknown[] } };
      snapshot.coverage.gaps.push({ source: 'resources', scope: `/subscriptions/${HOSTILE}`, reason: `403 ${HOSTILE}`, status: 403 });
      writeFileSync(join(dir, 'partial.json'), JSON.stringify(snapshot));
      const run = runCli(['scan', '--snapshot', 'partial.json', '--fail-on', 'none'], { cwd: dir });
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, /^INCOMPLETE: .*\n {2}resources at \/subscriptions\/x\\x1b\[31mred.*\(403 x\\x1b\[31mred.*\\u\{202e\}evil\)\n$/);
      assertClean(run.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
