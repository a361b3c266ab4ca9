/**
 * `npm run bench -- --live [--scale 1|0.5] [--latency 40] [--concurrency N] [--collect] [--keep FILE] [--cli DIR]`: the real CLI (`node
 * bin/mi-audit.js scan --format json -o FILE`, or `collect -o FILE` with --collect) collects the synthetic live tenant from the in-repo HTTPS mock (test/helpers/mock-azure)
 * with a fixed latency per request and realistic page sizes (ARM 1000, Graph 100 / 999 with `$top`, Resource Graph
 * 1000). Prints wall time, peak RSS (the largest process's, /usr/bin/time -v, and the sum of the CLI and its collector
 * child sampled every 50 ms from /proc), the scan's stage times, requests per endpoint ($batch steps counted one each)
 * beside each endpoint's share of the minimum, and when each endpoint was first and last asked. Without --scale it
 * runs scale 1 and 0.5 and then puts them side by side, so growth can be seen to be linear. `--keep FILE` copies the
 * output there (to compare two builds' snapshots byte for byte); `--cli DIR` runs the build in another checkout (an
 * older commit) against the same mock. It asserts nothing (docs/performance.md keeps the figures).
 *
 * Stage times: the CLI runs with MI_AUDIT_STAGE_TIMES=1 (read in src/cli/stages.ts), which says the lines of
 * `scan --debug` that time each stage (`mi-audit: debug: stage rules 1.48 s`: collect, read, inventory, rules, policy,
 * report) and none of its other lines. Not --debug itself: its one line per request travels from the collector child
 * over IPC and cost ~0.6 s of CPU at scale 0.5 (7.0–7.7 s against 6.8–6.9 s, 3 runs each), which this bench would
 * report as the scan's. A build from before that variable (`--cli DIR`) says no stages; `collect` has none.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { STAGE_TIMES_ENV } from '../../src/cli/stages.js';
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

/** The endpoints the minimum counts, as `endpointOf` names them. */
export const MINIMUM_ENDPOINTS = {
  subscriptions: 'arm GET /subscriptions',
  managementGroups: 'arm GET /providers/Microsoft.Management/managementGroups',
  managementGroup: 'arm GET /providers/Microsoft.Management/managementGroups/{name}',
  managementGroupRoleAssignments: 'arm GET /providers/Microsoft.Management/managementGroups/{name}/providers/Microsoft.Authorization/roleAssignments',
  resourceGraph: 'arm POST /providers/Microsoft.ResourceGraph/resources',
  roleDefinitions: 'arm GET /subscriptions/{id}/providers/Microsoft.Authorization/roleDefinitions',
  roleAssignments: 'arm GET /subscriptions/{id}/providers/Microsoft.Authorization/roleAssignments',
  federatedCredentials: 'arm GET /subscriptions/{id}/resourceGroups/{name}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}/federatedIdentityCredentials',
  servicePrincipals: 'graph GET /v1.0/servicePrincipals',
  applicationsWithOwners: 'graph GET /v1.0/applications',
  applicationsWithCredentials: 'graph GET /beta/applications',
  directoryRoleDefinitions: 'graph GET /beta/roleManagement/directory/roleDefinitions',
  directoryRoleAssignments: 'graph GET /v1.0/roleManagement/directory/roleAssignments',
} as const;

/**
 * What the collector asks that the minimum's definition leaves out, and why, for the endpoint table: the first
 * pattern that matches the endpoint wins.
 */
const NOT_IN_MINIMUM: readonly (readonly [RegExp, string])[] = [
  [/\/policyAssignments$/, 'policy assignments, one list per scope'],
  [/\/owners \(\$batch step\)$/, 'owners beyond the 20 that `$expand` returns'],
  [/\/appRoleAssignments \(\$batch step\)$/, 'grants beyond the 20 that `$expand` returns'],
  [/servicePrincipalSignInActivities$/, 'sign-in activity'],
  [/directoryObjects\/getByIds$/, 'role-assignment principals no list returned'],
];

/** The minimum column of an endpoint the minimum does not count: says so, and what the requests are for. */
export function notInMinimum(endpoint: string): string {
  const why = NOT_IN_MINIMUM.find(([pattern]) => pattern.test(endpoint))?.[1];
  return why === undefined ? 'not in the minimum' : `not in the minimum (${why})`;
}

