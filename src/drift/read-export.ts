/**
 * Reads and validates an identity-record export file (`mi-audit export --format json`, src/record/schema.ts) the
 * way the snapshot reader reads snapshots (src/snapshot/read.ts): the file 256 KiB at a time, each record of
 * `identities` parsed and validated on its own and its strings shared, so neither the text (284 MB for the
 * 100k-assignment tenant) nor a second, unvalidated tree of every record ever exists. Accepts and refuses what
 * `parseDiffInput` of the file's text does; messages name the file and the JSON path. When a file has several
 * problems, the count of "more" may be lower (records after the first broken one are not validated).
 * @throws InputError (exit 2), one line.
 */
import { z } from 'zod';

import { errorCode, InputError } from '../core/errors.js';
import { describeFirstIssue } from '../core/zod-issue.js';
import { RECORD_DOCUMENT_KIND, RECORD_SCHEMA_VERSION, type RecordDocument, identityRecordSchema, recordDocumentSchema } from '../record/schema.js';
import { fileChunks } from '../snapshot/file-chunks.js';
import { stringInterner } from '../snapshot/intern.js';
import { JsonNotAnObjectError, JsonSyntaxError, readJsonMembers } from '../snapshot/json-members.js';

export async function readRecordDocumentFile(path: string): Promise<RecordDocument> {
  const intern = stringInterner();
  const data: Record<string, unknown> = {};
  // The items of the current top-level array, and whether they are records (validated as they come).
  let current: { items: unknown[]; records: boolean } | undefined;
  let identities: unknown[] | undefined;
  let firstIssue: z.ZodError | undefined;
  try {
    await readJsonMembers(fileChunks(path, 256 << 10), {
      value: (key, value) => {
        if (key !== '__proto__') data[key] = value;
        // A later member of the same name wins, as in JSON.parse.
        if (key === 'identities') identities = undefined;
      },
      arrayStart: (key) => {
        current = undefined;
        if (key === '__proto__') return;
        const items: unknown[] = [];
        data[key] = items;
        current = { items, records: key === 'identities' };
        if (key === 'identities') {
          identities = items;
          firstIssue = undefined;
        }
      },
      element: (_key, index, value) => {
        if (current === undefined) return;
        if (!current.records) {
          current.items.push(value);
          return;
        }
        // After a problem nothing more is kept.
        if (firstIssue !== undefined) return;
        const parsed = identityRecordSchema.safeParse(value);
        if (parsed.success) current.items.push(intern(parsed.data));
        else firstIssue = new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: ['identities', index, ...issue.path] })));
      },
    });
  } catch (error: unknown) {
    if (error instanceof JsonNotAnObjectError) throw new InputError(`export ${path}: ${error.message}`);
    if (error instanceof JsonSyntaxError) throw new InputError(`export ${path}: not valid JSON (${error.message})`);
    const code = errorCode(error) ?? 'unreadable';
    throw new InputError(`${path}: cannot read file (${code})`, { cause: error });
  }
  if (data['kind'] !== RECORD_DOCUMENT_KIND) {
    throw new InputError(`export ${path}: not an mi-audit export (kind must be "${RECORD_DOCUMENT_KIND}")`);
  }
  if (data['schemaVersion'] !== RECORD_SCHEMA_VERSION) {
    throw new InputError(`export ${path}: unsupported schemaVersion ${JSON.stringify(data['schemaVersion']) ?? 'undefined'} (this mi-audit reads version ${RECORD_SCHEMA_VERSION}: export again with it)`);
  }
  // The records were validated one by one; the rest of the document here, with an empty array standing in for them.
  const records = identities;
  const head = records === undefined ? data : { ...data, identities: [] };
  const parsed = recordDocumentSchema.safeParse(head);
  // The head's first problem comes first, as in a validation of the whole document; the records' first problem counts
  // among the "more" (later records were not validated once one failed).
  if (!parsed.success) throw new InputError(`export ${path}: ${describeFirstIssue(new z.ZodError([...parsed.error.issues, ...(firstIssue?.issues ?? [])]))}`);
  if (firstIssue !== undefined) throw new InputError(`export ${path}: ${describeFirstIssue(firstIssue)}`);
  return records === undefined ? parsed.data : { ...intern(parsed.data), identities: records as RecordDocument['identities'] };
}
