/**
 * `npm run bench`: speed and memory of the offline pipeline on a synthetic large tenant. Prints figures; it
 * asserts nothing (figures in docs/performance.md, not in timed tests).
 *
 *   npm run bench                 # default size: 40 subscriptions, 20k identities, 100k role assignments
 *   npm run bench -- --scale 0.2  # smaller
 *   npm run bench -- --live [--scale 1|0.5]   # live collection against the HTTPS mock (scripts/bench/live.ts)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { analyzeSnapshot } from '../src/scan/analyze.js';
import { runRules } from '../src/engine/run.js';
import { buildInventory } from '../src/inventory/build.js';
import { buildReport } from '../src/report/model.js';
import { jsonReporter } from '../src/report/json.js';
import { tableReporter } from '../src/report/table.js';
import { RULES } from '../src/rules/index.js';
import { readSnapshotFile } from '../src/snapshot/read.js';
import type { Snapshot } from '../src/snapshot/schema.js';
import { liveSize, offlineSize, syntheticTenant as generate } from './bench/synthetic-tenant.js';

const scaleArg = process.argv.indexOf('--scale');
const scale = scaleArg >= 0 ? Number(process.argv[scaleArg + 1]) : 1;
if (process.argv.includes('--live')) {
  // Live mode: the real CLI against the HTTPS mock (scripts/bench/live.ts).
  const { runLiveBench } = await import('./bench/live.js');
  await runLiveBench(process.argv.slice(2));
  process.exit(0);
}
const size = offlineSize(scale);
const syntheticTenant = (): Snapshot => generate(size, 'offline');

const gc = (globalThis as { gc?: () => void }).gc;
function heapMb(): number {
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}
function time<T>(label: string, work: () => T): T {
  const start = performance.now();
  const result = work();
  console.log(`${label.padEnd(34)} ${(performance.now() - start).toFixed(0).padStart(7)} ms`);
  return result;
}

const dir = join(import.meta.dirname, '../.bench');
mkdirSync(dir, { recursive: true });
const file = join(dir, 'large.snapshot.json');
writeFileSync(file, JSON.stringify(syntheticTenant()));
console.log(`synthetic tenant: ${JSON.stringify(size)}, snapshot ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`);
console.log(`node ${process.version}, ${RULES.length} rules\n`);

const baseHeap = heapMb();
const readStart = performance.now();
const snapshot = await readSnapshotFile(file);
console.log(`${'read + validate snapshot'.padEnd(34)} ${(performance.now() - readStart).toFixed(0).padStart(7)} ms`);
const inventory = time('build inventory', () => buildInventory(snapshot));
const findings = time(`run ${RULES.length} rules`, () => runRules(RULES, inventory, new Date()));
const report = time('build report', () => buildReport({ inventory, findings, version: 'bench', generatedAt: new Date(), failOn: 'high' }));
time('render json', () => jsonReporter.render(report, { color: false, columns: 120 }));
time('render table', () => tableReporter.render(report, { color: false, columns: 160 }));
console.log(`\nfindings: ${findings.length}; heap after analysis: ${(heapMb() - baseHeap).toFixed(0)} MB above baseline; rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);

console.log('\nslowest rules:');
const perRule = RULES.map((rule) => {
  const start = performance.now();
  runRules([rule], inventory, new Date());
  return { name: rule.meta.name, ms: performance.now() - start };
}).sort((a, b) => b.ms - a.ms);
for (const entry of perRule.slice(0, 5)) console.log(`  ${entry.name.padEnd(32)} ${entry.ms.toFixed(0).padStart(7)} ms`);

const total = time('analyzeSnapshot (all of the above)', () => analyzeSnapshot({ snapshot, failOn: 'high', now: new Date() }));
void total;
const cli = join(import.meta.dirname, '../bin/mi-audit.js');
/** One cold CLI process under /usr/bin/time: wall time and peak RSS (the memory target is on the whole process). */
function cliRun(label: string, args: readonly string[]): void {
  const start = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, ...args, '--quiet'], { encoding: 'utf8' });
  const wall = performance.now() - start;
  const maxRssKb = Number(run.stderr.trim().split('\n').pop());
  console.log(`${label.padEnd(44)} ${wall.toFixed(0).padStart(7)} ms wall, exit ${run.status}${Number.isFinite(maxRssKb) ? `, max RSS ${(maxRssKb / 1024).toFixed(0)} MiB` : ''}`);
}
console.log('');
cliRun('CLI scan --snapshot --format json -o', ['scan', '--snapshot', file, '--format', 'json', '--output', join(dir, 'report.json')]);
cliRun('CLI export --snapshot --format json -o', ['export', '--snapshot', file, '--format', 'json', '--output', join(dir, 'record.json')]);
// Issue 10's tenant (the one `--live` serves: 100,000 role assignments, 10,000 apps), as a snapshot file: its
// cold `scan --snapshot` and `export` are the targets (<= 5 s, <= 400 MB).
const liveFile = join(dir, 'live.snapshot.json');
writeFileSync(liveFile, JSON.stringify(generate(liveSize(scale), 'live')));
console.log(`\nlive-profile tenant: ${JSON.stringify(liveSize(scale))}, snapshot ${(statSync(liveFile).size / 1024 / 1024).toFixed(1)} MB`);
cliRun('CLI scan --snapshot (live tenant) json -o', ['scan', '--snapshot', liveFile, '--format', 'json', '--output', join(dir, 'report.json')]);
cliRun('CLI export --snapshot (live tenant) json -o', ['export', '--snapshot', liveFile, '--format', 'json', '--output', join(dir, 'record.json')]);
cliRun('CLI export --snapshot (live tenant) csv -o', ['export', '--snapshot', liveFile, '--format', 'csv', '--output', join(dir, 'record.csv')]);
const version = spawnSync(process.execPath, [cli, '--version']);
const versionStart = performance.now();
spawnSync(process.execPath, [cli, '--version']);
console.log(`CLI --version (cold process)        ${(performance.now() - versionStart).toFixed(0).padStart(7)} ms${version.status === 0 ? '' : ' (failed)'}`);
