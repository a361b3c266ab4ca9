/**
 * JUnit streamed (junitChunks): the text is exactly xmlbuilder2's pretty printing of the whole document (what the
 * reporter wrote when it built one DOM), in bounded chunks, with each test case serialised as it is written.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { create } from 'xmlbuilder2';

import { CHUNK_CHARS } from '../../src/core/text-chunks.js';
import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import { junitChunks, junitReporter } from '../../src/report/junit.js';
import type { ScanReport } from '../../src/report/model.js';
import { analyzeSnapshot } from '../../src/scan/analyze.js';
import { readSnapshotFile } from '../../src/snapshot/read.js';
import { CATALOG } from '../policy/sample-findings.js';
import { parseJunit } from './junit-parse.js';
import { manyFindingsReport, sampleReport } from './sample-report.js';

const env = { color: false, columns: 80, rules: CATALOG };

/** The text xmlbuilder2 prints for the document `text` holds, as one DOM (pretty printing, its escaping). */
const printedWhole = (text: string): string => `${create(text).end({ prettyPrint: true })}\n`;

function assertWholeDocument(report: ScanReport, rules = CATALOG): string[] {
  const chunks = [...(junitReporter.renderChunks?.(report, { ...env, rules }) ?? [])];
  const text = chunks.join('');
  assert.equal(text, junitReporter.render(report, { ...env, rules }));
  assert.equal(text, printedWhole(text));
  parseJunit(text);
  return chunks;
}

describe('JUnit reporter, streamed', () => {
  it('over the demo tenant, prints what xmlbuilder2 prints for the whole document', async () => {
    const { report, rules } = analyzeSnapshot({ snapshot: await readSnapshotFile(DEMO_SNAPSHOT_PATH), failOn: 'high', now: new Date('2026-11-25T00:00:00Z') });
    assert.ok(report.findings.length > 50, 'the demo has findings to stream');
    assertWholeDocument(report, rules);
  });

  it('joins batches, suites and gaps as one document: many cases per suite, a suite without findings, many gaps', () => {
    // 300 findings over two rules and 70 gaps: several batches in every suite.
    assertWholeDocument(manyFindingsReport(300, 70));
    assertWholeDocument(sampleReport([]));
    assertWholeDocument(manyFindingsReport(5, 1), []);
  });

  it('writes an empty testsuites element when no rule ran and nothing was left unread', () => {
    const text = [...junitChunks(sampleReport([]), [])].join('');
    assert.equal(text, printedWhole(text));
    assert.match(text, /<testsuites [^>]*\/>\n$/);
  });

  it('hands out chunks of about CHUNK_CHARS characters', () => {
    const chunks = assertWholeDocument(manyFindingsReport(2000, 0));
    assert.ok(chunks.length > 10, `many chunks (${chunks.length})`);
    for (const chunk of chunks) assert.ok(chunk.length <= 2 * CHUNK_CHARS, `chunk of ${chunk.length} characters`);
    const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    assert.ok(chunks.length <= total / (CHUNK_CHARS / 4), `${chunks.length} chunks for ${total} characters: not a flood of small ones`);
  });

  it('serialises a test case only when it is written, not all of them before the first chunk', () => {
    let reads = 0;
    const chunks = junitChunks(
      manyFindingsReport(2000, 0, () => {
        reads += 1;
      }),
      CATALOG,
    )[Symbol.iterator]();
    assert.equal(reads, 0, 'nothing serialised before iteration');
    assert.ok(chunks.next().done !== true);
    assert.ok(reads > 0 && reads < 300, `${reads} of 2000 findings described with the first chunk`);
    while (chunks.next().done !== true);
    assert.ok(reads >= 2000, 'every finding was described in the end');
  });
});
