/**
 * `npm run bench -- --live [--scale 1|0.5] [--latency 40] [--concurrency N] [--collect] [--keep FILE] [--cli DIR]`: the real CLI (`node
 * bin/mi-audit.js scan --format json -o FILE`, or `collect -o FILE` with --collect) collects the synthetic live tenant from the in-repo HTTPS mock (test/helpers/mock-azure)
 * with a fixed latency per request and realistic page sizes (ARM 1000, Graph 100 / 999 with `$top`, Resource Graph
 * 1000). Prints wall time, peak RSS (the largest process's, /usr/bin/time -v, and the sum of the CLI and its collector
 * child sampled every 50 ms from /proc), requests per endpoint ($batch steps
 * counted one each) against the minimum, and when each endpoint was first and last asked. Without --scale it runs
 * scale 1 and 0.5, so growth can be seen to be linear. `--keep FILE` copies the output there (to compare two builds'
 * snapshots byte for byte); `--cli DIR` runs the build in another checkout (an older commit) against the same mock.
 * It asserts nothing (docs/performance.md keeps the figures).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { Snapshot } from '../../src/snapshot/schema.js';
import { MOCK_ARM_TOKEN, MOCK_GRAPH_TOKEN, startMockAzure } from '../../test/helpers/mock-azure/server.js';
import type { LoggedRequest } from '../../test/helpers/mock-azure/types.js';
import { liveSize, syntheticTenant } from './synthetic-tenant.js';

export const REALISTIC_PAGES = { arm: 1000, graph: 100, graphMax: 999, resourceGraph: 1000 } as const;
const ROOT = join(import.meta.dirname, '../..');

function flag(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

interface Run {
  readonly code: number | null;
  readonly stderr: string;
  readonly wallMs: number;
  readonly maxRssKb: number | undefined;
  /**
   * Peak of the summed RSS of the CLI and every process under it (the collector child of a live scan), sampled every
   * 50 ms from /proc: /usr/bin/time's figure is one process's own peak, which says nothing of two living together.
   */
  readonly peakSumKb: number | undefined;
  /** The same peak over the samples where the CLI had a child (the collector) alive. */
  readonly peakBothKb: number | undefined;
  /** User + system CPU seconds of the CLI process: steadier than wall time on a shared machine. */
  readonly cpuSeconds: number | undefined;
}

/** A process's resident set (VmRSS, KiB), 0 once it is gone. */
function rssKb(pid: number): number {
  try {
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** `pid` and its descendants (Linux /proc/PID/task/PID/children). */
function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter((id) => id !== '').map(Number);
  } catch {
    // Gone, or no such file on this kernel: the process alone.
  }
  return [pid, ...children.flatMap(processTree)];
}

