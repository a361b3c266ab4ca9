/** SARIF streamed (sarifChunks): the same text as render, in bounded chunks, each result built as it is written. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CHUNK_CHARS } from '../../src/core/text-chunks.js';
import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import { sarifChunks, sarifReporter } from '../../src/report/sarif.js';
import { analyzeSnapshot } from '../../src/scan/analyze.js';
import { readSnapshotFile } from '../../src/snapshot/read.js';
import { CATALOG } from '../policy/sample-findings.js';
import { manyFindingsReport, sampleReport } from './sample-report.js';

const env = { color: false, columns: 80, rules: CATALOG };
const chunksOf = (report: Parameters<typeof sarifChunks>[0], rules = CATALOG): string[] => [...(sarifReporter.renderChunks?.(report, { ...env, rules }) ?? [])];

describe('SARIF reporter, streamed', () => {
  it('writes exactly the text of render over the demo tenant', async () => {
    const { report, rules } = analyzeSnapshot({ snapshot: await readSnapshotFile(DEMO_SNAPSHOT_PATH), failOn: 'high', now: new Date('2026-11-25T00:00:00Z') });
    assert.ok(report.findings.length > 50, 'the demo has findings to stream');
    assert.equal(chunksOf(report, rules).join(''), sarifReporter.render(report, { ...env, rules }));
  });

  it('writes exactly the text of render with and without a rule catalog, with gaps, suppressions and no findings', () => {
    for (const report of [sampleReport(), sampleReport([]), manyFindingsReport(300, 3)]) {
      assert.equal(chunksOf(report).join(''), sarifReporter.render(report, env));
      assert.equal([...sarifChunks(report)].join(''), sarifReporter.render(report, { color: false, columns: 80 }));
    }
  });

  it('hands out chunks of about CHUNK_CHARS characters', () => {
    const chunks = chunksOf(manyFindingsReport(2000, 0));
    assert.ok(chunks.length > 20, `many chunks (${chunks.length})`);
    // jsonChunks serialises 64 results in its first batch, then sizes batches to CHUNK_CHARS.
    const large = chunks.filter((chunk) => chunk.length > 2 * CHUNK_CHARS);
    assert.ok(large.length <= 1 && large.every((chunk) => chunk.length <= 8 * CHUNK_CHARS), `chunks of ${large.map((chunk) => chunk.length).join(', ')} characters`);
    const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    assert.ok(chunks.length <= total / (CHUNK_CHARS / 4), `${chunks.length} chunks for ${total} characters: not a flood of small ones`);
  });

  it('builds a result only when its batch is written, not all of them before the first chunk', () => {
    let reads = 0;
    const report = manyFindingsReport(2000, 0, () => {
      reads += 1;
    });
    const chunks = sarifChunks(report, CATALOG)[Symbol.iterator]();
    assert.equal(reads, 0, 'nothing built before iteration');
    let text = '';
    while (!text.includes('"results": [')) {
      const next = chunks.next();
      assert.ok(next.done !== true);
      text += next.value;
    }
    assert.ok(reads > 0 && reads < 300, `${reads} of 2000 results built when the results began`);
    while (chunks.next().done !== true);
    assert.ok(reads >= 2000, 'every result was built in the end');
  });
});
