import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { EXIT } from '../../src/core/exit-codes.js';
import { SEVERITIES } from '../../src/engine/severity.js';
import type { AssessedFinding } from '../../src/engine/types.js';
import { FAIL_ON_CHOICES, gateExitCode } from '../../src/policy/gate.js';
import { gateVerdict } from '../../src/report/verdict.js';
import { OPEN, sampleReport, SUPPRESSED } from './sample-report.js';

describe('gateVerdict', () => {
  it('agrees with the exit code of the gate for every severity, status, failOn and coverage', () => {
    const expected = { [EXIT.gateFailed]: 'fail', [EXIT.ok]: 'pass', [EXIT.partial]: 'incomplete' } as Record<number, string>;
    let cases = 0;
    for (const failOn of FAIL_ON_CHOICES) {
      for (const severity of SEVERITIES) {
        for (const status of ['open', 'suppressed', 'baselined'] as const) {
          for (const complete of [true, false]) {
            const finding: AssessedFinding = { ...(status === 'suppressed' ? SUPPRESSED : OPEN), severity, status };
            const findings = [finding, { ...OPEN, severity: 'info', status: 'baselined' } as AssessedFinding];
            const report = { ...sampleReport(findings), failOn, coverage: { complete, gaps: [] } };
            assert.equal(gateVerdict(report), expected[gateExitCode(findings, complete, failOn)], `${failOn} ${severity} ${status} ${complete}`);
            cases += 1;
          }
        }
      }
    }
    assert.equal(cases, 6 * 5 * 3 * 2);
  });
});
