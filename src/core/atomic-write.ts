import { randomBytes } from 'node:crypto';
import { chmod, chown, type FileHandle, lstat, open, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

import { errorCode, InputError } from './errors.js';

/**
 * Where a write to a user-given path really lands:
 * - `replace`: a regular file or a path that does not exist yet, after following symlinks; written to a temp
 *   file in the same directory and renamed over `path`, so readers never see a half-written file;
 * - `in-place`: anything else (character device, FIFO, socket, a procfs `/dev/fd/N` link): opened for writing,
 *   never renamed over, never unlinked.
 */
export type WriteTarget =
  | { readonly kind: 'replace'; readonly path: string; readonly existing?: { readonly mode: number; readonly uid: number; readonly gid: number } }
  | { readonly kind: 'in-place'; readonly path: string };

/**
 * What a command writes: one string, or a sequence of chunks (src/core/json-chunks.ts) for outputs too large to
 * hold whole. A string is written as one piece, never iterated character by character.
 */
export type OutputText = string | Iterable<string>;

/** Symlink hops before giving up, as Linux does (ELOOP after 40, https://man7.org/linux/man-pages/man7/path_resolution.7.html). */
const MAX_SYMLINK_HOPS = 40;

function cannotWrite(path: string, error: unknown): InputError {
  return new InputError(`cannot write ${path}: ${errorCode(error) ?? 'write failed'}`, { cause: error });
}

/**
 * Follows `path` link by link (its directory through realpath) to the object a write would reach. Links into
 * /proc (`/dev/fd/N`, `/dev/stdin`) are "magic": their target is an open file description, not a path, so they
 * are written in place. Throws InputError `cannot write <path>: ENOENT` when the directory does not exist.
 */
export async function resolveWriteTarget(path: string): Promise<WriteTarget> {
  let current = resolve(path);
  try {
    for (let hop = 0; hop < MAX_SYMLINK_HOPS; hop += 1) {
      current = join(await realpath(dirname(current)), basename(current));
      if (current.startsWith('/proc/')) return { kind: 'in-place', path: current };
      let info;
      try {
        info = await lstat(current);
      } catch (error: unknown) {
        if (errorCode(error) === 'ENOENT') return { kind: 'replace', path: current };
        throw error;
      }
      if (info.isSymbolicLink()) {
        current = resolve(dirname(current), await readlink(current));
        continue;
      }
      if (info.isFile()) return { kind: 'replace', path: current, existing: { mode: info.mode & 0o7777, uid: info.uid, gid: info.gid } };
      return { kind: 'in-place', path: current };
    }
  } catch (error: unknown) {
    throw cannotWrite(path, error);
  }
  throw new InputError(`cannot write ${path}: ELOOP (more than ${MAX_SYMLINK_HOPS} symbolic links)`);
}

/** The device and inode `path` names now (symlinks followed), or undefined when nothing is there. */
export async function fileIdentity(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    return `${info.dev}:${info.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Writes `content` from the handle's position on. Chunks are encoded to UTF-8 straight into one of two 1 MiB
 * buffers allocated once, the next being filled while the other is written: awaiting each 32 Ki-character chunk's
 * write left the CLI idle for 2 s of an 11 s scan, and a Buffer per chunk plus a concatenated copy per group
 * waited outside the V8 heap for a scavenge (about 15 MiB of the peak while a 240 MB report was written).
 * A chunk too big for a buffer is written on its own. Short writes are continued
 * (https://nodejs.org/api/fs.html#filehandlewritebuffer-offset-length-position). A chunk that throws rejects, after
 * any write in flight has settled.
 */
async function writeText(handle: FileHandle, content: OutputText): Promise<void> {
  if (typeof content === 'string') {
    await handle.writeFile(content, 'utf8');
    return;
  }
  const writeAll = async (bytes: Buffer, length: number): Promise<void> => {
    for (let offset = 0; offset < length; ) offset += (await handle.write(bytes, offset, length - offset)).bytesWritten;
  };
  let inFlight: Promise<void> = Promise.resolve();
  let filling = Buffer.allocUnsafeSlow(WRITE_BUFFER_BYTES);
  let spare = Buffer.allocUnsafeSlow(WRITE_BUFFER_BYTES);
  let used = 0;
  const send = async (): Promise<void> => {
    await inFlight;
    inFlight = writeAll(filling, used);
    [filling, spare] = [spare, filling];
    used = 0;
  };
  try {
    for (const chunk of content) {
      const size = Buffer.byteLength(chunk, 'utf8');
      if (used + size > WRITE_BUFFER_BYTES && used > 0) await send();
      if (size > WRITE_BUFFER_BYTES) {
        await inFlight;
        inFlight = writeAll(Buffer.from(chunk, 'utf8'), size);
        continue;
      }
      used += filling.write(chunk, used, 'utf8');
    }
    if (used > 0) await send();
  } catch (error: unknown) {
    await inFlight.catch(() => undefined);
    throw error;
  }
  await inFlight;
}

const WRITE_BUFFER_BYTES = 1 << 20;

/**
 * Told the temp file's path before it is created; returns the function called once it is renamed or removed. The CLI
 * uses it to remove the temp file if a signal ends the process mid-write (src/cli/interrupt.ts).
 */
export type TempFileGuard = (temp: string) => () => void;

async function replaceFile(target: Extract<WriteTarget, { kind: 'replace' }>, content: OutputText, guard: TempFileGuard | undefined): Promise<void> {
  const temp = join(dirname(target.path), `.${basename(target.path)}.tmp-${randomBytes(6).toString('hex')}`);
  const release = guard?.(temp);
  // An existing file's content may be private (0600): the temp file starts private and only then gets the
  // old mode and owner. A new file gets 0666 minus the umask, like any file a shell redirection creates.
  const handle = await open(temp, 'wx', target.existing === undefined ? 0o666 : 0o600);
  try {
    try {
      await writeText(handle, content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (target.existing !== undefined) {
      await chmod(temp, target.existing.mode);
      // Only root may give a file away; for anyone else the new file is theirs, as with any editor's save.
      await chown(temp, target.existing.uid, target.existing.gid).catch(() => undefined);
    }
    await rename(temp, target.path);
  } catch (error: unknown) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    release?.();
  }
}

async function writeInPlace(path: string, content: OutputText): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await writeText(handle, content);
  } finally {
    await handle.close();
  }
}

/**
 * Writes `content` (UTF-8; a string or its chunks in order) to the path a user gave: a regular file (or a new one)
 * all-or-nothing through a temp file renamed over it (a failed write or chunk removes the temp file), keeping the
 * old file's mode and, when permitted, owner; a symlink's target that way (the link stays a link); a device, FIFO
 * or `/dev/fd/N` in place, chunk by chunk. A crash or failed write never leaves a half-written
 * regular file and never replaces what is not a regular file; `guard` (optional) hears of the temp file, so that a
 * caller can remove it if the process is killed mid-write. Errors: InputError `cannot write <path>: <errno>`.
 * Rename semantics: https://pubs.opengroup.org/onlinepubs/9699919799/functions/rename.html
 */
export async function writeFileAtomic(path: string, content: OutputText, guard?: TempFileGuard): Promise<void> {
  const target = await resolveWriteTarget(path);
  try {
    if (target.kind === 'replace') await replaceFile(target, content, guard);
    else await writeInPlace(target.path, content);
  } catch (error: unknown) {
    throw cannotWrite(path, error);
  }
}
