/**
 * The one matching step every drift section uses: records of OLD and NEW are paired by a canonical key, then
 * kept pairs are compared field by field. Output order is by key, so it never depends on snapshot order.
 */
import type { ChangeType, DriftValue, FieldChange } from './model.js';

export interface Keyed {
  /** Canonical key: equal keys are the same object in both snapshots. */
  readonly key: string;
  /** The compared values (canonical). */
  readonly values: Readonly<Record<string, DriftValue>>;
}

export interface Paired<T extends Keyed> {
  readonly change: ChangeType;
  /** NEW's record, or OLD's for a removed one. */
  readonly current: T;
  /** OLD's record of a changed pair. */
  readonly previous: T | undefined;
  readonly changes: readonly FieldChange[];
}

/** Pairs by key; returns added, removed and changed records sorted by key (unchanged pairs are dropped). */
export function pairByKey<T extends Keyed>(oldItems: readonly T[], newItems: readonly T[]): Paired<T>[] {
  const oldByKey = new Map(oldItems.map((item) => [item.key, item]));
  const newByKey = new Map(newItems.map((item) => [item.key, item]));
  const result: Paired<T>[] = [];
  for (const key of [...new Set([...oldByKey.keys(), ...newByKey.keys()])].sort()) {
    const before = oldByKey.get(key);
    const after = newByKey.get(key);
    if (before === undefined && after !== undefined) result.push({ change: 'added', current: after, previous: undefined, changes: [] });
    else if (after === undefined && before !== undefined) result.push({ change: 'removed', current: before, previous: undefined, changes: [] });
    else if (before !== undefined && after !== undefined) {
      const changes = compareValues(before.values, after.values);
      if (changes.length > 0) result.push({ change: 'changed', current: after, previous: before, changes });
    }
  }
  return result;
}

/** The fields whose values differ, in the order of the union of field names (old first). */
export function compareValues(before: Readonly<Record<string, DriftValue>>, after: Readonly<Record<string, DriftValue>>): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields
    .map((field) => ({ field, old: before[field] ?? null, new: after[field] ?? null }))
    .filter((entry) => !sameValue(entry.old, entry.new));
}

function sameValue(a: DriftValue, b: DriftValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => item === b[index]);
  }
  return a === b;
}

/** A sorted copy, for list values whose order carries no meaning (audiences, permissions). */
export function sortedList(values: readonly string[] | undefined): readonly string[] {
  return [...(values ?? [])].sort();
}