/**
 * The fewest requests that read this tenant completely, per endpoint (`MINIMUM_ENDPOINTS`): every list at its
 * largest page size, one FIC list per user-assigned identity, per management group one GET (its parent and children)
 * and one role-assignment list, and two application lists (Graph expands one relationship per request: owners, then
 * FICs). Left out by this definition (the endpoint table says so in their rows): policy assignments, sign-in activity,
 * `directoryObjects/getByIds`, and the reads of relationships `$expand` truncates at 20.
 */
export function minimumByEndpoint(snapshot: Snapshot): ReadonlyMap<string, number> {
  const pages = (count: number, size: number): number => Math.max(1, Math.ceil(count / size));
  const subscriptions = snapshot.subscriptions.length;
  const perSubscription = (predicate: (scope: string, subscriptionId: string) => boolean): number =>
    snapshot.subscriptions.reduce((sum, subscription) => {
      const id = subscription.subscriptionId.toLowerCase();
      return sum + pages(snapshot.roleAssignments.filter((assignment) => predicate(assignment.scope.toLowerCase(), id)).length, REALISTIC_PAGES.arm);
    }, 0);
  const rows = snapshot.resources.length + snapshot.userAssignedIdentities.length;
  const endpoints = MINIMUM_ENDPOINTS;
  return new Map<string, number>([
    [endpoints.subscriptions, pages(subscriptions, REALISTIC_PAGES.arm)],
    [endpoints.managementGroups, 1],
    [endpoints.managementGroup, snapshot.managementGroups.length],
    [endpoints.managementGroupRoleAssignments, snapshot.managementGroups.length],
    // Resource Graph takes at most 300 subscriptions per query.
    [endpoints.resourceGraph, Math.ceil(subscriptions / 300) * pages(rows, REALISTIC_PAGES.resourceGraph)],
    [endpoints.roleDefinitions, subscriptions * pages(snapshot.roleDefinitions.length, REALISTIC_PAGES.arm)],
    // A subscription's list includes the assignments inherited from above it (management group, root).
    [endpoints.roleAssignments, perSubscription((scope, id) => scope.startsWith(`/subscriptions/${id}`) || !scope.startsWith('/subscriptions/'))],
    [endpoints.federatedCredentials, snapshot.userAssignedIdentities.length],
    [endpoints.servicePrincipals, pages(snapshot.servicePrincipals.length, REALISTIC_PAGES.graphMax)],
    [endpoints.applicationsWithOwners, pages(snapshot.applications.length, REALISTIC_PAGES.graphMax)],
    [endpoints.applicationsWithCredentials, pages(snapshot.applications.length, REALISTIC_PAGES.graphMax)],
    [endpoints.directoryRoleDefinitions, pages(snapshot.directoryRoleDefinitions.length, REALISTIC_PAGES.graphMax)],
    [endpoints.directoryRoleAssignments, pages(snapshot.directoryRoleAssignments.length, REALISTIC_PAGES.graphMax)],
  ]);
}

/** The minimum per service: the sums of `minimumByEndpoint`. */
export function minimumRequests(snapshot: Snapshot): { arm: number; graph: number } {
  let arm = 0;
  let graph = 0;
  for (const [endpoint, count] of minimumByEndpoint(snapshot)) {
    if (endpoint.startsWith('arm ')) arm += count;
    else graph += count;
  }
  return { arm, graph };
}

/** Requests per endpoint (`$batch` steps one each), with when each endpoint was first and last asked (ms since epoch). */
export function countByEndpoint(requests: readonly LoggedRequest[]): Map<string, { count: number; first: number; last: number }> {
  const counts = new Map<string, { count: number; first: number; last: number }>();
  for (const request of requests) {
    for (const step of steps(request)) {
      const known = counts.get(step.endpoint);
      if (known === undefined) counts.set(step.endpoint, { count: 1, first: step.at, last: step.at });
      else counts.set(step.endpoint, { count: known.count + 1, first: Math.min(known.first, step.at), last: Math.max(known.last, step.at) });
    }
  }
  return counts;
}

/** One stage time a `scan` said: its name, and its seconds as a number and as said (`0.90`). */
export interface StageTime {
  readonly stage: string;
  readonly seconds: number;
  readonly said: string;
}

