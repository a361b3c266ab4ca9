/**
 * Properties of diffRecords over exports of the demo tenant (fast-check):
 *   1. diff A A' is empty, for A the export of a mutated demo snapshot and A' the export of the same tenant
 *      returned in another order and id casing, with its records and their lists shuffled too;
 *   2. diff A B reports exactly one injected change and nothing else, as far as an export shows it: a grant
 *      of a principal that is not a workload identity is not in any export (docs/drift.md).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { diffRecords } from '../../src/drift/record-diff.js';
import { canonicalArmId } from '../../src/azure/ids.js';
import type { RecordDocument } from '../../src/record/schema.js';
import { exportOf } from './exports.js';
import { DEMO, inject, type Injection, injection, observed, reordered, shuffled, sorted } from './injections.js';

/** The injections whose effect an export shows exactly (deleting an identity is covered in records.test.ts). */
const EXPORT_VISIBLE: ReadonlySet<Injection['kind']> = new Set(['addIdentity', 'addRoleAssignment', 'removeRoleAssignment', 'changeRoleAssignmentRole', 'changeFicSubject']);

const BASE = exportOf(DEMO);

/** The same export in another order: records, and each record's grants, trust and findings. */
function shuffledExport(document: RecordDocument, seed: number): RecordDocument {
  return {
    ...document,
    identities: shuffled(document.identities, seed).map((record, index) => ({
      ...record,
      grants: shuffled(record.grants, seed + index),
      trust: shuffled(record.trust, seed + index + 1),
      findings: shuffled(record.findings, seed + index + 2),
    })),
  };
}

function azureRoleIds(document: RecordDocument): Set<string> {
  return new Set(document.identities.flatMap((record) => record.grants.flatMap((grant) => (grant.kind === 'azureRole' ? [canonicalArmId(grant.assignmentId)] : []))));
}

describe('diffRecords properties (demo exports)', () => {
  it('diff A A is empty, findings included, for mutated, reordered and shuffled demo exports', () => {
    fc.assert(
      fc.property(fc.array(injection, { maxLength: 2 }), fc.nat(), (injections, seed) => {
        const a = injections.reduce((snapshot, step) => inject(snapshot, step).snapshot, DEMO);
        const drift = diffRecords(exportOf(a), shuffledExport(exportOf(reordered(a, seed)), seed), { failOn: 'info' });
        assert.deepEqual(observed(drift), sorted({ identities: [], grants: [], federatedCredentials: [], dangling: [] }));
        assert.deepEqual(drift.findings, { new: [], fixed: [] });
        assert.equal(drift.summary.failing, 0);
      }),
      { numRuns: 4 },
    );
  });

  it('diff A B reports exactly the injected change', () => {
    fc.assert(
      fc.property(
        injection.filter((step) => EXPORT_VISIBLE.has(step.kind)),
        (step) => {
          const { snapshot, expected } = inject(DEMO, step);
          const after = exportOf(snapshot);
          const visible = new Set([...azureRoleIds(BASE), ...azureRoleIds(after)]);
          const grants = expected.grants.filter(([, kind, id]) => kind !== 'azureRole' || (id !== undefined && visible.has(id)));
          assert.deepEqual(observed(diffRecords(BASE, after, { failOn: 'high' })), sorted({ ...expected, grants }));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('the injections are visible in exports (the filter above cannot hide every grant change)', () => {
    let seen = 0;
    for (const kind of ['addRoleAssignment', 'removeRoleAssignment', 'changeRoleAssignmentRole'] as const) {
      const { snapshot } = inject(DEMO, { kind, index: 0, other: 1, text: '' });
      seen += diffRecords(BASE, exportOf(snapshot), { failOn: 'high' }).grants.length;
    }
    assert.ok(seen >= 2, `${seen} grant changes seen`);
  });
});
