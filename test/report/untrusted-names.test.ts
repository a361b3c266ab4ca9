/**
 * Names from the tenant are chosen by whoever can name an app registration. Property: whatever the display
 * name, subject or message, no human format carries a raw control or bidi character or a structure change
 * (an extra CSV row, an HTML element, a Markdown line), and JSON and SARIF carry the exact value.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';
import { create } from 'xmlbuilder2';

import { analyzeSnapshot } from '../../src/scan/analyze.js';
import { hasUnsafeCharacters } from '../../src/core/untrusted-text.js';
import type { AssessedFinding, RuleMeta } from '../../src/engine/types.js';
import { CSV_COLUMNS } from '../../src/report/csv.js';
import { htmlReporter } from '../../src/report/html.js';
import { xmlText } from '../../src/report/markup-text.js';
import { OUTPUT_FORMATS } from '../../src/report/formats.js';
import { REPORTERS } from '../../src/report/index.js';
import type { ScanReport } from '../../src/report/model.js';
import { renderRuleCatalog, renderRuleDetail } from '../../src/report/rules-text.js';
import { GITHUB_ISSUER, TenantBuilder } from '../helpers/tenant-builder.js';
import { parseCsv } from './csv-parse.js';
import { attr, list, parseJunit } from './junit-parse.js';
import { assertTablesIntact, tagNames } from './markup-checks.js';

/** Characters that attack terminals, CSV, Markdown and HTML, mixed with any code point (lone surrogates too). */
const hostile = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\u001b', '\u0007', '\r', '\n', '\t', '\u0000', '\u007f', '\u009b', '\u202e', '\u2066', '\u2028', '|', '<', '>', '&', '"', "'", '`', '[', ']', '(', ')', '!', '*', '_', '=', '+', '-', '@', ',', ';', '\\', '#', ':', '/', 'a', ' '),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 40,
});

interface Hostile {
  readonly name: string;
  readonly subject: string;
  readonly message: string;
}

/** A small tenant whose app has the hostile name and a FIC with the hostile subject; the findings get the message. */
function hostileReport(values: Hostile): { report: ScanReport; rules: readonly RuleMeta[] } {
  const t = new TenantBuilder();
  const prod = t.subscription('prod');
  const app = t.application({ displayName: values.name, secrets: 1 });
  t.fic(app, { name: 'gh', issuer: GITHUB_ISSUER, subject: values.subject });
  t.assign(app, 'Owner', prod.scope);
  t.gap({ source: 'roleAssignments', scope: '/subscriptions/x', reason: values.message });
  const { report, rules } = analyzeSnapshot({ snapshot: t.build(), failOn: 'high', now: new Date('2026-06-01T00:00:00Z') });
  assert.ok(report.findings.length >= 2, 'the small tenant produces findings');
  const findings = report.findings.map(
    (finding, index): AssessedFinding => ({
      ...finding,
      message: `${finding.message} ${values.message}`,
      evidence: { ...finding.evidence, subject: values.subject },
      related: [...finding.related, { relation: 'credential', kind: 'federatedIdentityCredential', id: values.subject, displayName: values.name }],
      ...(index === 1 ? { status: 'suppressed' as const, suppression: { source: 'config' as const, reason: values.message, expires: '2026-12-31' } } : {}),
    }),
  );
  return { report: { ...report, findings }, rules };
}

const noRawControls = (text: string): boolean => !hasUnsafeCharacters(text.replace(/\r?\n/g, ''));

/** The report with every text that came from the tenant (or was set from the hostile values) replaced by `x`. */
function blandReport(report: ScanReport): ScanReport {
  return {
    ...report,
    coverage: { ...report.coverage, gaps: report.coverage.gaps.map((gap) => ({ ...gap, reason: 'x' })) },
    findings: report.findings.map((finding) => ({
      ...finding,
      message: 'x',
      subject: { ...finding.subject, ...(finding.subject.displayName === undefined ? {} : { displayName: 'x' }) },
      evidence: Object.fromEntries(Object.keys(finding.evidence).map((key) => [key, 'x'])),
      related: finding.related.map((ref) => ({ ...ref, id: 'x', ...(ref.displayName === undefined ? {} : { displayName: 'x' }) })),
      ...(finding.suppression === undefined ? {} : { suppression: { ...finding.suppression, reason: 'x' } }),
    })),
  };
}

type Check = (text: string, values: Hostile, report: ScanReport) => void;

const CHECKS: Record<string, Check> = {
  table: (text) => assert.ok(noRawControls(text)),
  csv: (text, _values, report) => {
    assert.ok(noRawControls(text));
    const rows = parseCsv(text);
    assert.equal(rows.length, report.findings.length + 1, 'a header and one row per finding');
    for (const row of rows) assert.equal(row.length, CSV_COLUMNS.length);
  },
  markdown: (text) => {
    assert.ok(noRawControls(text));
    assert.deepEqual([...new Set(tagNames(text))].sort(), ['br', 'details', 'summary'].filter((tag) => tagNames(text).includes(tag)));
    assertTablesIntact(text);
  },
  junit: (text, values) => {
    assert.ok(noRawControls(text));
    const cases = parseJunit(text).flatMap((suite) => list(suite['testcase']));
    assert.ok(cases.some((testcase) => attr(testcase, 'name')?.startsWith(xmlText(values.name))));
  },
  html: (text, _values, report) => {
    assert.ok(noRawControls(text));
    // The same report with every tenant text replaced by a plain word has exactly the same elements.
    const plain = htmlReporter.render(blandReport(report), { color: false, columns: 100 });
    assert.deepEqual(tagNames(text), tagNames(plain));
  },
  json: (text, values) => {
    const parsed = JSON.parse(text) as ScanReport;
    const [first] = parsed.findings;
    assert.equal(first?.subject.displayName, values.name);
    assert.equal(first?.evidence['subject'], values.subject);
    assert.ok(first?.message.endsWith(` ${values.message}`));
  },
  sarif: (text, values) => {
    const parsed = JSON.parse(text) as { runs: { results: { message: { text: string }; locations: { logicalLocations: { name?: string }[] }[] }[] }[] };
    const result = parsed.runs[0]?.results[0];
    assert.equal(result?.locations[0]?.logicalLocations[0]?.name, values.name);
    assert.ok(result?.message.text.endsWith(` ${values.message}`));
  },
};

describe('untrusted tenant text in every format', () => {
  it('has a check for every registered format', () => {
    assert.deepEqual([...OUTPUT_FORMATS].sort(), Object.keys(CHECKS).sort());
    assert.deepEqual(REPORTERS.map((reporter) => reporter.format).sort(), Object.keys(CHECKS).sort());
  });

  for (const reporter of REPORTERS) {
    it(`${reporter.format}: escapes or round-trips arbitrary names, subjects and messages`, () => {
      const check = CHECKS[reporter.format];
      assert.ok(check !== undefined);
      fc.assert(
        fc.property(fc.record({ name: hostile, subject: hostile, message: hostile }), (values) => {
          const { report, rules } = hostileReport(values);
          check(reporter.render(report, { color: false, columns: 100, rules, showSuppressed: true }), values, report);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('streamed formats write exactly the text of render, and JUnit exactly what xmlbuilder2 prints for the whole document', () => {
    const streamed = REPORTERS.filter((reporter) => reporter.renderChunks !== undefined);
    assert.deepEqual(streamed.map((reporter) => reporter.format).sort(), ['csv', 'html', 'json', 'junit', 'sarif']);
    fc.assert(
      fc.property(fc.record({ name: hostile, subject: hostile, message: hostile }), (values) => {
        const { report, rules } = hostileReport(values);
        const env = { color: false, columns: 100, rules };
        for (const reporter of streamed) {
          const text = [...(reporter.renderChunks?.(report, env) ?? [])].join('');
          assert.equal(text, reporter.render(report, env), reporter.format);
          if (reporter.format === 'junit') assert.equal(text, `${create(text).end({ prettyPrint: true })}\n`);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('rules text: no raw control character from any rule metadata', () => {
    fc.assert(
      fc.property(hostile, hostile, (title, url) => {
        const meta: RuleMeta = { id: 'MIA-9999', name: 'x', category: 'privileged-role', severity: 'high', title, why: title, fix: title, references: [{ title, url }], requires: [] };
        assert.ok(noRawControls(renderRuleCatalog([meta], 80)));
        assert.ok(noRawControls(renderRuleDetail(meta, 80)));
      }),
      { numRuns: 100 },
    );
  });

  it('a name that retitles the terminal and fakes a row reaches the table and CSV only as visible escapes', () => {
    const name = 'evil\u001b]0;pwned\u0007\r\nCRITICAL,fake';
    const { report, rules } = hostileReport({ name, subject: 'x', message: '=HYPERLINK("https://e.example")' });
    const env = { color: false, columns: 100, rules };
    const table = REPORTERS.find((reporter) => reporter.format === 'table')?.render(report, env) ?? '';
    assert.ok(table.includes('evil\\x1b]0;pwned\\x07\\x0d\\x0aCRITICAL,fake'));
    const csv = REPORTERS.find((reporter) => reporter.format === 'csv')?.render(report, env) ?? '';
    assert.ok(csv.includes('evil\\x1b]0;pwned\\x07\\x0d\\x0aCRITICAL,fake'));
  });
});
