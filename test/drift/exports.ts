/**
 * Identity-record exports for drift tests, built exactly as `mi-audit export --format json` builds them:
 * analyse the snapshot as of its collection time, then buildRecordDocument over the inventory and findings.
 */
import { VERSION } from '../../src/core/version.js';
import { buildRecordDocument } from '../../src/record/document.js';
import type { RecordDocument } from '../../src/record/schema.js';
import { analyzeSnapshot } from '../../src/scan/analyze.js';
import type { Snapshot } from '../../src/snapshot/schema.js';

export function exportOf(snapshot: Snapshot): RecordDocument {
  const now = new Date(snapshot.collectedAt);
  const { report, inventory } = analyzeSnapshot({ snapshot, failOn: 'none', now });
  return buildRecordDocument({ inventory, findings: report.findings, version: VERSION, generatedAt: now });
}
