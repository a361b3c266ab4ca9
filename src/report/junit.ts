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
import { batchChunks } from '../core/text-chunks.js';
import type { AssessedFinding } from '../engine/types.js';
import { xmlText } from './markup-text.js';
import type { ScanReport } from './model.js';
import type { Reporter } from './reporter.js';
import { failsGate } from './verdict.js';

// xmlbuilder2 takes ~100 ms to load and only this reporter needs it: loaded on the first JUnit render.
const xmlbuilder = lazyRequire<typeof import('xmlbuilder2')>('xmlbuilder2');

/** The rules that ran (the catalog), in the order their suites are written. */
type JunitRules = readonly { readonly id: string; readonly name: string }[];

interface Suite {
  readonly id: string;
  readonly name: string;
  readonly cases: Map<string, AssessedFinding[]>;
}

/** Suites in rule order (the catalog when given, else the order the findings name them), cases in finding order. */
function suites(report: ScanReport, rules: JunitRules | undefined): Suite[] {
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

/** The JUnit XML of `report`, whole. */
export function renderJunit(report: ScanReport, rules?: JunitRules): string {
  return [...junitChunks(report, rules)].join('');
}

/**
 * The JUnit XML of `report` in chunks of about 32 Ki characters; the text is that of one xmlbuilder2 document
 * pretty-printed whole (the way this reporter wrote it before), but no DOM of 72,000 test cases is built (1.08 GB
 * peak at scale): test cases are built a batch at a time in a small document and printed by xmlbuilder2's
 * serialiser at the depth they have in the report (`offset`), and each enclosing element's open and close tags
 * are cut from the serialisation of that element around a marker child. The pretty printer writes a child as a
 * newline plus the child indented one level deeper, so the pieces join into the whole document's text.
 * xmlbuilder2's callback API (createCB) writes the same bytes, but it makes a fragment document per element:
 * three times slower, and its garbage took the scan of that tenant to a 1.09 GB peak.
 * Only the per-suite counts of the head are computed first. Errors: an Error from xmlbuilder2 if it refused
 * the document (not on a valid report: xmlText removes what XML cannot carry), raised while iterating.
 * https://oozcitak.github.io/xmlbuilder2/serialization.html
 */
export function junitChunks(report: ScanReport, rules?: JunitRules): Iterable<string> {
  return batchChunks(junitPieces(report, rules));
}

/** Nesting of testsuite elements under testsuites (pretty printing, two spaces a level); test cases are one deeper. */
const SUITE_LEVEL = 1;
/** Test cases printed together: ~1.1 Ki characters a case at scale, so a batch is about one chunk (CHUNK_CHARS). */
const CASES_PER_BATCH = 32;
const MARKER = 'mi-audit-children';

type Attributes = Record<string, string>;
type Builder = ReturnType<ReturnType<typeof xmlbuilder>['create']>;

/**
 * The text before and after the children of an element printed at `level`: the serialisation of the element
 * around one marker child, cut at the marker's line (attribute values escape `<`, so the marker tag is unique).
 */
function enclosing(build: (marker: (parent: Builder) => void) => string, level: number): { readonly open: string; readonly close: string } {
  const text = build((parent) => {
    parent.ele(MARKER);
  });
  const line = `\n${'  '.repeat(level + 1)}<${MARKER}/>`;
  const at = text.indexOf(line);
  if (at < 0) throw new Error('xmlbuilder2 printed the marker child in an unexpected form');
  return { open: text.slice(0, at), close: text.slice(at + line.length) };
}

function* junitPieces(report: ScanReport, rules: JunitRules | undefined): Generator<string, void, undefined> {
  const { create } = xmlbuilder();
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
  const rootAttributes: Attributes = {
    name: xmlText(`mi-audit ${report.tool.version} tenant ${report.tenantId}`),
    tests: String(totals.tests),
    failures: String(totals.failures),
    errors: String(totals.errors),
    skipped: String(totals.skipped),
    time: '0',
    timestamp,
  };
  const declaration = { version: '1.0', encoding: 'UTF-8' } as const;
  if (all.length === 0 && gaps.length === 0) {
    yield `${create(declaration).ele('testsuites', rootAttributes).end({ prettyPrint: true })}\n`;
    return;
  }
  const root = enclosing((children) => {
    const element = create(declaration).ele('testsuites', rootAttributes);
    children(element);
    return element.end({ prettyPrint: true });
  }, 0);
  /**
   * Test cases in batches of CASES_PER_BATCH, each batch built in a fresh document under a marker element printed
   * at the suite's depth, so that its cases come out at theirs; the marker's tags are cut off. Measured at 72,000
   * cases: one long-lived document whose cases were printed one by one and removed peaked at 553 MiB instead of
   * 367; a fragment per batch was as exact, but after a few thousand fragments xmlbuilder2's node creation ran
   * three times slower (documents from create() do not slow it).
   */
  const markerOpen = `${'  '.repeat(SUITE_LEVEL)}<${MARKER}>`;
  const markerClose = `\n${'  '.repeat(SUITE_LEVEL)}</${MARKER}>`;
  const printed = (batch: Builder): string => {
    const text = batch.toString({ prettyPrint: true, offset: SUITE_LEVEL });
    if (!text.startsWith(markerOpen) || !text.endsWith(markerClose)) throw new Error('xmlbuilder2 printed the marker element in an unexpected form');
    return text.slice(markerOpen.length, text.length - markerClose.length);
  };
  /** One suite: its open tag, its cases (`addCase` adds one under a parent), its close tag. */
  function* suite<T>(attributes: Attributes, cases: Iterable<T>, addCase: (parent: Builder, item: T) => void): Generator<string, void, undefined> {
    const tags = enclosing((children) => {
      const element = create().ele('testsuite', attributes);
      children(element);
      return element.toString({ prettyPrint: true, offset: SUITE_LEVEL });
    }, SUITE_LEVEL);
    yield `\n${tags.open}`;
    let batch = create().ele(MARKER);
    let size = 0;
    for (const item of cases) {
      addCase(batch, item);
      size += 1;
      if (size === CASES_PER_BATCH) {
        yield printed(batch);
        batch = create().ele(MARKER);
        size = 0;
      }
    }
    if (size > 0) yield printed(batch);
    yield tags.close;
  }
  yield root.open;
  for (const current of all) {
    const attributes: Attributes = {
      name: xmlText(`${current.id} ${current.name}`),
      tests: String(testsOf(current)),
      failures: String(count(current, 'failure')),
      errors: '0',
      skipped: String(count(current, 'skipped')),
      time: '0',
      timestamp,
    };
    const classname = xmlText(`mi-audit.${current.id}.${current.name}`);
    const cases: Iterable<readonly AssessedFinding[]> = current.cases.size === 0 ? [[]] : current.cases.values();
    yield* suite(attributes, cases, (parent, findings) => {
      const [first] = findings;
      if (first === undefined) {
        parent.ele('testcase', { name: 'no findings', classname, time: '0' });
        return;
      }
      const testcase = parent.ele('testcase', { name: caseName(first), classname, time: '0' });
      const [worst] = findings.filter((finding) => failsGate(finding, report.failOn));
      if (worst !== undefined) {
        testcase.ele('failure', { message: xmlText(worst.message), type: worst.severity }).txt(findings.map(describe).join('\n\n'));
        return;
      }
      if (findings.every((finding) => finding.status !== 'open')) {
        testcase.ele('skipped', { message: xmlText(first.status === 'suppressed' && first.suppression !== undefined ? `suppressed: ${first.suppression.reason}` : first.status) });
      }
      // Findings below the gate pass, but the reader still sees them.
      testcase.ele('system-out').txt(findings.map(describe).join('\n\n'));
    });
  }
  if (gaps.length > 0) {
    const attributes = { name: 'mi-audit coverage', tests: String(gaps.length), failures: '0', errors: String(gaps.length), skipped: '0', time: '0', timestamp };
    yield* suite(attributes, gaps, (parent, gap) => {
      parent
        .ele('testcase', { name: xmlText(`${gap.source} @ ${gap.scope}`), classname: 'mi-audit.coverage', time: '0' })
        .ele('error', { message: xmlText(`could not read ${gap.source} @ ${gap.scope}: ${gap.reason}`), type: 'coverage-gap' });
    });
  }
  yield `${root.close}\n`;
}

export const junitReporter: Reporter = {
  format: 'junit',
  description: 'JUnit XML for Azure DevOps, GitLab and Jenkins test views: one case per (rule, subject), failures at or above --fail-on.',
  render: (report, env) => renderJunit(report, env.rules),
  // Streamed: at 72,000 findings the XML is ~80 MB of text (docs/performance.md).
  renderChunks: (report, env) => junitChunks(report, env.rules),
};
