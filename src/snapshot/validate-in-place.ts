/**
 * Validation of a snapshot this process just built (the live collector's output) without a second copy of it.
 * `validateSnapshot` (read.ts) parses the whole document into a new one; for a collected snapshot the typed original
 * was alive at the same time, so both copies were held together (their objects, about 30 MiB at 100,000 role
 * assignments, and the old generation filled with the garbage of the one thrown away), and `collect -o` validated
 * the result once more before writing it. Here every item of every collection is checked by its collection's item
 * schema and kept as it is: the parsed copy of one item dies young.
 *
 * Same checks as validateSnapshot: the header and the non-collection fields are parsed by the same schema
 * (SNAPSHOT_HEADER_SCHEMA: collections taken as checked, so the top-level fields come in schema order), every item by its item
 * schema, then ids are checked for duplicates. On any failure validateSnapshot itself runs on the snapshot, so the
 * error is its exact InputError line. Unlike it, items keep their own field order and any field the schema does not
 * name: the collector's mappers build items with exactly the schema's fields in its order (a test compares the
 * written text with validateSnapshot's), so the written snapshot is the same text either way.
 */

import { validateSnapshot } from './read.js';
import { COLLECTION_ITEM_SCHEMAS, SNAPSHOT_HEADER_SCHEMA } from './collections.js';
import type { Snapshot } from './schema.js';
import { assertUniqueIds } from './unique-ids.js';

/** Snapshots returned by validateInPlace: already checked in full, so renderSnapshot need not check them again. */
const validated = new WeakSet<Snapshot>();

/**
 * Validates `snapshot` without copying it and returns it with its top-level fields in schema order; the collections
 * (and their items) are the argument's own. Errors: InputError `snapshot <origin>: at <path>: …`, as validateSnapshot.
 */
export function validateInPlace(snapshot: Snapshot, origin: string): Snapshot {
  const source: Readonly<Record<string, unknown>> = snapshot;
  const head = SNAPSHOT_HEADER_SCHEMA.safeParse(source);
  if (!head.success) return validateSnapshot(snapshot, origin);
  const result = head.data as Record<string, unknown>;
  for (const [key, schema] of COLLECTION_ITEM_SCHEMAS) {
    const items: unknown = source[key];
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      if (!schema.safeParse(item).success) return validateSnapshot(snapshot, origin);
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
