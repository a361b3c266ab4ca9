import { z } from 'zod';

import { errorCode, InputError } from '../core/errors.js';
import { describeFirstIssue } from '../core/zod-issue.js';
import { fileChunks } from './file-chunks.js';
import { internStrings, stringInterner } from './intern.js';
import { JsonNotAnObjectError, JsonSyntaxError, readJsonMembers } from './json-members.js';
import { assertUniqueIds, DuplicateIdFinder, duplicateIdError } from './unique-ids.js';
import { COLLECTION_ITEM_SCHEMAS, SNAPSHOT_HEADER_SCHEMA } from './collections.js';
import { SNAPSHOT_KIND, SNAPSHOT_SCHEMA_VERSION, type Snapshot, snapshotSchema } from './schema.js';

/**
 * Reads and validates a snapshot file. Every problem becomes one InputError line naming the file and the path.
 * The file is read 256 KiB at a time into one buffer and each element of the snapshot's collections is parsed and
 * validated on its own (src/snapshot/json-members.ts): the text never exists whole, and each parsed element is
 * replaced by its validated copy at once, so a 100 MB snapshot costs about its validated objects in memory, not
 * three times that.
 * Accepts and refuses exactly what `parseSnapshot` of the file's text does; the first problem reported may differ
 * when a file has several.
 */
export async function readSnapshotFile(path: string): Promise<Snapshot> {
  const intern = stringInterner();
  const data: Record<string, unknown> = {};
  // Each collection's ids are checked as its items come; the last member of a name wins, as in JSON.parse.
  const duplicates = new Map<string, DuplicateIdFinder>();
  /** The collection whose elements are coming: its item schema, its array, its ids (looked up once per array). */
  let current: { schema: z.ZodType; items: unknown[]; ids: DuplicateIdFinder } | undefined;
  let firstIssue: z.ZodError | undefined;
  try {
    // One 256 KiB buffer, read into again and again (fresh 4 MiB chunks from a stream kept about 40 MiB alive).
    await readJsonMembers(fileChunks(path, 256 << 10), {
      value: (key, value) => {
        if (key !== '__proto__') data[key] = value;
      },
      arrayStart: (key) => {
        current = undefined;
        if (key === '__proto__') return;
        const items: unknown[] = [];
        data[key] = items;
        // Members the schema does not know are dropped by validation anyway: their elements are not looked at.
        const schema = COLLECTION_ITEM_SCHEMAS.get(key);
        if (schema === undefined) return;
        const ids = new DuplicateIdFinder(key);
        duplicates.set(key, ids);
        current = { schema, items, ids };
      },
      element: (key, index, value) => {
        // After a problem nothing is kept.
        if (current === undefined || firstIssue !== undefined) return;
        const parsed = current.schema.safeParse(value);
        if (parsed.success) {
          current.items.push(intern(parsed.data, key));
          current.ids.add(parsed.data, index);
        } else firstIssue = new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: [key, index, ...issue.path] })));
      },
    });
  } catch (error: unknown) {
    if (error instanceof JsonNotAnObjectError) throw new InputError(`snapshot ${path}: ${error.message}`);
    if (error instanceof JsonSyntaxError) throw new InputError(`snapshot ${path}: not valid JSON (${error.message})`);
    const code = errorCode(error) ?? 'unreadable';
    throw new InputError(`snapshot ${path}: cannot read file (${code})`, { cause: error });
  }
  assertSnapshotHeader(data, path);
  // The collections were validated element by element; the rest of the document is validated here, with each
  // collection that is an array standing in as an empty one (the schema takes their items as checked, and walking
  // 250,000 of them again cost time).
  const collections = new Map<string, unknown[]>();
  const head: Record<string, unknown> = { ...data };
  for (const key of COLLECTION_ITEM_SCHEMAS.keys()) {
    const items = data[key];
    if (Array.isArray(items)) {
      collections.set(key, items);
      head[key] = [];
    }
  }
  const parsed = SNAPSHOT_HEADER_SCHEMA.safeParse(head);
  if (!parsed.success) throw new InputError(`snapshot ${path}: ${describeFirstIssue(parsed.error)}`);
  if (firstIssue !== undefined) throw new InputError(`snapshot ${path}: ${describeFirstIssue(firstIssue)}`);
  // Only the header's strings are left to share; the items were interned as they came.
  const snapshot = intern(parsed.data as Record<string, unknown>);
  // A copy of each array drops the spare room `push` left (about 0.4 MiB at 100,000 role assignments).
  for (const [key, items] of collections) snapshot[key] = items.slice();
  // assertUniqueIds' order: the first collection in schema order (the snapshot's member order) with a duplicate.
  for (const key of Object.keys(snapshot)) {
    const duplicate = collections.has(key) ? duplicates.get(key)?.duplicate : undefined;
    if (duplicate !== undefined) throw duplicateIdError(duplicate, path);
  }
  return snapshot as Snapshot;
}

export function parseSnapshot(text: string, origin: string): Snapshot {
  let data: unknown;
  try {
    // A byte order mark (Windows editors, PowerShell) is skipped, as the file reader does.
    data = JSON.parse(text.startsWith('\ufeff') ? text.slice(1) : text);
  } catch (error: unknown) {
    const detail = error instanceof Error ? error.message : 'invalid JSON';
    throw new InputError(`snapshot ${origin}: not valid JSON (${detail})`);
  }
  return validateSnapshot(data, origin);
}

export function validateSnapshot(data: unknown, origin: string): Snapshot {
  assertSnapshotHeader(data, origin);
  const parsed = snapshotSchema.safeParse(data);
  if (!parsed.success) throw new InputError(`snapshot ${origin}: ${describeFirstIssue(parsed.error)}`);
  assertUniqueIds(parsed.data, origin);
  return internStrings(parsed.data);
}

/** `kind` and `schemaVersion` first: another document or another version gets its own message, not a schema error. */
function assertSnapshotHeader(data: unknown, origin: string): asserts data is Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError(`snapshot ${origin}: expected a JSON object`);
  }
  const header = data as { kind?: unknown; schemaVersion?: unknown };
  if (header.kind !== SNAPSHOT_KIND) {
    throw new InputError(`snapshot ${origin}: not an mi-audit snapshot (kind must be "${SNAPSHOT_KIND}")`);
  }
  if (header.schemaVersion !== SNAPSHOT_SCHEMA_VERSION) {
    throw new InputError(
      `snapshot ${origin}: unsupported schemaVersion ${JSON.stringify(header.schemaVersion)} (this mi-audit reads version ${SNAPSHOT_SCHEMA_VERSION})`,
      { hint: 'collect the snapshot again with this version of mi-audit' },
    );
  }
}
