import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CSV_COLUMNS, csvCell, csvReporter } from '../../src/report/csv.js';
import { jsonReporter } from '../../src/report/json.js';
import { tableReporter } from '../../src/report/table.js';
import { parseCsv } from './csv-parse.js';
import { BASELINED, OPEN, sampleReport, SUPPRESSED } from './sample-report.js';

const env = { color: false, columns: 120 };

describe('table with policy statuses', () => {
  it('lists open findings and counts the others in the summary line', () => {
    const text = tableReporter.render(sampleReport(), env);
    assert.match(text, /1 open finding: 1 critical \(1 suppressed, 1 baselined; list them with --show-suppressed\)\n/);
    assert.ok(text.includes('id-deploy'));
    assert.ok(!text.includes('app-deploy'), 'the suppressed finding is only counted');
    assert.ok(!text.includes('MIA-3003'), 'the baselined finding is only counted');
  });

  it('lists suppressed and baselined findings separately with --show-suppressed', () => {
    const text = tableReporter.render(sampleReport(), { ...env, showSuppressed: true });
    assert.match(text, /Suppressed and baselined \(2\), not counted by the gate:/);
    assert.match(text, /Suppressed until 2026-12-31: break-glass,/);
    assert.match(text, /In the baseline\./);
    assert.match(text, /1 open finding: 1 critical \(1 suppressed, 1 baselined\)\n/);
  });

  it('says when nothing is open, and keeps the old summary when nothing is suppressed', () => {
    assert.match(tableReporter.render(sampleReport([SUPPRESSED, BASELINED]), env), /No open findings \(1 suppressed, 1 baselined; list them with --show-suppressed\)\.\n/);
    assert.match(tableReporter.render(sampleReport([OPEN]), env), /\n1 finding: 1 critical\n/);
    assert.match(tableReporter.render(sampleReport([]), env), /No findings\./);
  });
});

describe('csv and json carry the status', () => {
  it('appends status and suppression columns after the v1 columns', () => {
    assert.deepEqual(CSV_COLUMNS.slice(-5), ['fingerprint', 'status', 'suppressionReason', 'suppressionExpires', 'suppressionTicket']);
    const rows = csvReporter.render(sampleReport(), env).trimEnd().split('\r\n');
    assert.equal(rows.length, 4);
    assert.match(rows[1] ?? '', /,open,,,$/);
    assert.match(rows[2] ?? '', /,suppressed,"break-glass, reviewed quarterly",2026-12-31,SEC-42$/);
    assert.match(rows[3] ?? '', /,baselined,,,$/);
  });

  it('json has status on every finding and suppression on suppressed ones', () => {
    const report = JSON.parse(jsonReporter.render(sampleReport(), env)) as { findings: { status: string; suppression?: unknown }[]; summary: Record<string, unknown> };
    assert.deepEqual(report.findings.map((finding) => finding.status), ['open', 'suppressed', 'baselined']);
    assert.deepEqual(report.findings[1]?.suppression, SUPPRESSED.suppression);
    assert.equal('suppression' in (report.findings[0] ?? {}), false);
    assert.deepEqual([report.summary['total'], report.summary['open'], report.summary['suppressed'], report.summary['baselined']], [3, 1, 1, 1]);
  });
});

describe('csv safety', () => {
  it('prefixes formula-looking cells with an apostrophe, decided on the raw value', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
      const cell = csvCell(`${lead}HYPERLINK("https://e.example","x")`);
      assert.ok(cell.startsWith("'"), JSON.stringify(cell));
      assert.ok(!/[\t\r\n]/.test(cell), 'control characters escaped visibly');
    }
    assert.equal(csvCell('id-deploy'), 'id-deploy');
    assert.equal(csvCell('a=b'), 'a=b', 'only a leading sign is a formula');
  });

  it('a formula in a display name reaches the spreadsheet as text, in one quoted cell', () => {
    const name = '=cmd|" /C calc"!A0,\r\nfake,row';
    const text = csvReporter.render(sampleReport([{ ...OPEN, subject: { ...OPEN.subject, displayName: name } }]), env);
    const rows = parseCsv(text);
    assert.equal(rows.length, 2);
    assert.equal(rows[1]?.[CSV_COLUMNS.indexOf('subjectName')], `'=cmd|" /C calc"!A0,\\x0d\\x0afake,row`);
  });
});
