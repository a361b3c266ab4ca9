import { z } from 'zod';

import { dictionaryOf } from './dictionary.js';

// zod's record refuses an object with an own `constructor` key: its plain-object test reads `o.constructor`. It also
// skips a `__proto__` key, as a guard against prototype pollution. Both are valid Azure tag names, so both keys pass
// through zod under an escaped name and come back. A key that already starts with the marker is escaped too, so no two
// keys ever meet.
const ESCAPE = '<mi-audit-key>';

function needsEscape(key: string): boolean {
  return key === 'constructor' || key === '__proto__' || key.startsWith(ESCAPE);
}

/** A key as the input had it: the escape marker removed (also for the JSON path of a validation issue). */
export function unescapeKey(key: string): string {
  return key.startsWith(ESCAPE) ? key.slice(ESCAPE.length) : key;
}

function escapeKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (!keys.some(needsEscape)) return value;
  const record = value as Record<string, unknown>;
  return dictionaryOf(keys.map((key) => [needsEscape(key) ? `${ESCAPE}${key}` : key, record[key]] as const));
}

/**
 * A JSON object keyed by data (ARM ids, tag names, claim names) whose values match `value`. It is read as a
 * `dictionaryOf` object (no prototype: src/core/dictionary.ts) with every key the input had, `__proto__` and
 * `constructor` included, in input order. The JSON Schema generated from it is the plain record's
 * (`additionalProperties`): the escaping is a preprocess step and the rebuild an `overwrite`, and neither shows there.
 * zod 4 records: https://zod.dev/api#records
 */
export function dictionarySchema<T extends z.ZodType>(value: T) {
  return z.preprocess(
    escapeKeys,
    z
      .record(z.string(), value)
      .overwrite((record) => dictionaryOf(Object.keys(record).map((key) => [unescapeKey(key), record[key]] as const)) as typeof record),
  );
}
