import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { analyzeSnapshot } from '../../src/scan/analyze.js';
import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import type { AssessedFinding } from '../../src/engine/types.js';
import { rulesCommand } from '../../src/cli/commands/rules.js';
import { renderRuleCatalog, renderRuleDetail, ruleDocPath } from '../../src/report/rules-text.js';
import { tableReporter } from '../../src/report/table.js';
import { displayWidth, wrapText } from '../../src/report/wrap.js';
import { RULES } from '../../src/rules/index.js';
import { readSnapshotFile } from '../../src/snapshot/read.js';
import { OPEN, sampleReport } from './sample-report.js';

const LONG_ID = `/subscriptions/${'a'.repeat(36)}/resourceGroups/rg-${'very-long-'.repeat(8)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-${'x'.repeat(90)}`;
const LONG: AssessedFinding = {
  ...OPEN,
  rule: 'flexible-credential-invalid',
  subject: { kind: 'userAssignedIdentity', id: LONG_ID, displayName: '身份-部署-生产环境-非常长的名字-🚀🚀' },
  message: `Trusts repo:${'contoso/'.repeat(20)}app:ref:refs/heads/main from https://token.actions.githubusercontent.com/${'tenant-'.repeat(15)}.`,
};

/** The lines drawn by cli-table3 (borders and rows), without colour. */
const tableLines = (text: string): string[] => text.split('\n').filter((line) => /^[┌│├└]/.test(line));

describe('table width', async () => {
  const demo = analyzeSnapshot({ snapshot: await readSnapshotFile(DEMO_SNAPSHOT_PATH), failOn: 'high', now: new Date('2026-12-01T00:00:00Z') });
  const reports = [demo.report, sampleReport([LONG, OPEN])];

  for (const columns of [20, 80, 100, 139, 140, 200]) {
    it(`fits ${columns} columns (never below 80) with straight box lines and uncut values`, () => {
      const target = Math.max(80, columns);
      for (const report of reports) {
        const text = tableReporter.render(report, { color: false, columns });
        const lines = tableLines(text);
        assert.ok(lines.length > 3);
        assert.deepEqual([...new Set(lines.map(displayWidth))], [target], 'every table line is exactly the target width');
        for (const line of text.split('\n')) assert.ok(displayWidth(line) <= target, `line wider than ${target}: ${line}`);
        assert.ok(!text.includes('…'), 'nothing truncated');
        const cells = lines.map((line) => line.split('│').map((cell) => cell.trim()));
        for (const finding of report.findings.filter((candidate) => candidate.status === 'open')) {
          assert.ok(cells.some((row) => row.includes(finding.rule)), `rule name ${finding.rule} on one line`);
        }
      }
    });
  }

  it('draws each finding between row lines, as one table (header, a line between findings, one bottom border)', () => {
    const text = tableReporter.render(demo.report, { color: false, columns: 100 });
    const lines = tableLines(text);
    const open = demo.report.findings.filter((finding) => finding.status === 'open').length;
    assert.equal(lines.filter((line) => line.startsWith('┌')).length, 1, 'one top border');
    assert.equal(lines.filter((line) => line.startsWith('└')).length, 1, 'one bottom border');
    assert.ok(lines.at(-1)?.startsWith('└'), 'the bottom border last');
    assert.equal(lines.filter((line) => line.startsWith('├')).length, open, 'a row line under the header and between findings');
    assert.equal(lines.filter((line) => /^│ (CRITICAL|HIGH|MEDIUM|LOW|INFO) /.test(line)).length, open, 'one severity line per finding');
  });

  it('wraps a long ARM id and message instead of cutting them', () => {
    const text = tableReporter.render(sampleReport([LONG]), { color: false, columns: 80 });
    const column = (index: number): string =>
      tableLines(text)
        .slice(3)
        .map((line) => line.split('│')[index]?.trim() ?? '')
        .join('');
    assert.ok(column(2).replace(/ /g, '').includes(LONG_ID), 'the whole ARM id, in pieces');
    assert.ok(column(2).includes('身份-部署-生产环境-非常长的名字-🚀🚀'));
  });

  it('keeps colour codes out of the width', () => {
    const text = tableReporter.render(sampleReport([LONG, OPEN]), { color: true, columns: 90 });
    const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
    assert.notEqual(plain, text, 'coloured');
    assert.deepEqual([...new Set(tableLines(plain).map(displayWidth))], [90]);
  });
});

