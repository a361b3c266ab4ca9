/**
 * Objects keyed by tenant data (ARM ids, tag names, claim names), built without a prototype.
 *
 * Two reasons:
 * - Any key is a plain data key. On an object with a prototype, `__proto__` set by assignment changes the prototype
 *   and loses the value.
 * - V8 gives an object made from `{}` its hidden class by following one transition per property, from a root class
 *   that every such object shares and that holds at most 1,536 transitions. Data keys fill that root for the whole
 *   process (docs/performance.md, "The flat table's memory"). An object made by `Object.create(null)` keeps its
 *   properties in a hash table and adds no transition (https://v8.dev/blog/fast-properties).
 *
 * JSON.stringify, Object.keys/entries and for…in treat it like any object.
 */
export function dictionaryOf<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  const dictionary = Object.create(null) as Record<string, V>;
  for (const [key, value] of entries) dictionary[key] = value;
  return dictionary;
}

// zod's record refuses an object with an own `constructor` key (its plain-object test reads `o.constructor`) and skips
// a `__proto__` key (a guard against prototype pollution); both are valid Azure tag names. The snapshot and record
// schemas (core/zod-dictionary.ts) pass such keys through zod under this marker. A key that already starts with it is
// marked too, so no two keys ever meet.
const KEY_MARKER = '<mi-audit-key>';

/** Whether zod needs `key` marked to keep it (see KEY_MARKER). */
export function needsKeyMarker(key: string): boolean {
  return key === 'constructor' || key === '__proto__' || key.startsWith(KEY_MARKER);
}

/** `key` with the marker. */
export function markKey(key: string): string {
  return `${KEY_MARKER}${key}`;
}

/** A key as the input had it: the marker removed (also for the JSON path of a validation issue). */
export function unmarkKey(key: string): string {
  return key.startsWith(KEY_MARKER) ? key.slice(KEY_MARKER.length) : key;
}
