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
