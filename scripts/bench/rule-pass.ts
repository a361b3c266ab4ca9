/**
 * The rule pass alone on a saved snapshot: CPU per rule inside one shared run (the first rule to ask a shared fact
 * pays for it; `process.cpuUsage`, so a busy machine inflates wall time more than these), the wall time of the first
 * pass (the one a `scan` runs: code not yet optimised), the best of `--runs` passes (CPU, which counts V8's parallel
 * garbage-collector threads too, and wall time), and the heap the findings retain (heap after the pass minus before,
 * after two forced GCs). Prints figures, asserts nothing
 * (docs/performance.md, "Rule pass (issue 10)").
 *
 *   node --expose-gc --import tsx scripts/bench/rule-pass.ts .bench/live.snapshot.json [--runs 4]
 */
import { runRules } from '../../src/engine/run.js';
import type { Finding, Rule, RuleContext } from '../../src/engine/types.js';
import { buildInventory } from '../../src/inventory/build.js';
import { RULES } from '../../src/rules/index.js';
import { readSnapshotFile } from '../../src/snapshot/read.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: node --expose-gc --import tsx scripts/bench/rule-pass.ts SNAPSHOT [--runs N]');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 4;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const heapMb = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1048576;
};

const inventory = buildInventory(await readSnapshotFile(file));
const now = new Date('2026-01-01T00:00:00Z');
const perRule = new Map<string, number>();
const timed: Rule[] = RULES.map((rule) => ({
  meta: rule.meta,
  check(context: RuleContext): void {
    const start = cpuMs();
    rule.check(context);
    perRule.set(rule.meta.name, (perRule.get(rule.meta.name) ?? 0) + cpuMs() - start);
  },
}));

let best = Number.POSITIVE_INFINITY;
let bestWall = Number.POSITIVE_INFINITY;
let firstWall = 0;
let findings: Finding[] = [];
for (let run = 0; run < runs; run++) {
  findings = [];
  const start = cpuMs();
  const wallStart = performance.now();
  findings = runRules(timed, inventory, now);
  best = Math.min(best, cpuMs() - start);
  bestWall = Math.min(bestWall, performance.now() - wallStart);
  if (run === 0) firstWall = performance.now() - wallStart;
}
findings = [];
const before = heapMb();
findings = runRules(RULES, inventory, now);
const retained = heapMb() - before;

console.log(`${findings.length} findings; first pass ${firstWall.toFixed(0)} ms wall; best of ${runs}: ${best.toFixed(0)} ms CPU (V8's garbage-collector threads included), ${bestWall.toFixed(0)} ms wall; findings retain ${retained.toFixed(1)} MB`);
for (const [name, ms] of [...perRule].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${name.padEnd(28)} ${(ms / runs).toFixed(0).padStart(6)} ms`);
