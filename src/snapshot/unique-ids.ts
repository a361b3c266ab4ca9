import { InputError } from '../core/errors.js';

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
 */
export class DuplicateIdFinder {
  private readonly collection: string;
  private readonly field: string;
  private readonly seen = new Map<string, number>();
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
    const key = id.toLowerCase();
    const first = this.seen.get(key);
    if (first === undefined) this.seen.set(key, index);
    else this.found = { collection: this.collection, field: this.field, id, first, index };
  }
}

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
