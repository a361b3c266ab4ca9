/**
 * The built CLI end to end against the HTTPS mock: `node bin/mi-audit.js collect` with MI_AUDIT_* tokens and
 * endpoints and NODE_EXTRA_CA_CERTS (Node's own trust store, as in production).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { validateSnapshot } from '../../src/snapshot/read.js';
import { normaliseSnapshot } from '../helpers/mock-azure/normalise.js';
import { MOCK_ARM_TOKEN, MOCK_GRAPH_TOKEN, mockCliEnv, startMockAzure, type MockAzure } from '../helpers/mock-azure/server.js';
import { edgeCaseTenant } from '../helpers/mock-azure/tenants.js';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Async spawn: the mock lives in this process, so a synchronous spawn would deadlock it. */
function runCli(args: readonly string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/mi-audit.js', ...args], { env: { PATH: process.env['PATH'] ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Child process ids of `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter((id) => id !== '').map(Number);
}

/** Alive and not a zombie (a container's init may not reap the orphan at once). */
function isRunning(pid: number): boolean {
  try {
    return !/^State:\s+[ZX]/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

describe('mi-audit collect (built CLI, HTTPS mock)', () => {
  const tenant = edgeCaseTenant();
  let mock: MockAzure;
  let env: Record<string, string>;
  let scratch: string;
  const fresh = (): string => mkdtempSync(join(scratch, 'run-'));
  /** A live scan against a mock that never answers, with its temp files under `tmp`, once its first request is in. */
  const stalledScan = async (stalled: MockAzure, tmp: string) => {
    const cli = spawn(process.execPath, ['bin/mi-audit.js', 'scan', '--format', 'json'], {
      env: { PATH: process.env['PATH'] ?? '', ...env, TMPDIR: tmp, MI_AUDIT_ARM_ENDPOINT: stalled.armOrigin, MI_AUDIT_GRAPH_ENDPOINT: stalled.graphOrigin },
    });
    let stderr = '';
    cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
      cli.on('close', (code, signal) => resolve({ code, signal, stderr })),
    );
    while (stalled.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    return { cli, ended };
  };
  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'mi-audit-collect-'));
    mock = await startMockAzure(tenant.snapshot, { pageSize: 2 });
    env = mockCliEnv(mock);
  });
  after(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await mock.close();
  });

  it('writes a valid, complete snapshot and never prints or stores a token', async () => {
    const output = join(fresh(), 'snapshot.json');
    const run = await runCli(['collect', '--output', output, '--debug'], env);
    assert.equal(run.code, 0, run.stderr);
    const text = readFileSync(output, 'utf8');
    const snapshot = validateSnapshot(JSON.parse(text), output);
    assert.deepEqual(normaliseSnapshot(snapshot), normaliseSnapshot(tenant.snapshot));
    for (const token of [MOCK_ARM_TOKEN, MOCK_GRAPH_TOKEN]) {
      assert.ok(!text.includes(token) && !run.stdout.includes(token) && !run.stderr.includes(token), 'token leaked');
    }
    assert.match(run.stderr, /debug: arm GET \/subscriptions/);
    assert.deepEqual(mock.writes, []);
  });

  it('scan --snapshot replays the file with zero requests and the live scan gives the same report', async () => {
    const output = join(fresh(), 'snapshot.json');
    assert.equal((await runCli(['collect', '-o', output, '-q'], env)).code, 0);
    const live = await runCli(['scan', '--format', 'json', '--fail-on', 'none'], env);
    const before = mock.requests.length;
    const replay = await runCli(['scan', '--snapshot', output, '--format', 'json', '--fail-on', 'none'], {});
    assert.equal(mock.requests.length, before, 'replay sent no request');
    assert.equal(live.code, 0, live.stderr);
    assert.equal(replay.code, 0, replay.stderr);
    const fingerprints = (stdout: string): string[] => (JSON.parse(stdout) as { findings: { fingerprint: string }[] }).findings.map((finding) => finding.fingerprint).sort();
    assert.deepEqual(fingerprints(live.stdout), fingerprints(replay.stdout));
  });

  it('a rejected token exits 4 with one error line, no stack, no token, and no file', async () => {
    const output = join(fresh(), 'snapshot.json');
    const secret = 'stale-token-0d5e-should-never-print';
    const run = await runCli(['collect', '--output', output], { ...env, MI_AUDIT_ARM_TOKEN: secret });
    assert.equal(run.code, 4, run.stderr);
    const lines = run.stderr.trim().split('\n');
    assert.match(lines[0] ?? '', /^mi-audit: error: Azure Resource Manager rejected the token: 401 InvalidAuthenticationToken/);
    assert.ok(lines.length <= 2 && (lines[1] === undefined || lines[1].startsWith('hint: ')), run.stderr);
    assert.ok(!run.stderr.includes(secret) && !run.stdout.includes(secret));
    assert.equal(existsSync(output), false);
  });

  it('collect -o - writes the snapshot to stdout from its collector child, and nothing else', async () => {
    const run = await runCli(['collect', '-o', '-', '-q'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.deepEqual(normaliseSnapshot(validateSnapshot(JSON.parse(run.stdout), 'stdout')), normaliseSnapshot(tenant.snapshot));
  });

  it('a collection with a coverage gap still writes its snapshot, says the gap and exits 3', async () => {
    const partial = await startMockAzure(tenant.snapshot, { pageSize: 2, forbiddenSubscriptions: [tenant.forbiddenSubscription] });
    try {
      const output = join(fresh(), 'snapshot.json');
      const run = await runCli(['collect', '-o', output], mockCliEnv(partial));
      assert.equal(run.code, 3, run.stderr);
      const written = validateSnapshot(JSON.parse(readFileSync(output, 'utf8')), output);
      assert.ok(written.coverage.gaps.length > 0);
      const lines = run.stderr.trim().split('\n');
      assert.match(lines[0] ?? '', new RegExp(`^mi-audit: wrote snapshot to .*snapshot\\.json \\(${written.subscriptions.length} subscriptions, ${written.userAssignedIdentities.length} user-assigned identities, ${written.federatedIdentityCredentials.length} federated credentials, ${written.roleAssignments.length} role assignments\\)$`));
      assert.equal(lines.length, 1 + written.coverage.gaps.length, run.stderr);
      for (const gap of written.coverage.gaps) assert.ok(lines.includes(`mi-audit: coverage gap: ${gap.source} at ${gap.scope}: ${gap.reason}`), run.stderr);
    } finally {
      await partial.close();
    }
  });

  it('Ctrl-C during collection ends the process at once and leaves no output file', async () => {
    const stalled = await startMockAzure(tenant.snapshot, { chaos: { seed: 1, rate: 1, kinds: ['stall'] } });
    const dir = fresh();
    const output = join(dir, 'snapshot.json');
    try {
      const child = spawn(process.execPath, ['bin/mi-audit.js', 'collect', '--output', output], {
        env: { PATH: process.env['PATH'] ?? '', ...env, MI_AUDIT_ARM_ENDPOINT: stalled.armOrigin, MI_AUDIT_GRAPH_ENDPOINT: stalled.graphOrigin },
      });
      const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
      // Interrupt once the collector is waiting on its first (never answered) request.
      while (stalled.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      const collectors = childrenOf(child.pid ?? 0);
      assert.equal(collectors.length, 1, 'collect collects in one child process');
      child.kill('SIGINT');
      const { code, signal } = await ended;
      assert.ok(signal === 'SIGINT' || code === 130, `ended by the interrupt (code ${code}, signal ${signal})`);
      assert.deepEqual(readdirSync(dir), [], 'no snapshot and no temp file');
      for (const pid of collectors) assert.ok(!isRunning(pid), 'the collector child is gone');
    } finally {
      await stalled.close();
    }
  });

  it('a live scan reads in a collector child: its debug lines reach stderr, no token does, and its temp file goes', async () => {
    const tmp = fresh();
    const run = await runCli(['scan', '--format', 'json', '--fail-on', 'none', '--debug'], { ...env, TMPDIR: tmp });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^mi-audit: debug: arm GET \/subscriptions$/m, 'the child\'s debug lines are said by the CLI');
    const stages = [...run.stderr.matchAll(/^mi-audit: debug: stage (\w+) \d+\.\d+ s$/gm)].map((match) => match[1]);
    assert.deepEqual(stages, ['collect', 'read', 'inventory', 'rules', 'policy', 'report'], 'a live scan collects, then reads its temp file');
    assert.ok((JSON.parse(run.stdout) as { findings: unknown[] }).findings.length > 0);
    for (const token of [MOCK_ARM_TOKEN, MOCK_GRAPH_TOKEN]) assert.ok(!run.stderr.includes(token) && !run.stdout.includes(token), 'token leaked');
    assert.deepEqual(readdirSync(tmp), [], 'the private snapshot and its directory are removed');
  });

  it("a live scan says Node's own warnings of its collector child, as an in-process collection did", async () => {
    const run = await runCli(['scan', '--format', 'json', '--fail-on', 'none', '-q'], { ...env, TMPDIR: fresh(), NODE_TLS_REJECT_UNAUTHORIZED: '0' });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Warning: Setting the NODE_TLS_REJECT_UNAUTHORIZED environment variable to '0' makes TLS connections and HTTPS requests insecure/);
  });

  it('a live scan with a rejected token exits 4 with the same one error line as collect, and no temp file', async () => {
    const tmp = fresh();
    const secret = 'stale-token-7c1a-should-never-print';
    const run = await runCli(['scan', '--format', 'json'], { ...env, TMPDIR: tmp, MI_AUDIT_ARM_TOKEN: secret });
    assert.equal(run.code, 4, run.stderr);
    const lines = run.stderr.trim().split('\n');
    assert.match(lines[0] ?? '', /^mi-audit: error: Azure Resource Manager rejected the token: 401 InvalidAuthenticationToken/);
    assert.ok(lines.length <= 2 && (lines[1] === undefined || lines[1].startsWith('hint: ')), run.stderr);
    assert.ok(!run.stderr.includes(secret) && !run.stdout.includes(secret));
    assert.equal(run.stdout, '');
    assert.deepEqual(readdirSync(tmp), []);
  });

  it('a live scan whose temp directory cannot be made exits 2 with one line, before any request', async () => {
    const before = mock.requests.length;
    const missing = join(fresh(), 'missing');
    const run = await runCli(['scan', '--format', 'json'], { ...env, TMPDIR: missing });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /^mi-audit: error: cannot create a private directory under .*missing for the live collection \(ENOENT\)\nhint: set TMPDIR/);
    assert.equal(mock.requests.length, before);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} to a live scan stops its collector child at once and leaves no temp file; no token in any argv`, async () => {
      const stalled = await startMockAzure(tenant.snapshot, { chaos: { seed: 1, rate: 1, kinds: ['stall'] } });
      const tmp = fresh();
      try {
        const { cli, ended } = await stalledScan(stalled, tmp);
        const collectors = childrenOf(cli.pid ?? 0);
        assert.equal(collectors.length, 1, 'one collector child');
        for (const pid of [cli.pid ?? 0, ...collectors]) {
          const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          assert.ok(!argv.includes(MOCK_ARM_TOKEN) && !argv.includes(MOCK_GRAPH_TOKEN), 'no token in argv');
        }
        assert.equal(readdirSync(tmp).length, 1, 'the private temp directory exists while collecting');
        cli.kill(signal);
        const { code, signal: end } = await ended;
        const status = signal === 'SIGTERM' ? 143 : 130;
        assert.ok(end === signal || code === status, `ended by the signal (code ${code}, signal ${end})`);
        assert.deepEqual(readdirSync(tmp), [], 'no snapshot and no temp directory');
        for (const pid of collectors) assert.ok(!isRunning(pid), 'the collector child is gone');
      } finally {
        await stalled.close();
      }
    });
  }

  it('a collector child killed from outside (the OOM killer) ends the live scan with exit 5 and no temp file', async () => {
    const stalled = await startMockAzure(tenant.snapshot, { chaos: { seed: 1, rate: 1, kinds: ['stall'] } });
    const tmp = fresh();
    try {
      const { cli, ended } = await stalledScan(stalled, tmp);
      for (const pid of childrenOf(cli.pid ?? 0)) process.kill(pid, 'SIGKILL');
      const { code, stderr } = await ended;
      assert.equal(code, 5, stderr);
      assert.match(stderr, /^mi-audit: internal error \(please report it\): the collector process ended without a result: no answer\n/);
      assert.deepEqual(readdirSync(tmp), []);
    } finally {
      await stalled.close();
    }
  });

  it('an override that is not an https origin is a usage error (exit 2)', async () => {
    const run = await runCli(['collect', '--output', 'x.json'], { ...env, MI_AUDIT_ARM_ENDPOINT: 'http://127.0.0.1:1/v1' });
    assert.equal(run.code, 2, run.stderr);
  });
});
