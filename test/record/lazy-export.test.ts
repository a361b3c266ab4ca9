/**
 * `mi-audit export` ranks first and builds later: the renderers pull records one at a time from the lazy
 * stream, so at most one record beyond the text already handed to the writer has been built, and the streamed
 * text is the text of the fully built document. The rank computed from the sources equals what each built
 * record shows (its findings, grant tiers and credential breadths).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { severityRank } from '../../src/engine/severity.js';
import { recordCsvChunks } from '../../src/record/csv.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../src/record/formats.js';
import { recordHtmlChunks } from '../../src/record/html.js';
import { recordJsonChunks } from '../../src/record/json.js';
import { renderRecord } from '../../src/record/render.js';
import { compareByRisk } from '../../src/record/risk.js';
import type { IdentityRecord, RecordDocument } from '../../src/record/schema.js';
import type { RecordDocumentStream } from '../../src/record/document.js';
import { demoDocument, demoDocumentStream } from './demo-document.js';

const CHUNKS: Record<ExportFormat, (document: RecordDocumentStream, chunkChars: number) => Iterable<string>> = {
  json: recordJsonChunks,
  csv: recordCsvChunks,
  html: recordHtmlChunks,
};

/** What a record's risk must be, read back from the record itself. */
function riskShown(record: IdentityRecord): Omit<IdentityRecord['risk'], 'rank'> {
  const open = record.findings.filter((finding) => finding.status === 'open').map((finding) => finding.severity);
  const worst = open.reduce<(typeof open)[number] | null>((acc, severity) => (acc === null || severityRank(severity) > severityRank(acc) ? severity : acc), null);
  const tiers = record.grants.flatMap((grant) => (grant.tier === null ? [] : [grant.tier]));
  return {
    worstOpenSeverity: worst,
    tier: tiers.length === 0 ? 3 : Math.min(3, ...tiers) as IdentityRecord['risk']['tier'],
    trustBreadth: record.trust.length === 0 ? 0 : Math.max(...record.trust.map((entry) => entry.breadth)) as IdentityRecord['risk']['trustBreadth'],
  };
}

describe('export streams records (rank first, build later)', () => {
  for (const format of EXPORT_FORMATS) {
    it(`${format}: builds each record only when the chunk holding it is pulled, and writes the built document's bytes`, async () => {
      const stream = await demoDocumentStream();
      const total = stream.head.summary.identities;
      assert.ok(total >= 36, `demo identities: ${total}`);
      assert.equal(stream.identities.built, 0, 'ranking builds no record');
      // One piece per chunk: the writer pulls chunk after chunk; after k chunks, at most k records exist.
      const chunks: string[] = [];
      const builtAfter: number[] = [];
      for (const chunk of CHUNKS[format](stream, 1)) {
        chunks.push(chunk);
        builtAfter.push(stream.identities.built);
        assert.ok(stream.identities.built <= chunks.length, `${stream.identities.built} records built after ${chunks.length} chunks`);
      }
      assert.equal(builtAfter[0], 0, 'the first chunk (document head) needs no record');
      const middle = builtAfter[Math.floor(builtAfter.length / 2)] ?? 0;
      assert.ok(middle > 0 && middle < total, `half way through the chunks, ${middle} of ${total} records built`);
      assert.ok(builtAfter.every((built, index) => built - (builtAfter[index - 1] ?? 0) <= 1), 'one record more per chunk at most');
      assert.equal(stream.identities.built, total, 'each record built exactly once');
      assert.equal(chunks.join(''), renderRecord(await demoDocument(), format));
    });
  }

  it('ranks from the sources exactly as the built records read: worst open severity, best grant tier, widest trust', async () => {
    const document: RecordDocument = await demoDocument();
    const records = document.identities;
    assert.deepEqual(
      records.map((record) => record.risk.rank),
      records.map((_, index) => index + 1),
    );
    for (const record of records) {
      const { rank, ...risk } = record.risk;
      assert.deepEqual(risk, riskShown(record), `risk of ${record.key} (rank ${rank})`);
    }
    for (let index = 1; index < records.length; index += 1) {
      const [before, after] = [records[index - 1], records[index]];
      assert.ok(before && after && compareByRisk(before, after) < 0, `rank ${index} before rank ${index + 1}`);
    }
    // The summary comes from the ranking, before any record exists: it must count what the records hold.
    assert.equal(document.summary.identities, records.length);
    assert.equal(document.summary.grants, records.reduce((sum, record) => sum + record.grants.length, 0));
    assert.equal(document.summary.withOpenFindings, records.filter((record) => record.findings.some((finding) => finding.status === 'open')).length);
    assert.ok(records.some((record) => record.risk.worstOpenSeverity !== null) && records.some((record) => record.risk.trustBreadth > 0) && records.some((record) => record.risk.tier === 0));
  });
});
