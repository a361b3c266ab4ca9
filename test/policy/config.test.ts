import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { InputError } from '../../src/core/errors.js';
import { parseConfig, readConfigFile } from '../../src/policy/config.js';
import { tempDirs } from '../helpers/temp-dirs.js';
import { CATALOG } from './sample-findings.js';

const tmp = tempDirs('mi-audit-config-');

const suppression = { rule: 'privileged-role', target: '/subscriptions/a/*', reason: 'break-glass', expires: '2026-12-31' };

/** The one-line message of the InputError that parsing `data` throws. */
function errorOf(data: unknown): string {
  try {
    parseConfig(data, 'mi-audit.config.json', CATALOG);
  } catch (error: unknown) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    assert.ok(!error.message.includes('\n'), 'one line');
    return error.message;
  }
  assert.fail('expected the config to be rejected');
}

describe('config file', () => {
  it('resolves rule names and ids, keeps suppressions in order, and makes the baseline relative to the file', () => {
    const config = parseConfig(
      {
        $schema: './docs/config.v1.schema.json',
        failOn: 'medium',
        rules: { 'unused-identity': 'off', 'mia-1001': { severity: 'low' } },
        suppressions: [suppression, { ...suppression, rule: 'MIA-3003', target: 'x-graph-id', ticket: 'SEC-1' }],
        baseline: 'baselines/prod.json',
      },
      '/repo/ci/mi-audit.config.json',
      CATALOG,
    );
    assert.equal(config.failOn, 'medium');
    assert.deepEqual([...config.ruleSettings], [['MIA-3003', 'off'], ['MIA-1001', { severity: 'low' }]]);
    assert.deepEqual(config.suppressions.map((entry) => [entry.ruleId, entry.origin, entry.ticket]), [
      ['MIA-1001', 'suppressions[0]', undefined],
      ['MIA-3003', 'suppressions[1]', 'SEC-1'],
    ]);
    assert.equal(config.baseline, '/repo/ci/baselines/prod.json');
  });

  it('accepts an empty object: every key is optional', () => {
    const config = parseConfig({}, 'c.json', CATALOG);
    assert.equal(config.failOn, undefined);
    assert.equal(config.baseline, undefined);
    assert.equal(config.suppressions.length, 0);
  });

  it('names the file and the JSON path of the first problem', () => {
    const cases: [unknown, RegExp][] = [
      [{ rules: { 'no-such-rule': 'off' } }, /^config mi-audit\.config\.json: at rules\.no-such-rule: unknown rule 'no-such-rule'$/],
      [{ rules: { 'privileged-role': 'on' } }, /^config mi-audit\.config\.json: at rules\.privileged-role: expected "off" or \{ "severity"/],
      [{ rules: { 'privileged-role': { severity: 'urgent' } } }, /at rules\.privileged-role: expected "off"/],
      [{ rules: { 'privileged-role': 'off', 'MIA-1001': 'off' } }, /at rules\.MIA-1001: rule MIA-1001 is already configured as 'privileged-role'/],
      [{ suppressions: [{ ...suppression, rule: 'nope' }] }, /at suppressions\[0\]\.rule: unknown rule 'nope'/],
      [{ suppressions: [suppression, { ...suppression, reason: '   ' }] }, /at suppressions\[1\]\.reason: reason must not be empty/],
      [{ suppressions: [{ rule: 'MIA-1001', target: '/x', expires: '2026-01-01' }] }, /at suppressions\[0\]\.reason: /],
      [{ suppressions: [{ ...suppression, expires: 'next year' }] }, /at suppressions\[0\]\.expires: expected an ISO date/],
      [{ suppressions: [{ ...suppression, expires: undefined }] }, /at suppressions\[0\]\.expires: /],
      [{ suppressions: [{ ...suppression, target: '9e57*' }] }, /at suppressions\[0\]\.target: a \* glob only works on ARM ids/],
      [{ failOn: 'severe' }, /at failOn: /],
      [{ suppresions: [] }, /at \(root\): .*suppresions/],
      [[], /at \(root\): /],
    ];
    for (const [data, pattern] of cases) assert.match(errorOf(data), pattern, JSON.stringify(data));
  });

  it('reports unreadable and malformed files in one line', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'broken.json'), '{ "failOn": ');
    await assert.rejects(readConfigFile(join(dir, 'broken.json'), CATALOG), /^InputError: config .*broken\.json: not valid JSON/);
    await assert.rejects(readConfigFile(join(dir, 'missing.json'), CATALOG), /^InputError: config .*missing\.json: cannot read file \(ENOENT\)/);
  });
});