/** `mi-audit: debug: stage NAME S s` (src/cli/stages.ts): the stage times a `scan` said, in their order. */
export function stageTimes(stderr: string): StageTime[] {
  return [...stderr.matchAll(/^mi-audit: debug: stage (\w+) (\d+(?:\.\d+)?) s$/gm)].map((match) => ({
    stage: match[1] ?? '',
    seconds: Number(match[2]),
    said: match[2] ?? '',
  }));
}

interface BenchOptions {
  readonly collectOnly: boolean;
  /** Copy the output here before the temp directory goes. */
  readonly keep: string | undefined;
  /** Directory of the built CLI to run (default this checkout): compares an older build on the same mock. */
  readonly cli: string;
}

/** What one run measured, for the table that compares the scales. */
interface BenchResult {
  readonly scale: number;
  readonly run: Run;
  readonly collectionMs: number;
  readonly requests: number;
  readonly minimum: number;
  readonly outputBytes: number | undefined;
  readonly stages: readonly StageTime[];
}

const seconds = (milliseconds: number): string => `${(milliseconds / 1000).toFixed(1)} s`;
const mib = (kib: number | undefined): string => (kib === undefined ? 'n/a' : `${(kib / 1024).toFixed(0)} MiB`);

async function benchOnce(scale: number, latencyMs: number, extraArgs: readonly string[], { collectOnly, keep, cli }: BenchOptions): Promise<BenchResult> {
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
      // The stage lines of --debug without its line per request (see the header); `collect` says no stages.
      [STAGE_TIMES_ENV]: '1',
    };
    const started = Date.now();
    const command = collectOnly ? ['collect', '-q', '-o', output] : ['scan', '--format', 'json', '--fail-on', 'none', '-q', '-o', output];
    const run = await runCli([...command, ...extraArgs], env, cli);
    const counts = countByEndpoint(mock.requests);
    const minimumPerEndpoint = minimumByEndpoint(tenant);
    let armCount = 0;
    let graphCount = 0;
    for (const [endpoint, { count }] of counts) {
      if (endpoint.startsWith('arm ')) armCount += count;
      else graphCount += count;
    }
    const minimum = minimumRequests(tenant);
    const lastRequest = Math.max(...mock.requests.map((request) => request.at));
    const stages = stageTimes(run.stderr);
    const outputBytes = existsSync(output) ? statSync(output).size : undefined;
    console.log(`\n## live ${command[0]}, scale ${scale}: ${JSON.stringify(size)}, latency ${latencyMs} ms`);
    console.log(`exit ${run.code}, wall ${seconds(run.wallMs)}, CPU ${run.cpuSeconds?.toFixed(1) ?? 'n/a'} s, peak RSS ${mib(run.maxRssKb)} (largest process), ${mib(run.peakSumKb)} (sum of the CLI and its children, 50 ms samples)${run.peakBothKb === undefined ? '' : `, ${mib(run.peakBothKb)} while the collector child lived`}`);
    console.log(`collection (CLI start to last request) ${seconds(lastRequest - started)}; after the last request (analysis, report) ${seconds(run.wallMs - (lastRequest - started))}`);
    if (!collectOnly) {
      const said = stages.reduce((sum, entry) => sum + entry.seconds, 0);
      console.log(
        stages.length === 0
          ? `stages: none said (a build before ${STAGE_TIMES_ENV})`
          : `stages: ${stages.map((entry) => `${entry.stage} ${entry.said} s`).join(', ')}; together ${said.toFixed(1)} s of the ${seconds(run.wallMs)} wall (the rest: Node start-up, module loading, config and output checks)`,
      );
    }
    console.log(`${collectOnly ? 'snapshot' : 'report'} ${outputBytes === undefined ? 'missing' : `${(outputBytes / 1024 / 1024).toFixed(1)} MB`}`);
    console.log(`requests ($batch steps one each): ${armCount + graphCount} (ARM ${armCount}, Graph ${graphCount}); minimum ${minimum.arm + minimum.graph} (ARM ${minimum.arm}, Graph ${minimum.graph}); ratio ${((armCount + graphCount) / (minimum.arm + minimum.graph)).toFixed(2)}`);
    const onMinimumEndpoints = [...counts].reduce((sum, [endpoint, { count }]) => sum + (minimumPerEndpoint.has(endpoint) ? count : 0), 0);
    console.log(`of which on the minimum's endpoints ${onMinimumEndpoints} (their minimum ${minimum.arm + minimum.graph}), on endpoints it leaves out ${armCount + graphCount - onMinimumEndpoints}`);
    console.log('\n| requests | minimum | endpoint | from (s) | to (s) |\n| ---: | ---: | --- | ---: | ---: |');
    for (const [endpoint, entry] of [...counts].sort((a, b) => a[1].first - b[1].first)) {
      const least = minimumPerEndpoint.get(endpoint);
      console.log(`| ${entry.count} | ${least ?? notInMinimum(endpoint)} | \`${endpoint}\` | ${((entry.first - started) / 1000).toFixed(1)} | ${((entry.last - started) / 1000).toFixed(1)} |`);
    }
    // An endpoint of the minimum never asked: the collector read it some other way, or the minimum names it wrong.
    for (const [endpoint, least] of minimumPerEndpoint) if (!counts.has(endpoint)) console.log(`| 0 | ${least} | \`${endpoint}\` | | |`);
    if (keep !== undefined && existsSync(output)) copyFileSync(output, keep);
    if (run.code !== 0) console.log(`\nstderr:\n${run.stderr.split('\n').filter((line) => !line.startsWith('\t') && !line.startsWith('mi-audit: debug: ')).slice(0, 20).join('\n')}`);
    return { scale, run, collectionMs: lastRequest - started, requests: armCount + graphCount, minimum: minimum.arm + minimum.graph, outputBytes, stages };
  } finally {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The scales side by side, each row with the ratio of the first scale to the last: linear growth shows as the ratio of the scales. */
function printGrowth(results: readonly BenchResult[]): void {
  const first = results[0];
  const last = results.at(-1);
  if (first === undefined || last === undefined || results.length < 2) return;
  const rows: [string, (result: BenchResult) => number | undefined, (value: number) => string][] = [
    ['wall', (result) => result.run.wallMs / 1000, (value) => `${value.toFixed(1)} s`],
    ['CPU (all processes)', (result) => result.run.cpuSeconds, (value) => `${value.toFixed(1)} s`],
    ['collection, CLI start to last request', (result) => result.collectionMs / 1000, (value) => `${value.toFixed(1)} s`],
    ['peak RSS, largest process', (result) => result.run.maxRssKb, (value) => mib(value)],
    ['peak RSS, sum of processes', (result) => result.run.peakSumKb, (value) => mib(value)],
    ['requests', (result) => result.requests, (value) => String(value)],
    ['minimum requests', (result) => result.minimum, (value) => String(value)],
    ['output (MB)', (result) => (result.outputBytes === undefined ? undefined : result.outputBytes / 1024 / 1024), (value) => value.toFixed(1)],
  ];
  for (const { stage } of first.stages) {
    rows.push([`stage ${stage}`, (result) => result.stages.find((entry) => entry.stage === stage)?.seconds, (value) => `${value.toFixed(2)} s`]);
  }
  console.log(`\n## growth: scale ${results.map((result) => result.scale).join(' against ')}\n`);
  console.log(`| | ${results.map((result) => `scale ${result.scale}`).join(' | ')} | ratio ${first.scale} / ${last.scale} |`);
  console.log(`| --- | ${results.map(() => '---:').join(' | ')} | ---: |`);
  for (const [label, measure, format] of rows) {
    const values = results.map(measure);
    const top = measure(first);
    const bottom = measure(last);
    const ratio = top === undefined || bottom === undefined || bottom === 0 ? 'n/a' : (top / bottom).toFixed(2);
    console.log(`| ${label} | ${values.map((value) => (value === undefined ? 'n/a' : format(value))).join(' | ')} | ${ratio} |`);
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
  const results: BenchResult[] = [];
  for (const scale of scales) results.push(await benchOnce(scale, latencyMs, concurrency === undefined ? [] : ['--concurrency', concurrency], options));
  printGrowth(results);
  const start = performance.now();
  await runCli(['--version'], {});
  console.log(`\nCLI --version (cold process): ${(performance.now() - start).toFixed(0)} ms (includes /usr/bin/time)`);
}
