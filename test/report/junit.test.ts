import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { AssessedFinding } from '../../src/engine/types.js';
import { junitReporter } from '../../src/report/junit.js';
import { CATALOG } from '../policy/sample-findings.js';
import { attr, list, type Node, parseJunit } from './junit-parse.js';
import { BASELINED, OPEN, sampleReport, SUPPRESSED } from './sample-report.js';

const render = (findings: readonly AssessedFinding[], overrides: Partial<ReturnType<typeof sampleReport>> = {}): Node[] =>
  parseJunit(junitReporter.render({ ...sampleReport(findings), ...overrides }, { color: false, columns: 80, rules: CATALOG }));

const cases = (suites: Node[]): Node[] => suites.flatMap((suite) => list(suite['testcase']));

describe('junit reporter', () => {
  it('one suite per rule that ran, one case per (rule, subject); failures at or above failOn, policy-accepted ones skipped', () => {
    const belowGate: AssessedFinding = { ...OPEN, fingerprint: 'v1:9', severity: 'medium', subject: { ...OPEN.subject, id: `${OPEN.subject.id}-2`, displayName: 'id-other' } };
    const sameSubjectAgain: AssessedFinding = { ...OPEN, fingerprint: 'v1:8', message: 'Second finding on the same subject.' };
    const suites = render([OPEN, sameSubjectAgain, belowGate, SUPPRESSED, BASELINED]);
    assert.deepEqual(suites.map((suite) => attr(suite, 'name')), ['MIA-1001 privileged-role', 'MIA-3003 unused-identity']);
    const [privileged] = suites;
    const all = cases([privileged ?? {}]);
    assert.deepEqual(all.map((testcase) => attr(testcase, 'name')), [`id-deploy (${OPEN.subject.id})`, `id-other (${OPEN.subject.id}-2)`, `app-deploy (${SUPPRESSED.subject.id})`]);
    assert.equal(attr(all[0], 'classname'), 'mi-audit.MIA-1001.privileged-role');
    const failure = all[0]?.['failure'] as Node;
    assert.equal(attr(failure, 'type'), 'critical');
    assert.equal(attr(failure, 'message'), OPEN.message);
    assert.match(String(failure['#']), /Second finding on the same subject\./, 'both findings of the case in its text');
    assert.equal(all[1]?.['failure'], undefined, 'medium passes a high gate');
    assert.match(String((all[1]?.['system-out'] as Node | undefined)?.['#']), /^MEDIUM MIA-1001 privileged-role: /);
    assert.equal(attr(all[2]?.['skipped'] as Node, 'message'), 'suppressed: break-glass, reviewed quarterly');
    assert.equal(attr(cases([suites[1] ?? {}])[0]?.['skipped'] as Node, 'message'), 'baselined');
  });

  it('follows --fail-on: none fails nothing, low fails the medium one too', () => {
    const medium: AssessedFinding = { ...OPEN, severity: 'medium' };
    assert.equal(cases(render([medium], { failOn: 'none' })).filter((testcase) => testcase['failure'] !== undefined).length, 0);
    assert.equal(cases(render([medium], { failOn: 'low' })).filter((testcase) => testcase['failure'] !== undefined).length, 1);
  });

  it('a rule without findings is one passing case; coverage gaps are errors', () => {
    const suites = render([], { coverage: { complete: false, gaps: [{ source: 'resources', scope: '/subscriptions/x', reason: '403 <AuthorizationFailed> & "quotes"' }] } });
    assert.deepEqual(suites.map((suite) => attr(suite, 'name')), ['MIA-1001 privileged-role', 'MIA-3003 unused-identity', 'mi-audit coverage']);
    assert.deepEqual(cases(suites).map((testcase) => attr(testcase, 'name')), ['no findings', 'no findings', 'resources @ /subscriptions/x']);
    const error = cases(suites)[2]?.['error'] as Node;
    assert.equal(attr(error, 'message'), 'could not read resources @ /subscriptions/x: 403 <AuthorizationFailed> & "quotes"');
  });

  it('tenant text with markup, control characters and lone surrogates stays well-formed XML', () => {
    const name = '</testcase><testcase name="fake">\u001b[31m\ud800\uffff';
    const suites = render([{ ...OPEN, subject: { ...OPEN.subject, displayName: name } }]);
    assert.equal(cases(suites).length, 2, 'no injected test case');
    assert.equal(attr(cases(suites)[0], 'name'), `</testcase><testcase name="fake">\\x1b[31m\\u{d800}\\u{ffff} (${OPEN.subject.id})`);
  });
});
