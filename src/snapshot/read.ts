import { readFile } from 'node:fs/promises';

import { InputError } from '../core/errors.js';
import { describeFirstIssue } from '../core/zod-issue.js';
import { internStrings } from './intern.js';
import { assertUniqueIds } from './unique-ids.js';
import { SNAPSHOT_KIND, SNAPSHOT_SCHEMA_VERSION, type Snapshot, snapshotSchema } from './schema.js';

/** Reads and validates a snapshot file. Every problem becomes one InputError line naming the file and the path. */
export async function readSnapshotFile(path: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error: unknown) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new InputError(`snapshot ${path}: cannot read file (${code})`, { cause: error });
  }
  return parseSnapshot(text, path);
}

export function parseSnapshot(text: string, origin: string): Snapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error: unknown) {
    const detail = error instanceof Error ? error.message : 'invalid JSON';
    throw new InputError(`snapshot ${origin}: not valid JSON (${detail})`);
  }
  return validateSnapshot(data, origin);
}

export function validateSnapshot(data: unknown, origin: string): Snapshot {
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
  const parsed = snapshotSchema.safeParse(data);
  if (!parsed.success) throw new InputError(`snapshot ${origin}: ${describeFirstIssue(parsed.error)}`);
  assertUniqueIds(parsed.data, origin);
  return internStrings(parsed.data);
}