describe('wrapText', () => {
  it('never exceeds the width and loses no character but the spaces it breaks at', () => {
    for (const width of [2, 7, 20, 46]) {
      const text = `${LONG_ID} and ${LONG.message} 身份部署`;
      const lines = wrapText(text, width);
      for (const line of lines) assert.ok(displayWidth(line) <= width, `${line} > ${width}`);
      assert.equal(lines.join('').replace(/ /g, ''), text.replace(/ /g, ''));
    }
  });

  it('breaks ASCII and wide tokens alike: within the width, nothing lost, after a separator when it can', () => {
    // ASCII tokens take a path without the grapheme segmenter; both must obey the same contract.
    const piece = fc.constantFrom('a', 'Z', '0', '/', ':', '-', '.', ',', '_', '身', '份', '🚀', 'é', 'e\u0301');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 120 }), fc.integer({ min: 2, max: 40 }), (pieces, width) => {
        const token = pieces.join('');
        const lines = wrapText(token, width);
        for (const line of lines) assert.ok(displayWidth(line) <= width, `${line} > ${width}`);
        assert.equal(lines.join(''), token);
      }),
    );
    assert.deepEqual(wrapText('/subscriptions/abc/resourceGroups/rg', 20), ['/subscriptions/abc/', 'resourceGroups/rg']);
    // Found by the property: after a break at the separator, a wide character still did not fit (a 4-column line).
    assert.deepEqual(wrapText('/aa身', 3), ['/', 'aa', '身']);
  });
});

describe('mi-audit rules text', () => {
  it('the catalog fits 80 columns with every rule name whole', () => {
    const text = renderRuleCatalog(RULES.map((rule) => rule.meta), 40);
    for (const line of text.split('\n')) assert.ok(displayWidth(line) <= 80, line);
    assert.deepEqual([...new Set(tableLines(text).map(displayWidth))], [80]);
    for (const { meta } of RULES) assert.ok(text.includes(`│ ${meta.name} `), meta.name);
  });

  it('one rule wraps to the width and names its installed page', () => {
    for (const width of [80, 100]) {
      for (const { meta } of RULES) {
        const text = renderRuleDetail(meta, width);
        for (const line of text.split('\n')) assert.ok(displayWidth(line) <= width || /^(https:\/\/|\/)\S+$/.test(line), `wider than ${width} and not a lone URL: ${line}`);
        for (const reference of meta.references) assert.ok(text.split('\n').some((line) => line.trim() === reference.url), `${reference.url} whole on its own line`);
        assert.ok(text.includes(`Docs: ${ruleDocPath(meta.name)}`) || text.split('\n').some((line) => line.trim() === ruleDocPath(meta.name)), 'the page path whole');
      }
    }
    assert.match(ruleDocPath('privileged-role'), /^\/.*\/docs\/rules\/privileged-role\.md$/, 'absolute, resolved from the package');
  });
});

describe('mi-audit rules width from the CLI', () => {
  it('uses the terminal width, else COLUMNS, else 80', () => {
    const widths = (stdoutColumns: number | undefined, env: Record<string, string>): number[] => {
      let out = '';
      const io = { stdout: { write: (text: string) => (out += text), ...(stdoutColumns === undefined ? {} : { columns: stdoutColumns }) }, stderr: { write: () => true }, env, now: () => new Date(0) };
      rulesCommand(io, { color: false, quiet: false, debug: false }, { format: 'table' });
      return [...new Set(tableLines(out).map(displayWidth))];
    };
    assert.deepEqual(widths(120, { COLUMNS: '100' }), [120]);
    assert.deepEqual(widths(undefined, { COLUMNS: '100' }), [100]);
    assert.deepEqual(widths(undefined, { COLUMNS: 'wide' }), [80]);
    assert.deepEqual(widths(undefined, {}), [80]);
  });
});
