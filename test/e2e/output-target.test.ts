/**
 * `-o` writes to a path and never replaces what is not a regular file, for every command that takes it: devices
 * and FIFOs are written in place, symlinks are followed (the link stays), a file keeps its mode, `-` is stdout,
 * and an output over an input of the same run is refused (exit 2, nothing written).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, createReadStream, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';

import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import { OUTPUT_FORMATS } from '../../src/report/formats.js';
import { CLI } from '../helpers/exec.js';
import { mockCliEnv, startMockAzure, type MockAzure } from '../helpers/mock-azure/server.js';
import { edgeCaseTenant } from '../helpers/mock-azure/tenants.js';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Async spawn: a FIFO's reader and the HTTPS mock live in this process. */
function run(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', HOME: cwd, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function readAll(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    createReadStream(path, 'utf8')
      .on('data', (chunk) => (text += String(chunk)))
      .on('end', () => resolve(text))
      .on('error', reject);
  });
}

const isRoot = process.getuid?.() === 0;
const mode = (path: string): number => statSync(path).mode & 0o777;

interface CommandCase {
  readonly name: string;
  /** Arguments before `-o FILE`; the output must parse as JSON. */
  readonly args: readonly string[];
  readonly exit: number;
  /** Checks the written text is this command's output. */
  readonly looksRight: (text: string) => boolean;
}

const parsesAs = (field: string, value: unknown) => (text: string): boolean => (JSON.parse(text) as Record<string, unknown>)[field] === value;

const COMMANDS: readonly CommandCase[] = [
  { name: 'scan', args: ['scan', '--demo', '--format', 'json', '--fail-on', 'none'], exit: 0, looksRight: parsesAs('schemaVersion', 1) },
  { name: 'baseline', args: ['baseline', '--demo'], exit: 0, looksRight: parsesAs('kind', 'mi-audit/baseline') },
  { name: 'collect', args: ['collect'], exit: 0, looksRight: parsesAs('kind', 'mi-audit/snapshot') },
];

describe('-o writes to a path, never replaces it', () => {
  let mock: MockAzure;
  let env: Record<string, string>;
  let dir: string;
  before(async () => {
    mock = await startMockAzure(edgeCaseTenant().snapshot);
    env = mockCliEnv(mock);
  });
  after(() => mock.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mi-audit-out-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const command of COMMANDS) {
    describe(command.name, () => {
      it('a character device is written in place, not renamed over', { skip: isRoot ? false : 'mknod needs root (CI runs as root)' }, async () => {
        execFileSync('mknod', [join(dir, 'null'), 'c', '1', '3']);
        const result = await run([...command.args, '-o', 'null'], dir, env);
        assert.equal(result.code, command.exit, result.stderr);
        assert.ok(lstatSync(join(dir, 'null')).isCharacterDevice(), 'still the null device');
        assert.deepEqual(readdirSync(dir), ['null'], 'no temp file left');
      });

      it('a FIFO is written in place for its reader', async () => {
        execFileSync('mkfifo', [join(dir, 'fifo')]);
        const [text, result] = await Promise.all([readAll(join(dir, 'fifo')), run([...command.args, '-o', 'fifo'], dir, env)]);
        assert.equal(result.code, command.exit, result.stderr);
        assert.ok(command.looksRight(text));
        assert.ok(lstatSync(join(dir, 'fifo')).isFIFO(), 'still a FIFO');
        assert.deepEqual(readdirSync(dir), ['fifo']);
      });

      it('a symlink is followed: its target is written, keeps its mode, and the link stays a link', async () => {
        writeFileSync(join(dir, 'target.json'), 'old');
        chmodSync(join(dir, 'target.json'), 0o640);
        symlinkSync('target.json', join(dir, 'link.json'));
        const result = await run([...command.args, '-o', 'link.json'], dir, env);
        assert.equal(result.code, command.exit, result.stderr);
        assert.ok(lstatSync(join(dir, 'link.json')).isSymbolicLink(), 'still a link');
        assert.ok(command.looksRight(readFileSync(join(dir, 'target.json'), 'utf8')));
        assert.equal(mode(join(dir, 'target.json')), 0o640);
        assert.deepEqual(readdirSync(dir).sort(), ['link.json', 'target.json']);
      });

      it('a dangling symlink creates its target', async () => {
        symlinkSync('made.json', join(dir, 'link.json'));
        const result = await run([...command.args, '-o', 'link.json'], dir, env);
        assert.equal(result.code, command.exit, result.stderr);
        assert.ok(lstatSync(join(dir, 'link.json')).isSymbolicLink());
        assert.ok(command.looksRight(readFileSync(join(dir, 'made.json'), 'utf8')));
      });

      it('a 0600 file stays 0600', async () => {
        writeFileSync(join(dir, 'private.json'), 'old', { mode: 0o600 });
        chmodSync(join(dir, 'private.json'), 0o600);
        const result = await run([...command.args, '-o', 'private.json'], dir, env);
        assert.equal(result.code, command.exit, result.stderr);
        assert.equal(mode(join(dir, 'private.json')), 0o600);
        assert.ok(command.looksRight(readFileSync(join(dir, 'private.json'), 'utf8')));
      });

      it('-o - writes to standard output and creates no file named -', async () => {
        const result = await run([...command.args, '-o', '-'], dir, env);
        assert.equal(result.code, command.exit, result.stderr);
        assert.ok(command.looksRight(result.stdout));
        assert.deepEqual(readdirSync(dir), []);
      });
    });
  }

  describe('an output over an input of the same run is refused: exit 2, one line, nothing written', () => {
    const refuses = async (args: readonly string[], file: string, role: RegExp): Promise<void> => {
      const before = readFileSync(join(dir, file), 'utf8');
      const result = await run(args, dir);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /^mi-audit: error: refusing to write .+: it is the /);
      assert.match(result.stderr, role);
      assert.equal(result.stderr.trim().split('\n').filter((line) => !line.startsWith('hint: ')).length, 1, result.stderr);
      assert.equal(result.stdout, '');
      assert.equal(readFileSync(join(dir, file), 'utf8'), before, 'input untouched');
    };

    beforeEach(() => {
      copyFileSync(DEMO_SNAPSHOT_PATH, join(dir, 's.json'));
      symlinkSync('s.json', join(dir, 's-link.json'));
    });

    it('scan: the snapshot, spelled the same, with ./ or through a symlink', async () => {
      await refuses(['scan', '--snapshot', 's.json', '-o', 's.json'], 's.json', /the snapshot this run reads/);
      await refuses(['scan', '--snapshot', 's.json', '-o', `./s.json`], 's.json', /the snapshot/);
      await refuses(['scan', '--snapshot', 's-link.json', '-o', join(dir, 's.json')], 's.json', /the snapshot/);
      await refuses(['scan', '--snapshot', 's.json', '--format', 'json', '--output', 's-link.json'], 's.json', /the snapshot/);
    });

    it('scan: the config and the baseline', async () => {
      writeFileSync(join(dir, 'mi-audit.config.json'), '{}\n');
      await refuses(['scan', '--demo', '-o', 'mi-audit.config.json'], 'mi-audit.config.json', /the config this run reads/);
      assert.equal((await run(['baseline', '--demo', '-o', 'b.json', '-q'], dir)).code, 0);
      await refuses(['scan', '--demo', '--baseline', 'b.json', '-o', './b.json'], 'b.json', /the baseline this run reads/);
    });

    it('baseline: the snapshot', async () => {
      await refuses(['baseline', '--snapshot', 's.json', '-o', 's-link.json'], 's.json', /the snapshot this run reads/);
    });
  });
});

