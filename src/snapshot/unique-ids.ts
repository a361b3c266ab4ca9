import { InputError } from '../core/errors.js';

/** Collections whose key is not `id`. Every other top-level array of objects is keyed by `id`. */
const KEY_FIELD: Readonly<Record<string, string>> = { subscriptions: 'subscriptionId' };

/**
 * Refuses a snapshot that lists one object twice in a collection: ARM ids and Entra object ids are compared
 * case-insensitively, as Azure does (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules),
 * so `/subscriptions/A/…` and `/subscriptions/a/…` are the same resource. Joins and fingerprints assume one
 * object per id; a duplicate would otherwise surface much later as an internal error (two findings, one fingerprint).
 * Throws InputError `snapshot <origin>: duplicate id "<id>" at <path> and <path>`. Shape: every top-level array of
 * objects of `data` (new collections are covered without a change here).
 */
export function assertUniqueIds(data: Readonly<Record<string, unknown>>, origin: string): void {
  for (const [collection, items] of Object.entries(data)) {
    if (!Array.isArray(items)) continue;
    const field = KEY_FIELD[collection] ?? 'id';
    const seen = new Map<string, number>();
    items.forEach((item: unknown, index) => {
      if (typeof item !== 'object' || item === null) return;
      const id = (item as Record<string, unknown>)[field];
      if (typeof id !== 'string') return;
      const key = id.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        throw new InputError(`snapshot ${origin}: duplicate id "${id}" at ${collection}[${first}].${field} and ${collection}[${index}].${field}`, {
          hint: 'each object may appear once per collection (ids compare case-insensitively); collect the snapshot again',
        });
      }
      seen.set(key, index);
    });
  }
}
