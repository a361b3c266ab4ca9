/**
 * JUnit XML for CI test views: Azure DevOps PublishTestResults (testResultsFormat JUnit), GitLab
 * (artifacts:reports:junit) and Jenkins (junit step). One test suite per rule that ran, one test case per
 * (rule, subject): it fails when an open finding on it is at or above the gate's failOn, it is skipped when
 * every finding on it is suppressed or baselined, and it passes (with its findings in system-out) otherwise.
 * A rule without findings gets one passing case, so the view shows what ran. Coverage gaps are errors: the
 * rules could not see that part of the tenant.
 *
 * Shape: the de-facto JUnit schema these tools read (testsuites > testsuite[name, tests, failures, errors,
 * skipped, time, timestamp] > testcase[name, classname, time] > failure[message, type] | skipped[message] |
 * error[message]); https://docs.gitlab.com/ci/testing/unit_test_reports/,
 * https://learn.microsoft.com/azure/devops/pipelines/tasks/reference/publish-test-results-v2,
 * https://github.com/testmoapp/junitxml. Built with xmlbuilder2, which escapes markup; xmlText makes control
 * characters visible and removes what XML 1.0 cannot carry.
 */
import { lazyRequire } from '../core/lazy-require.js';
import type { AssessedFinding } from '../engine/types.js';
import { xmlText } from './markup-text.js';
import type { ScanReport } from './model.js';
import type { Reporter } from './reporter.js';
import { failsGate } from './verdict.js';

// xmlbuilder2 takes ~100 ms to load and only this reporter needs it: loaded on the first JUnit render.
const xmlbuilder = lazyRequire<typeof import('xmlbuilder2')>('xmlbuilder2');

interface Suite {
  readonly id: string;
  readonly name: string;
  readonly cases: Map<string, AssessedFinding[]>;
}

/** Suites in rule order (the catalog when given, else the order the findings name them), cases in finding order. */
function suites(report: ScanReport, rules: readonly { readonly id: string; readonly name: string }[] | undefined): Suite[] {
  const byRule = new Map<string, Suite>();
  for (const rule of rules ?? []) byRule.set(rule.id, { id: rule.id, name: rule.name, cases: new Map() });
  for (const finding of report.findings) {
    let suite = byRule.get(finding.ruleId);
    if (suite === undefined) {
      suite = { id: finding.ruleId, name: finding.rule, cases: new Map() };
      byRule.set(finding.ruleId, suite);
    }
    const key = `${finding.subject.kind}\u0000${finding.subject.id.toLowerCase()}`;
    const list = suite.cases.get(key);
    if (list === undefined) suite.cases.set(key, [finding]);
    else list.push(finding);
  }
  return [...byRule.values()];
}

function caseName(finding: AssessedFinding): string {
  const { subject } = finding;
  return xmlText(subject.displayName === undefined ? subject.id : `${subject.displayName} (${subject.id})`);
}

function describe(finding: AssessedFinding): string {
  const status =
    finding.status === 'suppressed' && finding.suppression !== undefined
      ? ` [suppressed until ${finding.suppression.expires}: ${finding.suppression.reason}]`
      : finding.status === 'baselined'
        ? ' [baselined]'
        : '';
  return [
    `${finding.severity.toUpperCase()} ${finding.ruleId} ${finding.rule}: ${finding.message}${status}`,
    `Fix: ${finding.remediation}`,
    `Object: ${finding.subject.kind} ${finding.subject.id}`,
    `Fingerprint: ${finding.fingerprint}`,
  ]
    .map(xmlText)
    .join('\n');
}

export function renderJunit(report: ScanReport, rules?: readonly { readonly id: string; readonly name: string }[]): string {
  const all = suites(report, rules);
  // xs:dateTime without a zone, as the Jenkins/Ant schema wants it.
  const timestamp = report.generatedAt.slice(0, 19);
  const count = (suite: Suite, outcome: 'failure' | 'skipped'): number =>
    [...suite.cases.values()].filter((findings) =>
      outcome === 'failure' ? findings.some((finding) => failsGate(finding, report.failOn)) : findings.every((finding) => finding.status !== 'open'),
    ).length;
  const testsOf = (suite: Suite): number => Math.max(1, suite.cases.size);
  const gaps = report.coverage.gaps;
  const totals = {
    tests: all.reduce((sum, suite) => sum + testsOf(suite), 0) + gaps.length,
    failures: all.reduce((sum, suite) => sum + count(suite, 'failure'), 0),
    errors: gaps.length,
    skipped: all.reduce((sum, suite) => sum + count(suite, 'skipped'), 0),
  };
  const root = xmlbuilder().create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: xmlText(`mi-audit ${report.tool.version} tenant ${report.tenantId}`),
    tests: String(totals.tests),
    failures: String(totals.failures),
    errors: String(totals.errors),
    skipped: String(totals.skipped),
    time: '0',
    timestamp,
  });
  for (const suite of all) {
    const element = root.ele('testsuite', {
      name: xmlText(`${suite.id} ${suite.name}`),
      tests: String(testsOf(suite)),
      failures: String(count(suite, 'failure')),
      errors: '0',
      skipped: String(count(suite, 'skipped')),
      time: '0',
      timestamp,
    });
    const classname = xmlText(`mi-audit.${suite.id}.${suite.name}`);
    if (suite.cases.size === 0) element.ele('testcase', { name: 'no findings', classname, time: '0' });
    for (const findings of suite.cases.values()) {
      const [first] = findings;
      if (first === undefined) continue;
      const testcase = element.ele('testcase', { name: caseName(first), classname, time: '0' });
      const failing = findings.filter((finding) => failsGate(finding, report.failOn));
      const [worst] = failing;
      if (worst !== undefined) {
        testcase.ele('failure', { message: xmlText(worst.message), type: worst.severity }).txt(findings.map(describe).join('\n\n'));
        continue;
      }
      if (findings.every((finding) => finding.status !== 'open')) {
        testcase.ele('skipped', { message: xmlText(first.status === 'suppressed' && first.suppression !== undefined ? `suppressed: ${first.suppression.reason}` : first.status) });
      }
      // Findings below the gate pass, but the reader still sees them.
      testcase.ele('system-out').txt(findings.map(describe).join('\n\n'));
    }
  }
  if (gaps.length > 0) {
    const element = root.ele('testsuite', { name: 'mi-audit coverage', tests: String(gaps.length), failures: '0', errors: String(gaps.length), skipped: '0', time: '0', timestamp });
    for (const gap of gaps) {
      element
        .ele('testcase', { name: xmlText(`${gap.source} @ ${gap.scope}`), classname: 'mi-audit.coverage', time: '0' })
        .ele('error', { message: xmlText(`could not read ${gap.source} @ ${gap.scope}: ${gap.reason}`), type: 'coverage-gap' });
    }
  }
  return `${root.end({ prettyPrint: true })}\n`;
}

export const junitReporter: Reporter = {
  format: 'junit',
  description: 'JUnit XML for Azure DevOps, GitLab and Jenkins test views: one case per (rule, subject), failures at or above --fail-on.',
  render: (report, env) => renderJunit(report, env.rules),
};
