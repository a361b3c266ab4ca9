import { readFile } from 'node:fs/promises';

import { errorCode, InputError } from '../core/errors.js';

/**
 * Reads and parses a JSON input file (config, baseline). Every failure is one InputError line that starts with
 * `<what> <path>:`, the same shape as snapshot errors.
 */
export async function readJsonFile(what: string, path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error: unknown) {
    const code = errorCode(error) ?? 'unreadable';
    throw new InputError(`${what} ${path}: cannot read file (${code})`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error: unknown) {
    const detail = error instanceof Error ? error.message : 'invalid JSON';
    throw new InputError(`${what} ${path}: not valid JSON (${detail})`);
  }
}
