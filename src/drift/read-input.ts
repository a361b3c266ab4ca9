/**
 * What `mi-audit diff` reads: a snapshot (`kind: mi-audit/snapshot`, validated as `scan --snapshot` validates it)
 * or an identity-record export (`kind: mi-audit/identity-records`, validated with the export's zod schema,
 * src/record/schema.ts). The `kind` field decides; anything else, and a wrong schemaVersion, is one InputError
 * line (exit 2) naming the file and the JSON path.
 */
import { readFile } from 'node:fs/promises';

import { InputError } from '../core/errors.js';
import { describeFirstIssue } from '../core/zod-issue.js';
import { RECORD_DOCUMENT_KIND, RECORD_SCHEMA_VERSION, type RecordDocument, recordDocumentSchema } from '../record/schema.js';
import { validateSnapshot } from '../snapshot/read.js';
import { SNAPSHOT_KIND, type Snapshot } from '../snapshot/schema.js';

export type DiffInput = { readonly kind: 'snapshot'; readonly snapshot: Snapshot } | { readonly kind: 'export'; readonly document: RecordDocument };

/** Parses and validates one diff input; `origin` (the file name) labels every error. */
export function parseDiffInput(text: string, origin: string): DiffInput {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error: unknown) {
    throw new InputError(`${origin}: not valid JSON (${error instanceof Error ? error.message : 'invalid JSON'})`);
  }
  const kind = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as { kind?: unknown }).kind : undefined;
  if (kind === SNAPSHOT_KIND) return { kind: 'snapshot', snapshot: validateSnapshot(data, origin) };
  if (kind !== RECORD_DOCUMENT_KIND) {
    throw new InputError(`${origin}: neither an mi-audit snapshot nor an export (at kind: expected "${SNAPSHOT_KIND}" or "${RECORD_DOCUMENT_KIND}")`);
  }
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (version !== RECORD_SCHEMA_VERSION) {
    throw new InputError(`export ${origin}: unsupported schemaVersion ${JSON.stringify(version) ?? 'undefined'} (this mi-audit reads version ${RECORD_SCHEMA_VERSION}: export again with it)`);
  }
  const parsed = recordDocumentSchema.safeParse(data);
  if (!parsed.success) throw new InputError(`export ${origin}: ${describeFirstIssue(parsed.error)}`);
  return { kind: 'export', document: parsed.data };
}

/** Reads and validates one diff input file. @throws InputError (exit 2) on any problem, one line. */
export async function readDiffInput(path: string): Promise<DiffInput> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error: unknown) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new InputError(`${path}: cannot read file (${code})`, { cause: error });
  }
  return parseDiffInput(text, path);
}
