import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { InputError } from './errors.js';

/**
 * Writes a file all-or-nothing: the content goes to a hidden temp file in the same directory, which is then
 * renamed over the target (atomic on POSIX). A crash or a failed write never leaves a half-written report.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.tmp-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temp, content, { encoding: 'utf8', mode: 0o644 });
    await rename(temp, path);
  } catch (error: unknown) {
    await rm(temp, { force: true });
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'write failed';
    throw new InputError(`cannot write ${path}: ${reason}`, { cause: error });
  }
}
