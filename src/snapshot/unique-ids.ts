import { InputError } from '../core/errors.js';
import { fnv1a } from '../core/fnv1a.js';

/** Collections whose key is not `id`. Every other top-level array of objects is keyed by `id`. */
const KEY_FIELD: Readonly<Record<string, string>> = { subscriptions: 'subscriptionId' };

/** Two items of one collection with the same key: `id` as the later item spells it, and both indexes. */
export interface DuplicateId {
  readonly collection: string;
  readonly field: string;
  readonly id: string;
  readonly first: number;
  readonly index: number;
}

/**
 * Watches the items of one collection as they come, in index order, and keeps the first item whose key repeats an
 * earlier one's (compared case-insensitively, see assertUniqueIds). Items that are not objects or have no string key
 * are passed over. Once a duplicate is found, later items are not looked at. Lets the file reader check each item
 * while it is fresh instead of walking 100,000 role assignments again at the end.
 *
 * Keys are told apart by a number computed from their case-folded characters (equal keys always get equal numbers);
 * only keys whose number is taken are lower-cased and compared. A lower-cased copy of every id, hashed again by a
 * Map, was 1.7 times the time on the 100k-assignment tenant.
 */
export class DuplicateIdFinder {
  private readonly collection: string;
  private readonly field: string;
  /** Case-folding hash → position in `ids`/`indexes` of the first key with that hash. */
  private readonly byHash = new Map<number, number>();
  private readonly ids: string[] = [];
  private readonly indexes: number[] = [];
  /** Lower-cased keys whose hash was already taken by another key, with their index. */
  private readonly collided = new Map<string, number>();
  private found: DuplicateId | undefined;

  constructor(collection: string) {
    this.collection = collection;
    this.field = KEY_FIELD[collection] ?? 'id';
  }

  get duplicate(): DuplicateId | undefined {
    return this.found;
  }

  add(item: unknown, index: number): void {
    if (this.found !== undefined || typeof item !== 'object' || item === null) return;
    const id = (item as Record<string, unknown>)[this.field];
    if (typeof id !== 'string') return;
    const hash = foldedHash(id);
    const position = this.byHash.get(hash);
    if (position === undefined) {
      this.byHash.set(hash, this.ids.length);
      this.ids.push(id);
      this.indexes.push(index);
      return;
    }
    const key = id.toLowerCase();
    const first = key === (this.ids[position] as string).toLowerCase() ? this.indexes[position] : this.collided.get(key);
    if (first === undefined) this.collided.set(key, index);
    else this.found = { collection: this.collection, field: this.field, id, first, index };
  }
}

/**
 * A hash equal for ids that are equal case-insensitively: FNV-1a with ASCII case folded (src/core/fnv1a.ts). An ASCII
 * id is hashed as it is; any other id is lower-cased first, since `toLowerCase` can change its length or turn a
 * non-ASCII letter into an ASCII one (K, U+212A, into k).
 */
function foldedHash(id: string): number {
  return fnv1a(NON_ASCII.test(id) ? id.toLowerCase() : id, true);
}

const NON_ASCII = /[^\x00-\x7f]/;

/** The InputError for a duplicate: `snapshot <origin>: duplicate id "<id>" at <path> and <path>`, with a hint. */
export function duplicateIdError(duplicate: DuplicateId, origin: string): InputError {
  const { collection, field, id, first, index } = duplicate;
  return new InputError(`snapshot ${origin}: duplicate id "${id}" at ${collection}[${first}].${field} and ${collection}[${index}].${field}`, {
    hint: 'each object may appear once per collection (ids compare case-insensitively); collect the snapshot again',
  });
}

/**
 * Refuses a snapshot that lists one object twice in a collection: ARM ids and Entra object ids are compared
 * case-insensitively, as Azure does (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules),
 * so `/subscriptions/A/…` and `/subscriptions/a/…` are the same resource. Joins and fingerprints assume one
 * object per id; a duplicate would otherwise surface much later as an internal error (two findings, one fingerprint).
 * Throws InputError `snapshot <origin>: duplicate id "<id>" at <path> and <path>` for the first collection (in
 * `data`'s member order) that has one. Shape: every top-level array of objects of `data` (new collections are
 * covered without a change here).
 */
export function assertUniqueIds(data: Readonly<Record<string, unknown>>, origin: string): void {
  for (const [collection, items] of Object.entries(data)) {
    if (!Array.isArray(items)) continue;
    const finder = new DuplicateIdFinder(collection);
    for (let index = 0; index < items.length && finder.duplicate === undefined; index += 1) finder.add(items[index], index);
    if (finder.duplicate !== undefined) throw duplicateIdError(finder.duplicate, origin);
  }
}
