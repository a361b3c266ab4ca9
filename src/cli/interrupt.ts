/**
 * What must be undone if the process is interrupted (SIGINT, SIGTERM, SIGHUP): a half-written temp file beside an
 * output, a live collection's private directory, its child process. One handler per signal, installed only while
 * something is registered, runs every cleanup synchronously, removes itself and raises the signal again, so the
 * process still ends by that signal (shell status 128 + n, docs/exit-codes.md) — promptly, and without leaving a
 * partial file behind. Without anything registered, Node's default applies (the process ends at once).
 * Signal events: https://nodejs.org/api/process.html#signal-events
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const cleanups = new Set<() => void>();

function onSignal(signal: NodeJS.Signals): void {
  runCleanups();
  for (const name of SIGNALS) process.removeListener(name, onSignal);
  process.kill(process.pid, signal);
}

/**
 * Registers `cleanup` (synchronous, must not throw: errors are swallowed) to run if a signal ends the process, until
 * the returned function unregisters it. Call it before creating what it undoes, so that no moment is unguarded.
 */
export function onInterrupt(cleanup: () => void): () => void {
  if (cleanups.size === 0) for (const name of SIGNALS) process.on(name, onSignal);
  cleanups.add(cleanup);
  return () => {
    if (!cleanups.delete(cleanup)) return;
    if (cleanups.size === 0) for (const name of SIGNALS) process.removeListener(name, onSignal);
  };
}

/**
 * Runs and forgets every registered cleanup now: for a process about to end without a signal (the collector child
 * whose parent went away). Never throws.
 */
export function runCleanups(): void {
  const pending = [...cleanups];
  cleanups.clear();
  for (const cleanup of pending) {
    try {
      cleanup();
    } catch {
      // A cleanup that fails must not keep the others from running or the process from ending.
    }
  }
}
