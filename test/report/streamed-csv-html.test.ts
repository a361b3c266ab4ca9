/**
 * `scan --format csv|html` writes the reporters' chunks as they come (renderChunks): joined, they are the text of
 * `render`, for the demo tenant and for names that attack CSV and HTML; no chunk grows with the report; and a
 * finding's row is made only when the chunk that holds it is pulled.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import { CHUNK_CHARS } from '../../src/core/text-chunks.js';
import type { AssessedFinding } from '../../src/engine/types.js';
import { csvReportChunks, csvReporter } from '../../src/report/csv.js';
import { htmlReportChunks, htmlReporter } from '../../src/report/html.js';
import type { ScanReport } from '../../src/report/model.js';
import type { Reporter } from '../../src/report/reporter.js';
import { analyzeSnapshot } from '../../src/scan/analyze.js';
import { readSnapshotFile } from '../../src/snapshot/read.js';
import { HOSTILE_APP } from '../record/hostile-tenant.js';
import { GITHUB_ISSUER, TenantBuilder } from '../helpers/tenant-builder.js';
import { parseCsv } from './csv-parse.js';

const env = { color: false, columns: 100 };
const NOW = new Date('2026-12-01T00:00:00Z');

const FORMATS: readonly { reporter: Reporter; chunks: (report: ScanReport, chunkChars?: number) => Iterable<string> }[] = [
  { reporter: csvReporter, chunks: csvReportChunks },
  { reporter: htmlReporter, chunks: htmlReportChunks },
];

async function demoReport(): Promise<ScanReport> {
  return analyzeSnapshot({ snapshot: await readSnapshotFile(DEMO_SNAPSHOT_PATH), failOn: 'high', now: NOW }).report;
}

/** A tenant named by an attacker: formula, markup, script end tag, bidi override, line separator; one finding suppressed. */
function hostileReport(): ScanReport {
  const t = new TenantBuilder();
  const prod = t.subscription('prod');
  const app = t.application({ displayName: HOSTILE_APP, secrets: 1 });
  t.fic(app, { name: '+cmd', issuer: GITHUB_ISSUER, subject: 'repo:evil/<img src=x onerror=alert(2)>:ref:refs/heads/main' });
  t.assign(app, 'Owner', prod.scope);
  t.gap({ source: 'roleAssignments', scope: '/subscriptions/x', reason: '-2+3\r\n<b>gap</b>' });
  const { report } = analyzeSnapshot({ snapshot: t.build(), failOn: 'high', now: NOW });
  assert.ok(report.findings.length >= 2, 'the hostile tenant produces findings');
  const findings = report.findings.map(
    (finding, index): AssessedFinding => ({
      ...finding,
      message: `${finding.message} =cmd|' /C calc'!A0 </td></tr><tr><td>\u2028`,
      ...(index === 1 ? { status: 'suppressed' as const, suppression: { source: 'config' as const, reason: '@SUM(1)\n</details>', expires: '2026-12-31' } } : {}),
    }),
  );
  return { ...report, findings };
}

/** `report`'s findings repeated `times` times (distinct fingerprints), each copy counting the reads of its message. */
function repeated(report: ScanReport, times: number): { report: ScanReport; reads: () => number } {
  let reads = 0;
  const findings: AssessedFinding[] = [];
  for (let copy = 0; copy < times; copy += 1) {
    for (const finding of report.findings) {
      const { message, ...rest } = finding;
      const counted = { ...rest, fingerprint: `${finding.fingerprint}-${copy}` } as AssessedFinding;
      Object.defineProperty(counted, 'message', { enumerable: true, get: () => ((reads += 1), message) });
      findings.push(counted);
    }
  }
  return { report: { ...report, findings }, reads: () => reads };
}

describe('csv and html reports stream', () => {
  for (const { reporter, chunks } of FORMATS) {
    it(`${reporter.format}: the chunks joined are the rendered text, for the demo tenant and for hostile names`, async () => {
      for (const report of [await demoReport(), hostileReport()]) {
        const text = reporter.render(report, env);
        assert.ok(reporter.renderChunks !== undefined, 'the CLI streams this format');
        assert.equal([...reporter.renderChunks(report, env)].join(''), text);
        // Tiny chunks: every row boundary is a batch boundary, and the text is still the same.
        assert.equal([...chunks(report, 16)].join(''), text);
      }
    });

    it(`${reporter.format}: no chunk grows with the report, and rows are made only when their chunk is pulled`, async () => {
      const { report, reads } = repeated(await demoReport(), 40);
      const total = report.findings.length;
      const iterator = chunks(report)[Symbol.iterator]();
      const first = iterator.next();
      assert.ok(first.done !== true && first.value.length > 0, 'a first chunk');
      assert.ok(reads() > 0 && reads() < total / 4, `${reads()} of ${total} rows made for the first chunk`);
      const sizes = [first.value.length];
      for (let next = iterator.next(); next.done !== true; next = iterator.next()) sizes.push(next.value.length);
      assert.equal(reads(), total, 'each row made exactly once');
      const text = sizes.reduce((sum, size) => sum + size, 0);
      assert.ok(text > 20 * CHUNK_CHARS, `the report is large: ${text} characters`);
      // A chunk holds at most two batches' worth of cells plus quoting (csv) or a quarter chunk past its size (html).
      assert.ok(Math.max(...sizes) <= 3 * CHUNK_CHARS, `largest chunk ${Math.max(...sizes)} characters`);
    });
  }

  it('csv: the hostile rows stay one record each, every cell guarded', () => {
    const report = hostileReport();
    const rows = parseCsv([...csvReportChunks(report, 16)].join(''));
    assert.equal(rows.length, report.findings.length + 1, 'header plus one row per finding');
    for (const row of rows.slice(1)) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `unguarded cell ${JSON.stringify(cell)}`);
  });

  it('html: the hostile names add no element, and the page ends once', () => {
    const html = [...htmlReportChunks(hostileReport(), 16)].join('');
    assert.ok(!html.includes('<script') && !html.includes('<img') && !html.includes('<b>'), 'tenant markup is text');
    assert.equal(html.split('</tr><tr>').length, 1, 'no row injected');
    assert.match(html, /<\/body><\/html>\n$/);
    assert.equal(html.split('</html>').length, 2);
  });
});
