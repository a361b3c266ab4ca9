/** The policy stage through the built CLI: config file, suppressions, baseline, precedence, SARIF. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { runCli } from '../helpers/exec.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tmp = tempDirs('mi-audit-policy-');
const NO_STACK = /\n\s+at /;

interface Report {
  failOn: string;
  summary: { total: number; open: number; suppressed: number; baselined: number };
  findings: { rule: string; ruleId: string; severity: string; status: string; subject: { id: string }; suppression?: { reason: string; ticket?: string } }[];
}

function writeConfig(dir: string, config: unknown, name = 'mi-audit.config.json'): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

/** A privileged-role subject of the demo tenant, to suppress. */
function demoPrivilegedSubject(): string {
  const run = runCli(['scan', '--demo', '--format', 'json', '--fail-on', 'none']);
  const finding = (JSON.parse(run.stdout) as Report).findings.find((candidate) => candidate.rule === 'privileged-role');
  assert.ok(finding !== undefined);
  return finding.subject.id;
}

describe('mi-audit policy (config, suppressions, baseline)', () => {
  const subject = demoPrivilegedSubject();

  it('loads ./mi-audit.config.json from the working directory: rules off/severity, suppressions, failOn', () => {
    const dir = tmp();
    writeConfig(dir, {
      $schema: './config.v1.schema.json',
      failOn: 'critical',
      rules: { 'unused-identity': 'off', 'MIA-3006': { severity: 'critical' } },
      suppressions: [{ rule: 'privileged-role', target: subject.toUpperCase(), reason: 'break-glass, reviewed', expires: '2999-12-31', ticket: 'SEC-1' }],
    });
    const run = runCli(['scan', '--demo', '--format', 'json'], { cwd: dir });
    assert.match(run.stderr, /^mi-audit: loaded config mi-audit\.config\.json\nFAIL: \d+ open findings at or above critical \(exit 1\)\n$/);
    const report = JSON.parse(run.stdout) as Report;
    assert.equal(report.failOn, 'critical', 'failOn from the config');
    assert.equal(report.findings.some((finding) => finding.rule === 'unused-identity'), false);
    assert.ok(report.findings.filter((finding) => finding.ruleId === 'MIA-3006').every((finding) => finding.severity === 'critical'));
    const suppressed = report.findings.filter((finding) => finding.status === 'suppressed');
    assert.ok(suppressed.length >= 1);
    assert.ok(suppressed.every((finding) => finding.subject.id === subject && finding.suppression?.reason === 'break-glass, reviewed' && finding.suppression.ticket === 'SEC-1'));
    assert.equal(report.summary.suppressed, suppressed.length);
    assert.equal(run.code, 1, 'open critical findings remain');

    const quiet = runCli(['scan', '--demo', '--quiet'], { cwd: dir });
    assert.equal(quiet.stderr, '', '--quiet hides the config line');
    assert.match(quiet.stdout, /\d+ open findings: .*\(\d+ suppressed; list them with --show-suppressed\)/);
  });

  it('--fail-on on the command line beats the config; the config beats the default', () => {
    const dir = tmp();
    writeConfig(dir, { failOn: 'none' });
    assert.equal(runCli(['scan', '--demo', '-q'], { cwd: dir }).code, 0, 'config none beats the default high');
    assert.equal(runCli(['scan', '--demo', '-q', '--fail-on', 'high'], { cwd: dir }).code, 1, 'flag beats config');
    const other = writeConfig(tmp(), { failOn: 'high' }, 'ci.json');
    assert.equal(runCli(['scan', '--demo', '-q', '--config', other], { cwd: dir }).code, 1, '--config beats ./mi-audit.config.json');
  });

  it('warns about expired and unused suppressions; an expired one reopens its findings', () => {
    const dir = tmp();
    writeConfig(dir, {
      failOn: 'none',
      suppressions: [
        { rule: 'privileged-role', target: subject, reason: 'was accepted', expires: '2020-01-01' },
        { rule: 'MIA-1001', target: '/subscriptions/00000000-0000-0000-0000-000000000000/*', reason: 'nothing there', expires: '2999-01-01' },
      ],
    });
    const run = runCli(['scan', '--demo', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 0);
    const warnings = run.stderr.split('\n').filter((line) => line.startsWith('mi-audit: warning: '));
    assert.equal(warnings.length, 2, run.stderr);
    assert.match(warnings[0] ?? '', /suppressions\[0\] \(privileged-role on .*\) expired on 2020-01-01; it no longer applies \(\d+ findings? no longer suppressed\)$/);
    assert.match(warnings[1] ?? '', /suppressions\[1\] \(MIA-1001 on .*\) matched no finding/);
    const report = JSON.parse(run.stdout) as Report;
    assert.equal(report.summary.suppressed, 0);
  });

  it('a malformed config is one line naming the file and the JSON path, exit 2, nothing written', () => {
    const dir = tmp();
    const out = join(dir, 'report.json');
    const cases: [unknown, RegExp][] = [
      [{ rules: { 'no-such-rule': 'off' } }, /^mi-audit: error: config mi-audit\.config\.json: at rules\.no-such-rule: unknown rule 'no-such-rule'\n/],
      [{ suppressions: [{ rule: 'privileged-role', target: subject, expires: '2999-01-01' }] }, /^mi-audit: error: config mi-audit\.config\.json: at suppressions\[0\]\.reason: /],
      [{ suppressions: [{ rule: 'privileged-role', target: subject, reason: 'x', expires: 'soon' }] }, /at suppressions\[0\]\.expires: expected an ISO date/],
    ];
    for (const [config, pattern] of cases) {
      writeConfig(dir, config);
      const run = runCli(['scan', '--demo', '--output', out], { cwd: dir });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, pattern);
      assert.ok(!NO_STACK.test(run.stderr), 'no stack trace');
      assert.equal(run.stdout, '');
    }
    writeFileSync(join(dir, 'mi-audit.config.json'), '{ "failOn": "high", }');
    const syntax = runCli(['scan', '--demo'], { cwd: dir });
    assert.equal(syntax.code, 2);
    assert.match(syntax.stderr, /^mi-audit: error: config mi-audit\.config\.json: not valid JSON/);
    const missing = runCli(['scan', '--demo', '--config', join(dir, 'nope.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^mi-audit: error: config .*nope\.json: cannot read file \(ENOENT\)/);
    assert.equal(existsSync(out), false);
  });

  it('baseline workflow: record today, pass today, fail on a new finding', () => {
    const dir = tmp();
    const baseline = join(dir, 'baseline.json');
    const create = runCli(['baseline', '--demo', '--output', baseline]);
    assert.equal(create.code, 0, create.stderr);
    assert.match(create.stderr, /^mi-audit: wrote baseline .*baseline\.json \(\d+ findings of tenant [0-9a-f-]{36}\)\n$/);
    assert.deepEqual(readdirSync(dir), ['baseline.json'], 'written atomically, no temp file left');
    const file = JSON.parse(readFileSync(baseline, 'utf8')) as { kind: string; schemaVersion: number; tenantId: string; createdAt: string; entries: { fingerprint: string; ruleId: string; subjectId: string }[] };
    assert.equal(file.kind, 'mi-audit/baseline');
    assert.equal(file.schemaVersion, 1);
    assert.ok(file.entries.length > 0 && file.entries.every((entry) => /^v1:[0-9a-f]{32}$/.test(entry.fingerprint) && entry.ruleId.startsWith('MIA-')));

    const clean = runCli(['scan', '--demo', '--baseline', baseline, '--format', 'json']);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stderr, /loaded baseline .*baseline\.json \(\d+ entries\)/);
    const report = JSON.parse(clean.stdout) as Report;
    assert.equal(report.summary.baselined, file.entries.length);
    assert.equal(report.summary.open, 0);

    // Drop one critical entry: that finding is "new" and fails the gate. The config can name the baseline too.
    const critical = report.findings.find((finding) => finding.severity === 'critical');
    assert.ok(critical !== undefined);
    const older = { ...file, entries: file.entries.filter((entry) => entry.subjectId !== critical.subject.id || entry.ruleId !== critical.ruleId) };
    writeFileSync(join(dir, 'older.json'), JSON.stringify(older));
    writeConfig(dir, { baseline: 'older.json' });
    const fresh = runCli(['scan', '--demo'], { cwd: dir });
    assert.equal(fresh.code, 1, fresh.stderr);
    assert.match(fresh.stdout, /\d+ open findings?: \d+ critical \(\d+ baselined; list them with --show-suppressed\)/);
  });

  it('a malformed or foreign baseline is one line, exit 2', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ kind: 'mi-audit/baseline', schemaVersion: 1, tenantId: 't', createdAt: '2026-01-01T00:00:00Z', entries: [{ fingerprint: 'x' }] }));
    writeFileSync(
      join(dir, 'foreign.json'),
      JSON.stringify({ kind: 'mi-audit/baseline', schemaVersion: 1, tenantId: '00000000-0000-4000-8000-000000000000', createdAt: '2026-01-01T00:00:00Z', entries: [] }),
    );
    const cases: [string, RegExp][] = [
      ['bad.json', /^mi-audit: error: baseline .*bad\.json: at entries\[0\]\.fingerprint: /],
      ['foreign.json', /^mi-audit: error: baseline .*foreign\.json: taken for tenant 00000000-0000-4000-8000-000000000000, but this scan is of tenant /],
      ['missing.json', /^mi-audit: error: baseline .*missing\.json: cannot read file \(ENOENT\)/],
    ];
    for (const [name, pattern] of cases) {
      const run = runCli(['scan', '--demo', '--baseline', join(dir, name)]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, pattern);
      assert.ok(!NO_STACK.test(run.stderr));
      assert.equal(run.stdout, '');
    }
  });

  it('--format sarif: SARIF 2.1.0 with suppressions; the exit code does not depend on the format', () => {
    const dir = tmp();
    writeConfig(dir, { suppressions: [{ rule: 'privileged-role', target: subject, reason: 'break-glass', expires: '2999-12-31' }] });
    const out = join(dir, 'mi-audit.sarif');
    const run = runCli(['scan', '--demo', '--format', 'sarif', '--output', out], { cwd: dir });
    assert.equal(run.code, 1, 'the gate still fails: upload with if: always()');
    assert.match(run.stderr, /wrote sarif report to .*mi-audit\.sarif \(\d+ findings, \d+ open\)/);
    const sarif = JSON.parse(readFileSync(out, 'utf8')) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; suppressions?: { kind: string; justification: string }[] }[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const [sarifRun] = sarif.runs;
    assert.ok(sarifRun !== undefined);
    assert.ok(sarifRun.tool.driver.rules.length > 20, 'every rule that ran is described');
    const suppressed = sarifRun.results.filter((result) => result.suppressions !== undefined);
    assert.ok(suppressed.length >= 1);
    assert.deepEqual(suppressed[0]?.suppressions, [{ kind: 'external', status: 'accepted', justification: 'break-glass' }]);
  });
});
