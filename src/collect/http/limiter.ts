/**
 * Concurrency for one service (ARM or Graph), each with its own limiter so Graph `$batch` POSTs never queue ARM
 * reads behind them. Adaptive: the limit halves when the service throttles (429, 503) or reports few remaining
 * reads (`x-ms-ratelimit-remaining-subscription-reads`, https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling),
 * and grows back by one after `limit` answers in a row that were not throttled. A task may go first: it is started
 * before every waiting task that does not (never beyond the limit).
 */
export interface Limiter {
  /** `first`: the task goes before every waiting task without it (a serial chain that other work waits for). */
  run<T>(task: () => Promise<T>, first?: boolean): Promise<T>;
}

export interface AdaptiveLimiter extends Limiter {
  /** Current limit (1..max). */
  readonly limit: number;
  /** The service throttled: halve the limit. */
  throttled(): void;
  /** An answer that was not throttled; `remaining` is the service's remaining-requests header when it sent one. */
  succeeded(remaining?: number): void;
}

export function createLimiter(max: number): AdaptiveLimiter {
  let limit = Math.max(1, max);
  let active = 0;
  let streak = 0;
  const waiting: (() => void)[] = [];
  const waitingFirst: (() => void)[] = [];
  const pump = (): void => {
    while (active < limit && waitingFirst.length + waiting.length > 0) {
      active += 1;
      (waitingFirst.shift() ?? waiting.shift())?.();
    }
  };
  return {
    get limit() {
      return limit;
    },
    async run<T>(task: () => Promise<T>, first = false): Promise<T> {
      await new Promise<void>((resolve) => {
        (first ? waitingFirst : waiting).push(resolve);
        pump();
      });
      try {
        return await task();
      } finally {
        active -= 1;
        pump();
      }
    },
    throttled(): void {
      limit = Math.max(1, Math.floor(limit / 2));
      streak = 0;
    },
    succeeded(remaining?: number): void {
      if (remaining !== undefined && remaining < 2 * limit) {
        limit = Math.max(1, limit - 1);
        streak = 0;
        return;
      }
      streak += 1;
      if (streak >= limit && limit < max) {
        limit += 1;
        streak = 0;
        pump();
      }
    },
  };
}

/** Runs `worker` over `items` with at most `limit` running at once; results keep input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, worker: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let cursor = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (cursor < items.length) {
      const index = cursor;
      cursor += 1;
      results[index] = await worker(items[index] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}
