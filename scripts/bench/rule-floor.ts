/**
 * The rules' own cost, without the engine's per-finding work: every rule runs over the tenant with one shared facts
 * object, as in `runRules`, but its `report` only counts (no finding object, fingerprint, subject table, sort or
 * duplicate check). The drafts the rules build (message, related objects, evidence) are still made; with `--keep`
 * they are also kept until the pass ends, as findings are, so the garbage collector copies them as it copies
 * findings. Prints the wall time of `--runs` passes, the first one before V8 has optimised anything, as a `scan` runs
 * it; compare with rule-pass.ts on the same file for the engine's share. Asserts nothing (docs/performance.md,
 * "round 9").
 *
 *   node --import tsx scripts/bench/rule-floor.ts .bench/live.snapshot.json [--runs 3] [--keep]
 */
import { createRunFacts } from '../../src/engine/facts.js';
import type { FindingDraft } from '../../src/engine/types.js';
import { buildInventory } from '../../src/inventory/build.js';
import { RULES } from '../../src/rules/index.js';
import { readSnapshotFile } from '../../src/snapshot/read.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: node --import tsx scripts/bench/rule-floor.ts SNAPSHOT [--runs N] [--keep]');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 3;
const keep = process.argv.includes('--keep');

const inventory = buildInventory(await readSnapshotFile(file));
const now = new Date('2026-01-01T00:00:00Z');
const walls: string[] = [];
let drafts = 0;
let kept: FindingDraft[] = [];
for (let run = 0; run < runs; run++) {
  drafts = 0;
  kept = [];
  const start = performance.now();
  const facts = createRunFacts(inventory);
  for (const rule of RULES) {
    rule.check({
      inventory,
      now,
      facts,
      report: (draft) => {
        drafts += 1;
        if (keep) kept.push(draft);
      },
    });
  }
  walls.push((performance.now() - start).toFixed(0));
}
console.log(`${drafts} drafts${keep ? `, ${kept.length} kept` : ''}; rules alone, report counting only: ${walls.join(', ')} ms wall (first pass first)`);
