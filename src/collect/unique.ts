import { compareText } from '../core/compare-text.js';
/** De-duplication by a case-insensitive key: pages can overlap after retries, and inherited assignments repeat per subscription. */
export function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) {
    const id = key(item).toLowerCase();
    if (!seen.has(id)) seen.set(id, item);
  }
  return [...seen.values()];
}

/** Sorted by lowercased id, ties in input order; each key is lowercased once, not at every comparison. */
export function sortById<T extends { readonly id: string }>(items: readonly T[]): T[] {
  return sortByKey(items, (item) => item.id);
}

/** Sorted by the lowercased `key`, ties in input order (Array.prototype.sort is stable). */
export function sortByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ key: key(item).toLowerCase(), item }));
  keyed.sort((a, b) => compareText(a.key, b.key));
  return keyed.map((entry) => entry.item);
}
