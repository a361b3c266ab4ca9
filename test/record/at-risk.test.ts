import assert from 'node:assert/strict';
import { test } from 'node:test';

import { demoDocumentStream } from './demo-document.js';

// The Markdown summary lists the identities with open findings from the ranking, without building records: it must
// name the same identities, in the same order, with the same fields as the records would.
test('withOpenFindings equals what the records say, in rank order, and builds no record', async () => {
  const { identities } = await demoDocumentStream();
  const atRisk = identities.withOpenFindings();
  assert.equal(identities.built, 0, 'no record was built');
  const fromRecords = [...identities].flatMap((record) =>
    record.risk.worstOpenSeverity === null
      ? []
      : [{ name: record.name, kind: record.kind, worstOpenSeverity: record.risk.worstOpenSeverity, openFindings: record.findings.filter((finding) => finding.status === 'open').length }],
  );
  assert.ok(fromRecords.length > 10, 'the demo has identities with open findings');
  assert.ok(fromRecords.some((identity) => identity.openFindings > 1), 'and some with several');
  assert.deepEqual(atRisk, fromRecords);
});
