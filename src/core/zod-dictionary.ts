import { z } from 'zod';

import { markKey, needsKeyMarker, unmarkKey } from './dictionary.js';

/** The object zod reads: `value` itself, or, when a key needs it, a copy without prototype with those keys marked. */
function markKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (!keys.some(needsKeyMarker)) return value;
  const record = value as Record<string, unknown>;
  const marked = Object.create(null) as Record<string, unknown>;
  for (const key of keys) marked[needsKeyMarker(key) ? markKey(key) : key] = record[key];
  return marked;
}

/** zod's output as an object without prototype (core/dictionary.ts), every key as the input had it, in input order. */
function unmarkKeys<T>(record: Record<string, T>): Record<string, T> {
  const dictionary = Object.create(null) as Record<string, T>;
  for (const key of Object.keys(record)) dictionary[unmarkKey(key)] = record[key] as T;
  return dictionary;
}

/**
 * A JSON object keyed by data (ARM ids, tag names, claim names) whose values match `value`. It is read as an object
 * without prototype (core/dictionary.ts) with every key the input had, `__proto__` and `constructor` included, in
 * input order. The JSON Schema generated from it is the plain record's (`additionalProperties`): the marking is a
 * preprocess step and the rebuild an `overwrite`, and neither shows there. zod 4 records: https://zod.dev/api#records
 */
export function dictionarySchema<T extends z.ZodType>(value: T) {
  return z.preprocess(markKeys, z.record(z.string(), value).overwrite(unmarkKeys));
}
