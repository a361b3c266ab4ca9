/** De-duplication by a case-insensitive key: pages can overlap after retries, and inherited assignments repeat per subscription. */
export function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) {
    const id = key(item).toLowerCase();
    if (!seen.has(id)) seen.set(id, item);
  }
  return [...seen.values()];
}

export function sortById<T extends { readonly id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : a.id.toLowerCase() > b.id.toLowerCase() ? 1 : 0));
}
