/**
 * The versioned export document (`kind: mi-audit/identity-records`, schemaVersion 1) around the records:
 * tenant, collection time, coverage and a summary. Pure; the caller passes the clock reading.
 */
import type { AssessedFinding, Finding } from '../engine/types.js';
import type { Inventory } from '../inventory/model.js';
import { buildIdentityRecords } from './build.js';
import { RECORD_DOCUMENT_KIND, RECORD_SCHEMA_VERSION, type RecordDocument } from './schema.js';

export function buildRecordDocument(input: {
  readonly inventory: Inventory;
  /** After policy (status decides what counts as open); raw engine findings count as open. */
  readonly findings: readonly (Finding | AssessedFinding)[];
  readonly version: string;
  readonly generatedAt: Date;
}): RecordDocument {
  const { inventory } = input;
  const identities = buildIdentityRecords(inventory, input.findings);
  const byKind = { userAssignedIdentity: 0, systemAssignedIdentity: 0, application: 0 };
  for (const record of identities) byKind[record.kind] += 1;
  return {
    kind: RECORD_DOCUMENT_KIND,
    schemaVersion: RECORD_SCHEMA_VERSION,
    tool: { name: 'mi-audit', version: input.version },
    tenantId: inventory.tenantId,
    cloud: inventory.cloud,
    collectedAt: inventory.collectedAt,
    generatedAt: input.generatedAt.toISOString(),
    coverage: {
      complete: inventory.coverage.complete,
      gaps: inventory.coverage.gaps.map((gap) => ({ source: gap.source, scope: gap.scope, reason: gap.reason })),
    },
    summary: {
      identities: identities.length,
      byKind,
      grants: identities.reduce((sum, record) => sum + record.grants.length, 0),
      withOpenFindings: identities.filter((record) => record.risk.worstOpenSeverity !== null).length,
    },
    identities,
  };
}
