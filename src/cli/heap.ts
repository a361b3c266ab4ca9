import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's `gc()`: a full, synchronous mark-compact of the whole heap. */
type CollectGarbage = () => void;

let collector: CollectGarbage | null | undefined;

/**
 * Runs one full garbage collection now, between two stages of a command (`scan`, `export`), so that the garbage a
 * stage leaves (the snapshot once its inventory is built, the rule pass's working tables once its findings are
 * made: about 80 MB on the 100k-assignment tenant) is gone before the next stage allocates.
 *
 * Why: V8 collects the old generation only when it outgrows a limit set from what survived the previous full
 * collection. Left to itself it collects once, after the inventory, so the rule pass's dead tables sit under the
 * export's and the identity table's own allocations and raise the process's peak RSS by 15–30 MiB
 * (docs/performance.md, "A full garbage collection between the CLI's stages"). One collection of ~215 MB of live heap costs about 0.1–0.2 s.
 *
 * How: `gc` exists only in a context created while V8's `--expose-gc` flag is set. The flag is set, a fresh `vm`
 * context is made to fetch its `gc`, and the flag is cleared again, so the program's own global never gains a `gc`
 * — the technique of Jest's leak detector
 * (https://github.com/jestjs/jest/blob/main/packages/jest-leak-detector/src/index.ts;
 * https://nodejs.org/api/v8.html#v8setflagsfromstringflags). A Node started with `--expose-gc` already has
 * `globalThis.gc`, which is used as is. Where neither gives a function, this does nothing: it changes memory, never
 * results. Never throws.
 */
export function releaseGarbage(): void {
  if (collector === undefined) collector = findCollector();
  collector?.();
}

function findCollector(): CollectGarbage | null {
  const exposed: unknown = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as CollectGarbage;
  try {
    setFlagsFromString('--expose-gc');
    const fromContext: unknown = runInNewContext('gc');
    return typeof fromContext === 'function' ? (fromContext as CollectGarbage) : null;
  } catch {
    return null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
