/** The export document of the bundled demo tenant at a fixed clock and version, as golden files and browser tests use it. */
import { analyzeSnapshot } from '../../src/scan/analyze.js';
import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import { buildRecordDocument, type RecordDocumentStream, recordDocumentStream } from '../../src/record/document.js';
import type { IdentityRecords } from '../../src/record/build.js';
import type { RecordDocument } from '../../src/record/schema.js';
import { readSnapshotFile } from '../../src/snapshot/read.js';
import type { Snapshot } from '../../src/snapshot/schema.js';

export const GOLDEN_NOW = new Date('2026-11-25T00:00:00Z');

export async function demoSnapshot(): Promise<Snapshot> {
  return readSnapshotFile(DEMO_SNAPSHOT_PATH);
}

export async function demoDocument(): Promise<RecordDocument> {
  const snapshot = await demoSnapshot();
  const { report, inventory } = analyzeSnapshot({ snapshot, failOn: 'none', now: GOLDEN_NOW });
  return buildRecordDocument({ inventory, findings: report.findings, version: 'golden', generatedAt: GOLDEN_NOW });
}

/** The same document as {@link demoDocument}, ranked but with its records not built yet. */
export async function demoDocumentStream(): Promise<RecordDocumentStream & { readonly identities: IdentityRecords }> {
  const snapshot = await demoSnapshot();
  const { report, inventory } = analyzeSnapshot({ snapshot, failOn: 'none', now: GOLDEN_NOW });
  return recordDocumentStream({ inventory, findings: report.findings, version: 'golden', generatedAt: GOLDEN_NOW });
}
