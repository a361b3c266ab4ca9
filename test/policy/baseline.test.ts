import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { InputError } from '../../src/core/errors.js';
import { assertBaselineTenant, createBaseline, parseBaseline, readBaselineFile, renderBaseline } from '../../src/policy/baseline.js';
import { tempDirs } from '../helpers/temp-dirs.js';
import { APP_OBJECT_ID, fp, sampleFinding, TENANT } from './sample-findings.js';

const tmp = tempDirs('mi-audit-baseline-');

const findings = [
  sampleFinding({ fingerprint: fp(2) }),
  sampleFinding({ fingerprint: fp(1), subject: { kind: 'application', id: APP_OBJECT_ID } }),
  sampleFinding({ fingerprint: fp(3), ruleId: 'MIA-3003', rule: 'unused-identity' }),
];

describe('baseline', () => {
  it('records every finding, sorted by rule, subject and fingerprint, and reads back', async () => {
    const file = createBaseline(findings, TENANT, new Date('2026-06-01T00:00:00Z'));
    assert.equal(file.kind, 'mi-audit/baseline');
    assert.equal(file.schemaVersion, 1);
    assert.equal(file.createdAt, '2026-06-01T00:00:00.000Z');
    assert.deepEqual(file.entries.map((entry) => entry.fingerprint), [fp(2), fp(1), fp(3)], 'ARM ids (/…) sort before Graph ids');
    const dir = tmp();
    writeFileSync(join(dir, 'b.json'), renderBaseline(file));
    const read = await readBaselineFile(join(dir, 'b.json'));
    assert.deepEqual([...read.fingerprints].sort(), [fp(1), fp(2), fp(3)]);
    assert.equal(read.tenantId, TENANT);
  });

  it('rejects malformed baselines in one line naming the file and the path', () => {
    const valid = createBaseline(findings, TENANT, new Date('2026-06-01T00:00:00Z'));
    const cases: [unknown, RegExp][] = [
      [{ kind: 'mi-audit/snapshot' }, /^baseline b\.json: not an mi-audit baseline/],
      [{ ...valid, schemaVersion: 2 }, /^baseline b\.json: unsupported schemaVersion 2/],
      [{ ...valid, entries: [{ ...valid.entries[0], fingerprint: 'abc' }] }, /^baseline b\.json: at entries\[0\]\.fingerprint: expected a v1 fingerprint/],
      [{ ...valid, createdAt: 'yesterday' }, /^baseline b\.json: at createdAt: /],
      [{ ...valid, entries: undefined }, /^baseline b\.json: at entries: /],
    ];
    for (const [data, pattern] of cases) {
      assert.throws(() => parseBaseline(data, 'b.json'), (error: unknown) => error instanceof InputError && pattern.test(error.message) && !error.message.includes('\n'));
    }
  });

  it('refuses a baseline of another tenant (it would match nothing)', () => {
    const baseline = parseBaseline(createBaseline(findings, TENANT, new Date()), 'b.json');
    assert.doesNotThrow(() => assertBaselineTenant(baseline, TENANT.toUpperCase()));
    assert.throws(() => assertBaselineTenant(baseline, '99999999-2222-4333-8444-555555555555'), /^InputError: baseline b\.json: taken for tenant 1111.* but this scan is of tenant 9999/);
  });
});
