import { readFile } from 'node:fs/promises';

import { z } from 'zod';

import { InputError } from '../core/errors.js';
import { describeFirstIssue } from '../core/zod-issue.js';
import { assertUniqueIds } from './unique-ids.js';
import { SNAPSHOT_KIND, SNAPSHOT_SCHEMA_VERSION, type Snapshot, snapshotSchema } from './schema.js';

/**
 * Reads and validates a snapshot file. Every problem becomes one InputError line naming the file and the path.
 * Memory: the file's text is dropped once parsed, and the parsed JSON is validated item by item, each raw item
 * released as its validated copy is made, so the text, the raw tree and the validated tree never coexist whole.
 */
export async function readSnapshotFile(path: string): Promise<Snapshot> {
  return consumeSnapshot(parseJson(await readText(path), path), path);
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error: unknown) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new InputError(`snapshot ${path}: cannot read file (${code})`, { cause: error });
  }
}

function parseJson(text: string, origin: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error: unknown) {
    const detail = error instanceof Error ? error.message : 'invalid JSON';
    throw new InputError(`snapshot ${origin}: not valid JSON (${detail})`);
  }
}

/** Parses and validates snapshot text (the parsed tree is private, so it is consumed while validated). */
export function parseSnapshot(text: string, origin: string): Snapshot {
  return consumeSnapshot(parseJson(text, origin), origin);
}

/** Validates `data` and returns the validated copy; `data` is left untouched. Errors: as {@link readSnapshotFile}. */
export function validateSnapshot(data: unknown, origin: string): Snapshot {
  return checkSnapshot(data, origin, 'copy');
}

/** Validates a tree nobody else holds, emptying its collections as their validated copies are made. */
function consumeSnapshot(data: unknown, origin: string): Snapshot {
  return checkSnapshot(data, origin, 'consume');
}

/**
 * Fails with the error {@link validateSnapshot} gives, and returns nothing: for a snapshot about to be written,
 * which needs proving loadable but not a second copy of itself.
 */
export function assertValidSnapshot(data: Snapshot, origin: string): void {
  checkSnapshot(data, origin, 'check');
}

/** `copy`: keep the input; `consume`: free each raw item once checked; `check`: keep no validated copy. */
type Mode = 'copy' | 'consume' | 'check';

function checkSnapshot(data: unknown, origin: string, mode: Mode): Snapshot {
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
  const validated = validateByItem(data as Record<string, unknown>, mode);
  if (validated instanceof z.ZodError) throw new InputError(`snapshot ${origin}: ${describeFirstIssue(validated)}`);
  assertUniqueIds(mode === 'check' ? (data as Record<string, unknown>) : validated, origin);
  return validated as Snapshot;
}

/** The element schema of a top-level collection (`z.array(x)` or `z.array(x).optional()`), else undefined. */
function collectionElement(schema: z.ZodType): z.ZodType | undefined {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  return inner instanceof z.ZodArray ? (inner.element as z.ZodType) : undefined;
}

/**
 * snapshotSchema.safeParse(data), member by member in the schema's order and collections item by item, with the
 * same issues (paths prefixed), so the same first issue and count. Unknown top-level members are dropped, as
 * zod's object parse does; absent optional members stay absent. The object is assembled from members each
 * checked against its own schema, which is what makes the final cast sound.
 */
function validateByItem(data: Record<string, unknown>, mode: Mode): Record<string, unknown> | z.ZodError {
  const issues: z.core.$ZodIssue[] = [];
  const result: Record<string, unknown> = {};
  const keep = (key: string, value: unknown): void => {
    if (mode !== 'check') result[key] = value;
  };
  for (const [key, schema] of Object.entries(snapshotSchema.shape) as [string, z.ZodType][]) {
    const value = data[key];
    const element = collectionElement(schema);
    if (element === undefined || !Array.isArray(value)) {
      const parsed = schema.safeParse(value);
      if (!parsed.success) issues.push(...parsed.error.issues.map((issue) => ({ ...issue, path: [key, ...issue.path] })));
      else if (key in data) keep(key, parsed.data);
      continue;
    }
    const items: unknown[] = mode === 'check' ? [] : new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index += 1) {
      const parsed = element.safeParse(value[index]);
      if (!parsed.success) issues.push(...parsed.error.issues.map((issue) => ({ ...issue, path: [key, index, ...issue.path] })));
      else if (mode !== 'check') items[index] = parsed.data;
      if (mode === 'consume') value[index] = undefined;
    }
    keep(key, items);
  }
  return issues.length > 0 ? new z.ZodError(issues) : result;
}
