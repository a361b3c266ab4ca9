/** The built CLI end to end: one test (at least) per exit code it can return offline. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import { RULES } from '../../src/rules/index.js';
import { CLI, runCli } from '../helpers/exec.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const ANSI = /\u001b\[/;
const tmp = tempDirs('mi-audit-e2e-');

describe('mi-audit CLI', () => {
  it('--version and --help answer at once with exit 0', () => {
    const version = runCli(['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    // The launcher answers a lone --version / -V itself; through Commander (another flag beside it) the answer is the same.
    for (const args of [['-V'], ['--no-color', '--version'], ['--quiet', '-V']]) {
      const other = runCli(args);
      assert.deepEqual([other.code, other.stdout, other.stderr], [0, version.stdout, ''], args.join(' '));
    }
    const help = runCli(['scan', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--fail-on <severity>/);
  });

  it('a checkout run before its build says so in one line and exits 5, not with a stack trace and 1', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(import.meta.dirname, '../../bin/mi-audit.js'), join(dir, 'bin/mi-audit.js'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    for (const args of [['scan', '--demo'], ['--version']]) {
      const run = spawnSync(process.execPath, [join(dir, 'bin/mi-audit.js'), ...args], { encoding: 'utf8' });
      assert.equal(run.status, 5, run.stderr);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^mi-audit: the compiled CLI \(dist\/\) is missing: in a source checkout, run `npm run build` first\n$/);
    }
  });

  it('scan --demo prints a table and fails the default gate (exit 1)', () => {
    const run = runCli(['scan', '--demo']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /privileged-role/);
    assert.match(run.stdout, /\d+ findings: \d+ critical/);
    assert.ok(!ANSI.test(run.stdout), 'no colour when stdout is not a terminal');
    assert.match(run.stderr, /^FAIL: \d+ open findings at or above high \(exit 1\)\n$/, 'the verdict, and nothing else');
  });

  it('scan --demo --debug says each stage\'s time once, in order, before the verdict; without --debug none is said', () => {
    const stageLine = /^mi-audit: debug: stage (\w+) (\d+\.\d{1,2}) s$/;
    const debug = runCli(['scan', '--demo', '--debug']);
    assert.equal(debug.code, 1, debug.stderr);
    const lines = debug.stderr.trimEnd().split('\n');
    const stages = lines.flatMap((line) => stageLine.exec(line)?.[1] ?? []);
    // Offline: the snapshot is read, not collected.
    assert.deepEqual(stages, ['read', 'inventory', 'rules', 'policy', 'report'], debug.stderr);
    assert.match(lines.at(-1) ?? '', /^FAIL: /, 'the verdict still comes last');
    const plain = runCli(['scan', '--demo']);
    assert.equal(plain.stdout, debug.stdout, '--debug changes nothing on stdout');
    assert.doesNotMatch(plain.stderr, /stage/);
    const quietDebug = runCli(['scan', '--demo', '--format', 'json', '-q', '--debug']);
    assert.deepEqual(quietDebug.stderr.trimEnd().split('\n').map((line) => stageLine.exec(line)?.[1]), ['read', 'inventory', 'rules', 'policy', 'report'], 'said under -q too, alone');
    // MI_AUDIT_STAGE_TIMES=1: the stage lines without the rest of --debug (what the live bench uses).
    const envOnly = runCli(['scan', '--demo'], { env: { MI_AUDIT_STAGE_TIMES: '1' } });
    assert.equal(envOnly.stdout, plain.stdout);
    assert.deepEqual(envOnly.stderr.trimEnd().split('\n').map((line) => stageLine.exec(line)?.[1] ?? line), ['read', 'inventory', 'rules', 'policy', 'report', plain.stderr.trimEnd()]);
  });

  it('mi-audit with no command prints usage on stderr and exits 2', () => {
    const run = runCli([]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^Usage: mi-audit \[options\] \[command\]/);
    assert.equal(runCli(['help']).code, 0, '`mi-audit help` asked for it');
  });

  it('says the verdict on stderr, also with -o, counting what the report counts; -q silences it', () => {
    const dir = tmp();
    const out = join(dir, 'r.json');
    const failing = runCli(['scan', '--demo', '--format', 'json', '-o', out, '--fail-on', 'critical']);
    assert.equal(failing.code, 1);
    const critical = (JSON.parse(readFileSync(out, 'utf8')) as { summary: { bySeverity: { critical: number } } }).summary.bySeverity.critical;
    assert.ok(critical > 1);
    assert.match(failing.stderr, new RegExp(`wrote json report to .*\\nFAIL: ${critical} open findings at or above critical \\(exit 1\\)\\n$`));
    const passing = runCli(['scan', '--demo', '--format', 'json', '-o', out, '--fail-on', 'none']);
    assert.equal(passing.code, 0);
    assert.match(passing.stderr, /\nPASS: gate off \(--fail-on none\)\n$/);
    const quiet = runCli(['scan', '--demo', '--format', 'json', '-o', out, '-q']);
    assert.equal(quiet.code, 1);
    assert.equal(quiet.stderr, '');
  });

  it('scan --demo --format json emits the v1 contract', () => {
    const run = runCli(['scan', '--demo', '--format', 'json', '--fail-on', 'none']);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Record<string, unknown> & { findings: Record<string, unknown>[]; summary: { total: number; bySeverity: Record<string, number> } };
    for (const key of ['schemaVersion', 'tool', 'tenantId', 'scope', 'generatedAt', 'coverage', 'summary', 'findings']) {
      assert.ok(key in report, `top-level ${key}`);
    }
    assert.equal(report['schemaVersion'], 1);
    assert.deepEqual(report['coverage'], { complete: true, gaps: [] });
    assert.equal(report.summary.total, report.findings.length);
    assert.equal(Object.values(report.summary.bySeverity).reduce((a, b) => a + b, 0), report.findings.length);
    for (const finding of report.findings) {
      for (const key of ['ruleId', 'category', 'severity', 'title', 'message', 'subject', 'related', 'evidence', 'remediation', 'references', 'fingerprint']) {
        assert.ok(key in finding, `finding.${key}`);
      }
    }
  });

  it('is deterministic: same snapshot, same findings and fingerprints', () => {
    const strip = (text: string): unknown => {
      const report = JSON.parse(text) as { generatedAt?: string };
      delete report.generatedAt;
      return report;
    };
    const first = runCli(['scan', '--snapshot', DEMO_SNAPSHOT_PATH, '--format', 'json']);
    const second = runCli(['scan', '--demo', '--format', 'json']);
    assert.deepEqual(strip(first.stdout), strip(second.stdout));
  });

  it('--fail-on none passes (exit 0); csv has a fixed header', () => {
    const run = runCli(['scan', '--demo', '--format', 'csv', '--fail-on', 'none']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^severity,ruleId,rule,category,title,subjectKind,subjectId,subjectName,principalId,message,related,remediation,confidence,fingerprint,status,suppressionReason,suppressionExpires,suppressionTicket\r\n/);
  });

  it('incomplete coverage turns a passing gate into exit 3 and says so', () => {
    const dir = tmp();
    const snapshot = JSON.parse(readFileSync(DEMO_SNAPSHOT_PATH, 'utf8')) as { coverage: { gaps: unknown[] } };
    snapshot.coverage.gaps.push({ source: 'resources', scope: '/subscriptions/00000000-0000-0000-0000-000000000000', reason: '403 AuthorizationFailed', status: 403 });
    writeFileSync(join(dir, 'partial.json'), JSON.stringify(snapshot));
    const run = runCli(['scan', '--snapshot', join(dir, 'partial.json'), '--fail-on', 'none']);
    assert.equal(run.code, 3);
    assert.match(run.stdout, /Coverage incomplete: 1 gap/);
    assert.equal(
      run.stderr,
      'INCOMPLETE: gate off (--fail-on none), but coverage has 1 gap, so this is no pass (exit 3)\n' +
        '  resources at /subscriptions/00000000-0000-0000-0000-000000000000 (403 AuthorizationFailed)\n',
    );
    const failing = runCli(['scan', '--snapshot', join(dir, 'partial.json'), '--fail-on', 'critical']);
    assert.equal(failing.code, 1, 'a gate failure wins over incomplete coverage');
  });

  it('writes --output atomically and names the file on stderr', () => {
    const dir = tmp();
    const out = join(dir, 'report.json');
    const run = runCli(['scan', '--demo', '--format', 'json', '--output', out, '--fail-on', 'none']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /wrote json report to/);
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { schemaVersion: number }).schemaVersion, 1);
    assert.deepEqual(readdirSync(dir), ['report.json'], 'no temp file left behind');
  });

  it('bad input: one line, exit 2, no stack, no output file', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.json'), '{"kind":"mi-audit/snapshot","schemaVersion":1}');
    const out = join(dir, 'out.json');
    const cases: [string[], RegExp][] = [
      [['scan', '--snapshot', join(dir, 'bad.json'), '--output', out], /^mi-audit: error: snapshot .*bad\.json: at tool: /],
      [['scan', '--snapshot', join(dir, 'missing.json')], /^mi-audit: error: snapshot .*missing\.json: cannot read file \(ENOENT\)/],
      [['scan', '--bogus'], /^mi-audit: error: unknown option '--bogus'/],
      [['scan', '--demo', '--format', 'xml'], /^mi-audit: error: option '--format <format>' argument 'xml' is invalid/],
      [['scan', '--demo', '--snapshot', DEMO_SNAPSHOT_PATH], /^mi-audit: error: --snapshot and --demo cannot be combined/],
      [['scan', '--demo', '--output', join(dir, 'no-such-dir', 'r.json')], /^mi-audit: error: cannot write .*r\.json: ENOENT/],
    ];
    for (const [args, pattern] of cases) {
      const run = runCli(args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, pattern);
      assert.ok(!/\n\s+at /.test(run.stderr), `${args.join(' ')}: no stack trace`);
      assert.equal(run.stdout, '');
    }
    assert.equal(existsSync(out), false);
    assert.deepEqual(readdirSync(dir), ['bad.json']);
  });

  it('stops quietly when the reader closes stdout early (| head)', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [CLI, 'scan', '--demo', '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.match(stderr, /^(FAIL: [^\n]*\n)?$/, 'no EPIPE stack trace, at most the verdict');
    assert.ok(code === 0 || code === 1, `exit ${String(code)}`);
  });

  it('rules lists the catalog from metadata and explains one rule', () => {
    const list = runCli(['rules', '--format', 'json']);
    assert.equal(list.code, 0);
    assert.deepEqual((JSON.parse(list.stdout) as { id: string }[]).map((meta) => meta.id), RULES.map((rule) => rule.meta.id));
    const one = runCli(['rules', 'privileged-role']);
    assert.match(one.stdout, /^MIA-1001 privileged-role/);
    assert.equal(runCli(['rules', 'nope']).code, 2);
  });
});
