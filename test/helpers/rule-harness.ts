/**
 * Runs one rule over a builder-made tenant, the way the engine does (validated snapshot, frozen inventory),
 * and returns its findings. Also checks the engine contract every rule must keep: deterministic output and
 * unique fingerprints.
 */
import assert from 'node:assert/strict';

import { runRules } from '../../src/engine/run.js';
import type { Finding, Rule } from '../../src/engine/types.js';
import { buildInventory } from '../../src/inventory/build.js';
import { validateSnapshot } from '../../src/snapshot/read.js';
import type { TenantBuilder } from './tenant-builder.js';

export const TEST_NOW = new Date('2026-11-25T00:00:00Z');

export function runRule(rule: Rule, tenant: TenantBuilder, now: Date = TEST_NOW): Finding[] {
  const snapshot = validateSnapshot(tenant.build(), 'test tenant');
  const first = runRules([rule], buildInventory(snapshot), now);
  const second = runRules([rule], buildInventory(snapshot), now);
  assert.deepEqual(second, first, `${rule.meta.name}: findings must be deterministic`);
  for (const finding of first) {
    assert.equal(finding.category, rule.meta.category);
    assert.match(finding.message, /\.$/, `${rule.meta.name}: messages end with a period`);
  }
  return first;
}

/** Runs one rule over a snapshot edited after build() (e.g. with a coverage record removed), validated first. */
export function runRuleOnSnapshot(rule: Rule, snapshot: unknown, now: Date = TEST_NOW): Finding[] {
  return runRules([rule], buildInventory(validateSnapshot(snapshot, 'test snapshot')), now);
}

/** Findings about one subject (by ARM id or object id, case-insensitive). */
export function about(findings: readonly Finding[], subjectId: string): Finding[] {
  return findings.filter((finding) => finding.subject.id.toLowerCase() === subjectId.toLowerCase());
}