describe('scan --report FORMAT:FILE (repeatable, beside --format/-o)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mi-audit-report-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every report of one run, each the way -o writes, and says the verdict last', async () => {
    writeFileSync(join(dir, 'private.csv'), 'old', { mode: 0o600 });
    chmodSync(join(dir, 'private.csv'), 0o600);
    const result = await run(['scan', '--demo', '--format', 'json', '-o', 'r.json', '--report', 'sarif:r.sarif', '--report', 'csv:private.csv', '--report', 'table:-'], dir);
    assert.equal(result.code, 1, result.stderr);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { summary: { total: number }; findings: { fingerprint: string }[] };
    const sarif = JSON.parse(readFileSync(join(dir, 'r.sarif'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0]?.results.length, json.findings.length, 'one run, one set of findings');
    assert.match(readFileSync(join(dir, 'private.csv'), 'utf8'), /^severity,ruleId,/);
    assert.equal(mode(join(dir, 'private.csv')), 0o600);
    assert.match(result.stdout, /\d+ findings: \d+ critical/, 'table:- is stdout');
    const lines = result.stderr.trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, 3).map((line) => /^mi-audit: wrote (\w+) report to (\S+) /.exec(line)?.slice(1, 3)), [['json', 'r.json'], ['sarif', 'r.sarif'], ['csv', 'private.csv']]);
    assert.match(lines[3] ?? '', /^FAIL: \d+ open findings at or above high \(exit 1\)$/);
    assert.deepEqual(readdirSync(dir).sort(), ['private.csv', 'r.json', 'r.sarif']);
  });

  it('refuses two outputs in one place and a report over an input: exit 2, nothing written', async () => {
    copyFileSync(DEMO_SNAPSHOT_PATH, join(dir, 's.json'));
    symlinkSync('a.json', join(dir, 'a-link.json'));
    mkdirSync(join(dir, 'sub'));
    const cases: [readonly string[], RegExp][] = [
      [['scan', '--demo', '--report', 'json:-'], /^mi-audit: error: two outputs go to standard output: - and -$/m],
      [['scan', '--demo', '-o', 'a.json', '--report', 'sarif:a-link.json'], /^mi-audit: error: two outputs go to the same file: a.json and a-link.json$/m],
      [['scan', '--demo', '-o', 'x.json', '--report', 'json:b.json', '--report', 'csv:./b.json'], /two outputs go to the same file: b.json and .\/b.json/],
      [['scan', '--snapshot', 's.json', '-o', 'x.json', '--report', 'json:./s.json'], /refusing to write .\/s.json: it is the snapshot this run reads/],
      [['scan', '--demo', '--report', 'xml:x.xml'], new RegExp(`argument 'xml:x.xml' is invalid\\. unknown format 'xml' \\(choose from ${OUTPUT_FORMATS.join(', ')}\\)`)],
      [['scan', '--demo', '--report', 'x.json'], /argument 'x.json' is invalid\. expected FORMAT:FILE/],
      [['scan', '--demo', '-o', 'x.json', '--report', 'json:sub'], /^mi-audit: error: cannot write sub: EISDIR$/m],
    ];
    for (const [args, pattern] of cases) {
      const result = await run(args, dir);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, pattern);
      assert.equal(result.stdout, '');
      assert.deepEqual(readdirSync(dir).sort(), ['a-link.json', 's.json', 'sub'], `${args.join(' ')} wrote nothing`);
    }
  });
});
