/**
 * The live path validates the collected snapshot item by item without copying it (src/snapshot/validate-in-place.ts)
 * instead of parsing it into a second copy: it must accept and refuse exactly what validateSnapshot does, with the
 * same message, write the same bytes for a snapshot in schema order (what the collector builds), and keep the
 * objects it was given.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { validateSnapshot } from '../../src/snapshot/read.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { isValidatedInPlace, validateInPlace } from '../../src/snapshot/validate-in-place.js';
import { renderSnapshot } from '../../src/snapshot/write.js';
import { demoTenant } from '../helpers/mock-azure/tenants.js';

const joined = (chunks: Iterable<string> | string): string => (typeof chunks === 'string' ? chunks : [...chunks].join(''));

/** The demo tenant with its top-level fields in reverse order, item fields reversed and an unknown field added. */
function scrambled(): Snapshot {
  const reverse = (value: object): Record<string, unknown> => Object.fromEntries(Object.entries(value).reverse());
  const demo: Record<string, unknown> = demoTenant();
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(demo).reverse()) {
    out[key] = Array.isArray(value) ? value.map((item: unknown) => (typeof item === 'object' && item !== null ? { ...reverse(item), extra: 'dropped' } : item)) : value;
  }
  return out as Snapshot;
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error: unknown) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return 'no error';
}

describe('validateInPlace', () => {
  it('writes the bytes validateSnapshot would for a snapshot in schema order, top-level fields put in order', () => {
    const expected = validateSnapshot(demoTenant(), 'x');
    const reordered = Object.fromEntries(Object.entries(demoTenant()).reverse()) as Snapshot;
    const actual = validateInPlace(reordered, 'x');
    assert.equal(joined(renderSnapshot(actual, 'x')), joined(renderSnapshot(expected, 'x')));
    assert.equal(joined(renderSnapshot(actual, 'x')), `${JSON.stringify(expected, null, 2)}\n`);
  });

  it('keeps the objects it was given (no second copy) and marks the result for the writer', () => {
    const original = scrambled();
    const { roleAssignments, servicePrincipals } = original;
    const firstAssignment = roleAssignments[0];
    const result = validateInPlace(original, 'x');
    assert.equal(result.roleAssignments, roleAssignments);
    assert.equal(result.servicePrincipals, servicePrincipals);
    assert.equal(result.roleAssignments[0], firstAssignment);
    assert.deepEqual(Object.keys(result), Object.keys(validateSnapshot(demoTenant(), 'x')));
    assert.ok(isValidatedInPlace(result));
    assert.ok(!isValidatedInPlace(validateSnapshot(demoTenant(), 'x')));
  });

  it('refuses what validateSnapshot refuses, with the same line', () => {
    const cases: [string, (snapshot: Record<string, unknown>) => void][] = [
      ['tenant id', (s) => (s['tenantId'] = 'contoso.onmicrosoft.com')],
      ['kind', (s) => (s['kind'] = 'other')],
      ['an item deep in a collection', (s) => ((s['roleAssignments'] as Record<string, unknown>[]).at(-1)!['principalId'] = 42)],
      ['a collection that is not an array', (s) => (s['resources'] = {})],
      ['a duplicate id', (s) => (s['servicePrincipals'] as unknown[]).push((s['servicePrincipals'] as unknown[])[0])],
      ['a string list item', (s) => (s['unresolvedPrincipalIds'] = [7])],
    ];
    for (const [name, spoil] of cases) {
      const a: Record<string, unknown> = demoTenant();
      const b: Record<string, unknown> = demoTenant();
      spoil(a);
      spoil(b);
      const expected = messageOf(() => validateSnapshot(a, 'o.json'));
      assert.match(expected, /^InputError: snapshot o\.json: /, name);
      assert.equal(messageOf(() => validateInPlace(b as Snapshot, 'o.json')), expected, name);
    }
  });
});
