/**
 * Validation of a snapshot this process just built (the live collector's output) without a second copy of it.
 * `validateSnapshot` (read.ts) parses the whole document into a new one; for a collected snapshot the typed original
 * is alive at the same time, so both copies (about 30 MiB of objects at 100,000 role assignments, strings shared)
 * were held together, and `collect -o` validated the result once more before writing it. Here every item of every
 * collection is parsed on its own and replaces the original item, so at most one item exists twice.
 *
 * Same checks and same result as validateSnapshot: the header and the non-collection fields are parsed by the same
 * schema (collections stubbed as empty), each item by its collection's item schema, then ids are checked for
 * duplicates. On any failure validateSnapshot itself runs on the snapshot, so the error is its exact InputError line.
 */
import { z } from 'zod';

import { validateSnapshot } from './read.js';
import { type Snapshot, snapshotSchema } from './schema.js';
import { assertUniqueIds } from './unique-ids.js';

/** The item schema of every top-level collection (optional ones unwrapped), by field name. */
const ITEM_SCHEMAS: ReadonlyMap<string, z.ZodType> = new Map(
  Object.entries(snapshotSchema.shape).flatMap(([key, field]): [string, z.ZodType][] => {
    const inner: unknown = field instanceof z.ZodOptional ? field.unwrap() : field;
    return inner instanceof z.ZodArray ? [[key, inner.element as z.ZodType]] : [];
  }),
);

/** Snapshots returned by validateInPlace: already checked in full, so renderSnapshot need not parse them again. */
const validated = new WeakSet<Snapshot>();

/**
 * Validates `snapshot` in place and returns it re-assembled in schema field order (the order validateSnapshot gives).
 * The collections of the argument are reused (each item replaced by its parsed equal), so the caller must not use
 * the argument afterwards, only the result. Errors: InputError `snapshot <origin>: at <path>: …`, as validateSnapshot.
 */
export function validateInPlace(snapshot: Snapshot, origin: string): Snapshot {
  const source: Readonly<Record<string, unknown>> = snapshot;
  const stubbed = Object.fromEntries(Object.entries(source).map(([key, value]) => [key, ITEM_SCHEMAS.has(key) && Array.isArray(value) ? [] : value]));
  const head = snapshotSchema.safeParse(stubbed);
  if (!head.success) return validateSnapshot(snapshot, origin);
  const result: Record<string, unknown> = head.data;
  for (const [key, schema] of ITEM_SCHEMAS) {
    const items: unknown = source[key];
    if (!Array.isArray(items)) continue;
    for (let index = 0; index < items.length; index += 1) {
      const parsed = schema.safeParse(items[index]);
      if (!parsed.success) return validateSnapshot(snapshot, origin);
      items[index] = parsed.data;
    }
    result[key] = items;
  }
  const checked = result as Snapshot;
  assertUniqueIds(checked, origin);
  validated.add(checked);
  return checked;
}

/** True for a snapshot validateInPlace returned (the writer skips a second validation of the same object). */
export function isValidatedInPlace(snapshot: Snapshot): boolean {
  return validated.has(snapshot);
}
