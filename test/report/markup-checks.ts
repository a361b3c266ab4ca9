/** Structure checks shared by the reporter tests and the untrusted-text property test. */
import assert from 'node:assert/strict';

/** Pipes that start a new table cell (not escaped with a backslash). */
const cellPipes = (line: string): number => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 1;

/** Every line of a GFM table has as many cells as its header. */
export function assertTablesIntact(text: string): void {
  let header: number | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      header = undefined;
      continue;
    }
    header ??= cellPipes(line);
    assert.equal(cellPipes(line), header, `table row with a different number of cells: ${line}`);
  }
}

/** The markup's element names in order: an injected element changes them. */
export const tagNames = (text: string): string[] => [...text.matchAll(/<\/?([A-Za-z][^\s/>]*)/g)].map((match) => (match[1] ?? '').toLowerCase());
