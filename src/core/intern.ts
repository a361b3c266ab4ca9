import { perValue } from './memo.js';

/**
 * One copy of each repeated string value. JSON.parse makes a new string for every occurrence, so 100,000 role
 * assignments carried 100,000 copies of a few hundred role definition ids, scopes and principal types (about
 * 27 MiB measured, docs/performance.md "Live collection memory and time"). One interner per collection or per
 * snapshot read: the table lives exactly as long as the run that fills it. Used by the collector as it maps pages
 * and by src/snapshot/intern.ts on parsed snapshots.
 */
export type Intern = (value: string) => string;

export function createInterner(): Intern {
  // The first copy of a value is its answer for every later copy.
  return perValue((value) => value);
}

/** For callers that keep every string as it came (a single object, tests). */
export const NO_INTERN: Intern = (value) => value;
