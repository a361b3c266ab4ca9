/** The identity-first scan table (src/report/table-identities.ts): summary first, identities by risk, findings under them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { scanCommand } from '../../src/cli/commands/scan.js';
import { analyzeSnapshot } from '../../src/scan/analyze.js';
import { buildIdentityRecords, identityRecords } from '../../src/record/build.js';
import { renderIdentityTable } from '../../src/report/table-identities.js';
import { renderReport } from '../../src/scan/render.js';
import { validateSnapshot } from '../../src/snapshot/read.js';
import { TEST_NOW } from '../helpers/rule-harness.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';
import { GOLDEN_NOW, demoSnapshot } from './demo-document.js';

describe('identity-first table', () => {
  it('puts the summary first, then identities by risk with their findings, then findings about no identity', async () => {
    const snapshot = await demoSnapshot();
    const { report, inventory } = analyzeSnapshot({ snapshot, failOn: 'none', now: GOLDEN_NOW });
    const records = buildIdentityRecords(inventory, report.findings);
    const text = renderIdentityTable(report, identityRecords(inventory, report.findings), { color: false, columns: 100 });
    const lines = text.split('\n');
    assert.ok(lines.slice(0, 4).some((line) => new RegExp(`^${records.length} identities by privilege tier T0 \\d+, T1 \\d+, T2 \\d+, T3 \\d+; \\d+ with open findings$`).test(line)), 'the identity summary comes first');
    assert.ok(lines.slice(0, 5).some((line) => new RegExp(`^${report.summary.open} findings: \\d+ critical`).test(line)), 'the summary line of the flat table');
    const headings = lines.filter((line) => /^#\d+ /.test(line)).map((line) => Number(/^#(\d+)/.exec(line)?.[1]));
    assert.deepEqual(headings, [...headings].sort((a, b) => a - b), 'ranked');
    assert.equal(headings[0], 1);
    const first = records[0];
    assert.ok(first !== undefined && lines.some((line) => line.startsWith(`#1 CRITICAL ${first.name} (`)));
    const after = lines.slice(lines.findIndex((line) => line.startsWith('#1 ')) + 1);
    assert.match(after[0] ?? '', /^ {4}CRITICAL MIA-\d{4} /, 'the findings follow their identity, indented');
    const loose = lines.indexOf('Not tied to a workload identity:');
    assert.ok(loose > 0 && lines.slice(loose).some((line) => line.includes('orphaned-assignment')));
    assert.ok(!text.includes('id-orders-prod'), 'an identity without findings is counted, not listed');
    assert.match(text, /identities without open findings; `mi-audit export` lists every identity/);
    // Lines wrap to the width: compare messages with white space folded away.
    const folded = text.replace(/\s+/g, '');
    for (const finding of report.findings) assert.ok(folded.includes(finding.message.replace(/\s+/g, '')), `${finding.rule} is shown`);
    assert.ok(lines.every((line) => line.length <= 100), 'every line fits the 100 columns it was given');
    const narrow = renderIdentityTable(report, identityRecords(inventory, report.findings), { color: false, columns: 80 }).split('\n');
    assert.deepEqual(narrow.filter((line) => line.length > 80), [], 'and 80 columns too');
    assert.ok(!narrow.some((line) => /^\s*(grants?|trust)\b/.test(line)), 'a wrap never splits "2 grants" or "B3 trust"');
    assert.ok(narrow.some((line) => line.startsWith('T0-T3: privilege tier')), 'the tiers and breadths are explained');
  });

  it('escapes tenant names and lists accepted findings only with showSuppressed', () => {
    const t = new TenantBuilder();
    const sub = t.subscription('sub');
    const evil = t.uami({ name: 'id-\u001b[31mred\u202e', subscription: sub });
    t.assign(evil, 'Owner', sub.scope);
    const snapshot = validateSnapshot(t.build(), 'test');
    const { report, inventory } = analyzeSnapshot({ snapshot, failOn: 'none', now: TEST_NOW });
    const text = renderIdentityTable(report, identityRecords(inventory, report.findings), { color: false, columns: 100 });
    assert.ok(!/[\u001b\u202e]/.test(text));
    assert.ok(text.includes('id-\\x1b[31mred\\u{202e}'));

    const suppressed = { ...report, findings: report.findings.map((finding) => ({ ...finding, status: 'suppressed' as const })), summary: { ...report.summary, open: 0, suppressed: report.findings.length } };
    const quietRecords = identityRecords(inventory, suppressed.findings);
    assert.ok(!renderIdentityTable(suppressed, quietRecords, { color: false, columns: 100 }).includes('MIA-1001'));
    assert.match(renderIdentityTable(suppressed, quietRecords, { color: false, columns: 100, showSuppressed: true }), /MIA-1001 privileged-role: [^]* \(suppressed\)/);
  });

  it('builds only the records it shows: none past the row limit', () => {
    const t = new TenantBuilder();
    const sub = t.subscription('sub');
    // Each identity holds Owner on the subscription: one critical finding or more apiece, far past the row limit.
    for (let index = 0; index < 1200; index += 1) t.assign(t.uami({ name: `id-${index}`, subscription: sub }), 'Owner', sub.scope);
    const snapshot = validateSnapshot(t.build(), 'test');
    const { report, inventory } = analyzeSnapshot({ snapshot, failOn: 'none', now: TEST_NOW });
    const records = identityRecords(inventory, report.findings);
    const text = renderIdentityTable(report, records, { color: false, columns: 100 });
    assert.match(text, /^1200 identities by privilege tier T0 1200, T1 0, T2 0, T3 0; 1200 with open findings$/m);
    assert.match(text, /Showing \d+ of \d+ findings; use --format json or csv for all of them\./);
    const shownIdentities = text.split('\n').filter((line) => /^#\d+ /.test(line)).length;
    assert.ok(shownIdentities < 1200, `only part of the identities is listed (${shownIdentities})`);
    assert.equal(records.built, shownIdentities + 1, 'one record beyond the last one shown is built (the one that stops the loop), no more');
  });

  it('scan renders it for the table format when groupBy is identity, and the flat list otherwise', async () => {
    const scan = async (groupBy: 'identity' | 'rule' | undefined): Promise<string> => {
      let out = '';
      const io = { stdout: { write: (text: string) => (out += text) }, stderr: { write: () => true }, env: {}, now: () => GOLDEN_NOW };
      const exitCode = await scanCommand(io, { color: false, quiet: true, debug: false }, { demo: true, format: 'table', failOn: 'none', cloud: 'AzureCloud', discovery: 'arg', concurrency: 8, ...(groupBy === undefined ? {} : { groupBy }) });
      assert.equal(exitCode, 0);
      return out;
    };
    assert.match(await scan('identity'), /^#1 CRITICAL /m);
    assert.match(await scan(undefined), /^#1 CRITICAL /m, 'the identity view is the default');
    for (const flat of [await scan('rule')]) {
      assert.ok(!/^#1 /m.test(flat));
      assert.match(flat, /│ Severity \/ rule/);
    }
  });

  it('the Markdown summary ranks the worst identities as the table does', async () => {
    const snapshot = await demoSnapshot();
    const result = analyzeSnapshot({ snapshot, failOn: 'high', now: GOLDEN_NOW });
    const records = buildIdentityRecords(result.inventory, result.report.findings).filter((record) => record.risk.worstOpenSeverity !== null);
    const markdown = String(renderReport(result, 'markdown', { color: false, columns: 100 }));
    const rows = markdown.split('\n').filter((line) => /^\| [^|]+ \| (userAssignedIdentity|systemAssignedIdentity|application) \|/.test(line));
    assert.equal(rows.length, Math.min(10, records.length));
    assert.ok(markdown.includes(`(${rows.length} of ${records.length} with open findings)`));
    rows.forEach((row, index) => assert.ok(row.startsWith(`| ${records[index]?.name ?? '?'} |`), `row ${index + 1} is rank ${index + 1}`));
  });
});
