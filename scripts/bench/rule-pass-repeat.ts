/**
 * Runs the rule pass N times over one tenant and prints the number of findings: a fixed workload for an instruction
 * counter, where wall-clock time on a shared machine is too noisy to show a change of a few per cent. Count N = 6 and
 * N = 0 (same tenant, same build) and divide the difference by 6 for one pass; `--predictable` keeps V8 on one thread.
 * The N = 6 count repeats closely; the N = 0 count (reading, generating, loading through tsx) varies by a few hundred
 * million instructions from run to run, hence six passes (docs/performance.md, "round 8"). Asserts nothing.
 *
 *   valgrind --tool=callgrind --callgrind-out-file=/dev/null node --predictable --import tsx scripts/bench/rule-pass-repeat.ts --scale 0.2 6
 *   valgrind --tool=callgrind --callgrind-out-file=/dev/null node --predictable --import tsx scripts/bench/rule-pass-repeat.ts --scale 0.2 0
 *
 * The tenant is the live-profile synthetic tenant at `--scale S` (the one `npm run bench -- --live` serves; 0.2 gives
 * 12,282 findings), or a snapshot file given instead of `--scale S`.
 */
import { runRules } from '../../src/engine/run.js';
import { buildInventory } from '../../src/inventory/build.js';
import { RULES } from '../../src/rules/index.js';
import { readSnapshotFile } from '../../src/snapshot/read.js';
import { liveSize, syntheticTenant } from './synthetic-tenant.js';

const [source, value, countArg] = process.argv[2] === '--scale' ? ['scale', process.argv[3], process.argv[4]] : ['file', process.argv[2], process.argv[3]];
const count = Number(countArg);
if (value === undefined || !Number.isInteger(count) || count < 0) {
  throw new Error('usage: node --import tsx scripts/bench/rule-pass-repeat.ts (--scale S | SNAPSHOT) N');
}
const snapshot = source === 'scale' ? syntheticTenant(liveSize(Number(value)), 'live') : await readSnapshotFile(value);
const inventory = buildInventory(snapshot);
const now = new Date('2026-01-01T00:00:00Z');
let findings = 0;
for (let pass = 0; pass < count; pass++) findings = runRules(RULES, inventory, now).length;
console.log(`${count} rule passes, ${findings} findings each`);