/** Async spawn: the mock lives in this process. `cwd` holds the build that runs (another checkout with --cli). */
function runCli(args: readonly string[], env: Record<string, string>, cwd = ROOT): Promise<Run> {
  const timed = existsSync('/usr/bin/time');
  const command = timed ? '/usr/bin/time' : process.execPath;
  const argv = timed ? ['-v', process.execPath, 'bin/mi-audit.js', ...args] : ['bin/mi-audit.js', ...args];
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, argv, { cwd, env: { PATH: process.env['PATH'] ?? '', ...env } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    let peakSumKb: number | undefined;
    let peakBothKb: number | undefined;
    const sampler = setInterval(() => {
      if (child.pid === undefined) return;
      // /usr/bin/time's own few MiB are left out: it is not mi-audit.
      const tree = processTree(child.pid).slice(timed ? 1 : 0);
      const sum = tree.reduce((total, pid) => total + rssKb(pid), 0);
      if (sum > 0 && sum > (peakSumKb ?? 0)) peakSumKb = sum;
      if (tree.length > 1 && sum > (peakBothKb ?? 0)) peakBothKb = sum;
    }, 50);
    child.on('close', (code) => {
      clearInterval(sampler);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
      const system = /System time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
      resolve({
        code,
        stderr,
        wallMs: performance.now() - start,
        maxRssKb: rss === undefined ? undefined : Number(rss),
        peakSumKb,
        peakBothKb,
        cpuSeconds: user === undefined || system === undefined ? undefined : Number(user) + Number(system),
      });
    });
  });
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** `service METHOD path` with ids and names replaced, so requests group by endpoint. */
export function endpointOf(service: string, method: string, url: string): string {
  const path = (url.split('?')[0] ?? url)
    .replace(/\/{2,}/g, '/')
    .replace(GUID, '{id}')
    .replace(/(resourceGroups|userAssignedIdentities|managementGroups|vaults|managedClusters|sites)\/[^/]+/gi, '$1/{name}')
    .replace(/\(appId='[^']*'\)/, "(appId='{id}')");
  return `${service} ${method} ${path}`;
}

/** Each request, with a `$batch` expanded into its steps (a step costs Graph as much as a request). */
function steps(request: LoggedRequest): { endpoint: string; at: number }[] {
  if (request.service === 'graph' && /\/\$batch$/.test(request.url.split('?')[0] ?? '')) {
    const version = /^\/(v1\.0|beta)\//.exec(request.url)?.[1] ?? 'v1.0';
    const body = JSON.parse(request.body) as { requests?: { method: string; url: string }[] };
    return (body.requests ?? []).map((step) => ({ endpoint: `${endpointOf('graph', step.method, `/${version}${step.url}`)} ($batch step)`, at: request.at }));
  }
  return [{ endpoint: endpointOf(request.service, request.method, request.url), at: request.at }];
}

/**
 * The fewest requests that read this tenant completely: every list at its largest page size, one FIC list per
 * user-assigned identity, one GET per management group (its parent and children), and two application lists
 * (Graph expands one relationship per request: owners, then FICs).
 */
export function minimumRequests(snapshot: Snapshot): { arm: number; graph: number } {
  const pages = (count: number, size: number): number => Math.max(1, Math.ceil(count / size));
  const subscriptions = snapshot.subscriptions.length;
  const perSubscription = (predicate: (scope: string, subscriptionId: string) => boolean): number =>
    snapshot.subscriptions.reduce((sum, subscription) => {
      const id = subscription.subscriptionId.toLowerCase();
      return sum + pages(snapshot.roleAssignments.filter((assignment) => predicate(assignment.scope.toLowerCase(), id)).length, REALISTIC_PAGES.arm);
    }, 0);
  const rows = snapshot.resources.length + snapshot.userAssignedIdentities.length;
  const arm =
    pages(subscriptions, REALISTIC_PAGES.arm) +
    1 +
    snapshot.managementGroups.length * 2 +
    Math.ceil(subscriptions / 300) * pages(rows, REALISTIC_PAGES.resourceGraph) +
    subscriptions * pages(snapshot.roleDefinitions.length, REALISTIC_PAGES.arm) +
    perSubscription((scope, id) => scope.startsWith(`/subscriptions/${id}`) || !scope.startsWith('/subscriptions/')) +
    snapshot.userAssignedIdentities.length;
  const graph =
    pages(snapshot.servicePrincipals.length, REALISTIC_PAGES.graphMax) +
    2 * pages(snapshot.applications.length, REALISTIC_PAGES.graphMax) +
    pages(snapshot.directoryRoleDefinitions.length, REALISTIC_PAGES.graphMax) +
    pages(snapshot.directoryRoleAssignments.length, REALISTIC_PAGES.graphMax);
  return { arm, graph };
}

interface BenchOptions {
  readonly collectOnly: boolean;
  /** Copy the output here before the temp directory goes. */
  readonly keep: string | undefined;
  /** Directory of the built CLI to run (default this checkout): compares an older build on the same mock. */
  readonly cli: string;
}

async function benchOnce(scale: number, latencyMs: number, extraArgs: readonly string[], { collectOnly, keep, cli }: BenchOptions): Promise<void> {
  const size = liveSize(scale);
  const tenant = syntheticTenant(size, 'live');
  const mock = await startMockAzure(tenant, { pageSizes: REALISTIC_PAGES, latencyMs });
  const dir = mkdtempSync(join(ROOT, '.bench', 'live-'));
  const output = join(dir, collectOnly ? 'snapshot.json' : 'report.json');
  try {
    const env = {
      MI_AUDIT_ARM_TOKEN: MOCK_ARM_TOKEN,
      MI_AUDIT_GRAPH_TOKEN: MOCK_GRAPH_TOKEN,
      MI_AUDIT_ARM_ENDPOINT: mock.armOrigin,
      MI_AUDIT_GRAPH_ENDPOINT: mock.graphOrigin,
      NODE_EXTRA_CA_CERTS: mock.certificate.certPath,
    };
    const started = Date.now();
    const command = collectOnly ? ['collect', '-q', '-o', output] : ['scan', '--format', 'json', '--fail-on', 'none', '-q', '-o', output];
    const run = await runCli([...command, ...extraArgs], env, cli);
    const counts = new Map<string, { count: number; first: number; last: number }>();
    let armCount = 0;
    let graphCount = 0;
    for (const request of mock.requests) {
      for (const step of steps(request)) {
        if (step.endpoint.startsWith('arm ')) armCount += 1;
        else graphCount += 1;
        const known = counts.get(step.endpoint);
        if (known === undefined) counts.set(step.endpoint, { count: 1, first: step.at, last: step.at });
        else counts.set(step.endpoint, { count: known.count + 1, first: Math.min(known.first, step.at), last: Math.max(known.last, step.at) });
      }
    }
    const minimum = minimumRequests(tenant);
    const lastRequest = Math.max(...mock.requests.map((request) => request.at));
    console.log(`\n## live ${command[0]}, scale ${scale}: ${JSON.stringify(size)}, latency ${latencyMs} ms`);
    console.log(`exit ${run.code}, wall ${(run.wallMs / 1000).toFixed(1)} s, CPU ${run.cpuSeconds?.toFixed(1) ?? 'n/a'} s, peak RSS ${run.maxRssKb === undefined ? 'n/a' : `${(run.maxRssKb / 1024).toFixed(0)} MiB`} (largest process), ${run.peakSumKb === undefined ? 'n/a' : `${(run.peakSumKb / 1024).toFixed(0)} MiB`} (sum of the CLI and its children, 50 ms samples)${run.peakBothKb === undefined ? '' : `, ${(run.peakBothKb / 1024).toFixed(0)} MiB while the collector child lived`}`);
    console.log(`collection (first to last request) ${((lastRequest - started) / 1000).toFixed(1)} s; after the last request (analysis, report) ${((run.wallMs - (lastRequest - started)) / 1000).toFixed(1)} s`);
    console.log(`${collectOnly ? 'snapshot' : 'report'} ${existsSync(output) ? `${(statSync(output).size / 1024 / 1024).toFixed(1)} MB` : 'missing'}`);
    console.log(`requests ($batch steps one each): ${armCount + graphCount} (ARM ${armCount}, Graph ${graphCount}); minimum ${minimum.arm + minimum.graph} (ARM ${minimum.arm}, Graph ${minimum.graph}); ratio ${((armCount + graphCount) / (minimum.arm + minimum.graph)).toFixed(2)}`);
    console.log('\n| requests | endpoint | from (s) | to (s) |\n| ---: | --- | ---: | ---: |');
    for (const [endpoint, entry] of [...counts].sort((a, b) => a[1].first - b[1].first)) {
      console.log(`| ${entry.count} | \`${endpoint}\` | ${((entry.first - started) / 1000).toFixed(1)} | ${((entry.last - started) / 1000).toFixed(1)} |`);
    }
    if (keep !== undefined && existsSync(output)) copyFileSync(output, keep);
    if (run.code !== 0) console.log(`\nstderr:\n${run.stderr.split('\n').filter((line) => !line.startsWith('\t')).slice(0, 20).join('\n')}`);
  } finally {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runLiveBench(args: readonly string[]): Promise<void> {
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  const scaleArg = flag(args, '--scale');
  const scales = scaleArg === undefined ? [1, 0.5] : [Number(scaleArg)];
  const latencyMs = Number(flag(args, '--latency') ?? 40);
  const concurrency = flag(args, '--concurrency');
  console.log(`node ${process.version}; mock page sizes ${JSON.stringify(REALISTIC_PAGES)}`);
  const options = { collectOnly: args.includes('--collect'), keep: flag(args, '--keep'), cli: flag(args, '--cli') ?? ROOT };
  for (const scale of scales) await benchOnce(scale, latencyMs, concurrency === undefined ? [] : ['--concurrency', concurrency], options);
  const start = performance.now();
  await runCli(['--version'], {});
  console.log(`\nCLI --version (cold process): ${(performance.now() - start).toFixed(0)} ms (includes /usr/bin/time)`);
}
