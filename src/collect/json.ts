/** Narrow readers for untyped wire JSON (raw response bodies), so mapping code stays free of `any`. */
import { dictionaryOf } from '../core/dictionary.js';

export type JsonObject = Readonly<Record<string, unknown>>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function objectAt(value: unknown, key: string): JsonObject | undefined {
  return asObject(asObject(value)?.[key]);
}

export function stringAt(value: unknown, key: string): string | undefined {
  const found = asObject(value)?.[key];
  return typeof found === 'string' ? found : undefined;
}

export function booleanAt(value: unknown, key: string): boolean | undefined {
  const found = asObject(value)?.[key];
  return typeof found === 'boolean' ? found : undefined;
}

export function numberAt(value: unknown, key: string): number | undefined {
  const found = asObject(value)?.[key];
  return typeof found === 'number' ? found : undefined;
}

export function arrayAt(value: unknown, key: string): readonly unknown[] {
  const found = asObject(value)?.[key];
  return Array.isArray(found) ? found : [];
}

export function stringsAt(value: unknown, key: string): string[] {
  return arrayAt(value, key).filter((entry): entry is string => typeof entry === 'string');
}

/** A string→string map (ARM tags); undefined when absent or empty. */
export function stringMapAt(value: unknown, key: string): Record<string, string> | undefined {
  const found = objectAt(value, key);
  if (found === undefined) return undefined;
  const entries = Object.entries(found).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return entries.length === 0 ? undefined : dictionaryOf(entries);
}

/** `{ key: value }` when value is defined, `{}` otherwise: keeps optional properties absent (exactOptionalPropertyTypes). */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export function parseJson(text: string | null | undefined): unknown {
  if (text === null || text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
