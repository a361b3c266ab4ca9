/**
 * The versioned export document (`kind: mi-audit/identity-records`, schemaVersion 1) around the records:
 * tenant, collection time, coverage and a summary. Pure; the caller passes the clock reading.
 */
import type { RunFacts } from '../engine/facts.js';
import type { AssessedFinding, Finding } from '../engine/types.js';
import type { Inventory } from '../inventory/model.js';
import { type IdentityRecords, identityRecords } from './build.js';
import { RECORD_DOCUMENT_KIND, RECORD_SCHEMA_VERSION, type IdentityRecord, type RecordDocument } from './schema.js';

/**
 * The document as renderers read it: every member but `identities` (`head`, small, in the document's member
 * order), then the records in rank order (`identities`, last in the document), which may be built lazily.
 */
export interface RecordDocumentStream {
  readonly head: Omit<RecordDocument, 'identities'>;
  readonly identities: Iterable<IdentityRecord>;
}

interface RecordDocumentInput {
  readonly inventory: Inventory;
  /** After policy (status decides what counts as open); raw engine findings count as open. */
  readonly findings: readonly (Finding | AssessedFinding)[];
  readonly version: string;
  readonly generatedAt: Date;
  /** The analysis's facts (AnalyzeResult.facts), so that ranking reuses the rules' answers. */
  readonly facts?: RunFacts;
}

/** The document with its records ranked but not built: each is built when a renderer reaches it (`mi-audit export`). */
export function recordDocumentStream(input: RecordDocumentInput): RecordDocumentStream & { readonly identities: IdentityRecords } {
  const { inventory } = input;
  const identities = identityRecords(inventory, input.findings, input.facts);
  return {
    head: {
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
      summary: identities.summary,
    },
    identities,
  };
}

/** The whole document with every record built (tests, small tenants). */
export function buildRecordDocument(input: RecordDocumentInput): RecordDocument {
  const { head, identities } = recordDocumentStream(input);
  return { ...head, identities: [...identities] };
}

/** A built document (or a stream, unchanged) as renderers read it. */
export function asRecordStream(document: RecordDocument | RecordDocumentStream): RecordDocumentStream {
  if ('head' in document) return document;
  const { identities, ...head } = document;
  return { head, identities };
}
