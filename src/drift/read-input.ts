/**
 * What `mi-audit diff` reads: a snapshot (`kind: mi-audit/snapshot`, validated as `scan --snapshot` validates it)
 * or an identity-record export (`kind: mi-audit/identity-records`, validated with the export's zod schema,
 * src/record/schema.ts). The `kind` field decides; anything else, and a wrong schemaVersion, is one InputError
 * line (exit 2) naming the file and the JSON path.
 */
import { open, readFile } from 'node:fs/promises';

import { errorCode, InputError } from '../core/errors.js';
import { describeFirstIssue } from '../core/zod-issue.js';
import { readRecordDocumentFile } from './read-export.js';
import { RECORD_DOCUMENT_KIND, RECORD_SCHEMA_VERSION, type RecordDocument, recordDocumentSchema } from '../record/schema.js';
import { readSnapshotFile, validateSnapshot } from '../snapshot/read.js';
import { SNAPSHOT_KIND, type Snapshot } from '../snapshot/schema.js';

export type DiffInput = { readonly kind: 'snapshot'; readonly snapshot: Snapshot } | { readonly kind: 'export'; readonly document: RecordDocument };

/** Parses and validates one diff input; `origin` (the file name) labels every error. */
export function parseDiffInput(text: string, origin: string): DiffInput {
  let data: unknown;
  try {
    // A byte order mark (Windows editors, PowerShell) is skipped, as the file readers do.
    data = JSON.parse(text.startsWith('\ufeff') ? text.slice(1) : text);
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

/**
 * Reads and validates one diff input file. A file whose first member is `kind` (as mi-audit writes both documents)
 * is read in pieces by the reader of its kind (src/snapshot/read.ts, read-export.ts): two 100k-tenant exports read
 * whole held 2.6 GB. Any other file (members reordered by hand, another document, not JSON) is read whole and judged
 * by `parseDiffInput`. @throws InputError (exit 2) on any problem, one line.
 */
export async function readDiffInput(path: string): Promise<DiffInput> {
  try {
    const kind = await leadingKind(path);
    if (kind === SNAPSHOT_KIND) return { kind: 'snapshot', snapshot: await readSnapshotFile(path) };
    if (kind === RECORD_DOCUMENT_KIND) return { kind: 'export', document: await readRecordDocumentFile(path) };
    return parseDiffInput(await readFile(path, 'utf8'), path);
  } catch (error: unknown) {
    if (error instanceof InputError) throw error;
    const code = errorCode(error) ?? 'unreadable';
    throw new InputError(`${path}: cannot read file (${code})`, { cause: error });
  }
}

/** The string value of `kind` when it is the first member of the file's top-level object, else undefined. */
export async function leadingKind(path: string): Promise<string | undefined> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const match = LEADING_KIND.exec(buffer.subarray(0, bytesRead).toString('utf8'));
    const literal = match?.[1];
    return literal === undefined ? undefined : (JSON.parse(literal) as string);
  } finally {
    await handle.close();
  }
}

// An optional byte order mark, `{`, then `"kind"` and its string value (escapes allowed), JSON whitespace between.
const LEADING_KIND = /^\uFEFF?[ \t\r\n]*\{[ \t\r\n]*"kind"[ \t\r\n]*:[ \t\r\n]*("(?:[^"\\\u0000-\u001f]|\\.)*")/;
