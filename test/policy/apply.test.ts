import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { applyPolicy } from '../../src/policy/apply.js';
import type { Baseline } from '../../src/policy/baseline.js';
import type { RuleSetting } from '../../src/policy/rule-settings.js';
import { gateExitCode } from '../../src/policy/gate.js';
import type { Suppression } from '../../src/policy/suppress.js';
import { APP_OBJECT_ID, fp, sampleFinding, TENANT, UAMI_ID } from './sample-findings.js';

const NOW = new Date('2026-06-15T12:00:00Z');

const onUami = sampleFinding({ fingerprint: fp(1) });
const onApp = sampleFinding({
  fingerprint: fp(2),
  severity: 'high',
  subject: { kind: 'application', id: APP_OBJECT_ID, displayName: 'app-deploy' },
});
const unused = sampleFinding({ fingerprint: fp(3), ruleId: 'MIA-3003', rule: 'unused-identity', category: 'unused-identity', severity: 'low' });

function suppression(overrides: Partial<Suppression> = {}): Suppression {
  return {
    rule: 'privileged-role',
    ruleId: 'MIA-1001',
    target: UAMI_ID,
    reason: 'break-glass identity, reviewed quarterly',
    expires: '2026-12-31',
    origin: 'suppressions[0]',
    ...overrides,
  };
}

const baseline = (...fingerprints: string[]): Baseline => ({ origin: 'baseline.json', tenantId: TENANT, fingerprints: new Set(fingerprints) });

describe('applyPolicy', () => {
  it('without policy, every finding is open and nothing is said', () => {
    const outcome = applyPolicy([onUami, onApp], {}, NOW);
    assert.deepEqual(outcome.findings.map((finding) => finding.status), ['open', 'open']);
    assert.deepEqual(outcome.warnings, []);
  });

  it('suppresses a matching finding with the reason, expiry and ticket, and keeps it in the list', () => {
    const outcome = applyPolicy([onUami, onApp], { suppressions: [suppression({ ticket: 'SEC-42' })] }, NOW);
    const [first, second] = outcome.findings;
    assert.equal(first?.status, 'suppressed');
    assert.deepEqual(first?.suppression, { source: 'config', reason: 'break-glass identity, reviewed quarterly', expires: '2026-12-31', ticket: 'SEC-42' });
    assert.equal(second?.status, 'open');
    assert.equal(second?.suppression, undefined);
    assert.deepEqual(outcome.warnings, []);
  });

  it('needs both the rule and the target to match', () => {
    const outcome = applyPolicy([unused], { suppressions: [suppression()] }, NOW);
    assert.equal(outcome.findings[0]?.status, 'open', 'same subject, other rule');
    assert.match(outcome.warnings[0] ?? '', /^suppressions\[0\] \(privileged-role on .*id-deploy\) matched no finding/);
  });

  it('an expired suppression does not apply: the finding reopens, with one warning per expired entry', () => {
    const expired = suppression({ expires: '2026-06-14' });
    const alsoExpired = suppression({ expires: '2026-01-01', target: '/nowhere', origin: 'suppressions[1]' });
    const outcome = applyPolicy([onUami, onApp], { suppressions: [expired, alsoExpired] }, NOW);
    assert.equal(outcome.findings[0]?.status, 'open');
    assert.deepEqual(outcome.warnings, [
      `suppressions[0] (privileged-role on ${UAMI_ID}) expired on 2026-06-14; it no longer applies (1 finding no longer suppressed)`,
      'suppressions[1] (privileged-role on /nowhere) expired on 2026-01-01; it no longer applies',
    ]);
    assert.equal(gateExitCode(outcome.findings, true, 'high'), 1, 'the reopened finding trips the gate again');
  });

  it('marks findings in the baseline, and a suppression wins over the baseline', () => {
    const outcome = applyPolicy([onUami, onApp, unused], { baseline: baseline(fp(1), fp(2)), suppressions: [suppression()] }, NOW);
    assert.deepEqual(outcome.findings.map((finding) => finding.status), ['suppressed', 'baselined', 'open']);
  });

  it('the gate counts open findings only', () => {
    const outcome = applyPolicy([onUami, onApp, unused], { baseline: baseline(fp(2)), suppressions: [suppression()] }, NOW);
    assert.equal(gateExitCode(outcome.findings, true, 'high'), 0, 'critical suppressed, high baselined, low open');
    assert.equal(gateExitCode(outcome.findings, true, 'low'), 1);
    assert.equal(gateExitCode(outcome.findings, false, 'high'), 3, 'partial coverage still is not a pass');
  });

  it('remaps severity without touching the fingerprint, and restores the report order', () => {
    const outcome = applyPolicy([onUami, onApp, unused], { ruleSettings: new Map<string, RuleSetting>([['MIA-3003', { severity: 'critical' }], ['MIA-1001', { severity: 'info' }]]) }, NOW);
    assert.deepEqual(
      outcome.findings.map((finding) => [finding.ruleId, finding.severity, finding.fingerprint]),
      [
        ['MIA-3003', 'critical', fp(3)],
        ['MIA-1001', 'info', fp(1)],
        ['MIA-1001', 'info', fp(2)],
      ],
    );
  });
});
