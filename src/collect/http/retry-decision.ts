/**
 * When to retry, and how long to wait: the strategy for what the library's throttling policy leaves (http/service-http.ts)
 * and for throttled `$batch` steps (graph/batch.ts):
 * - 429/503 with `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After` (seconds or HTTP date): wait exactly that.
 *   The library's policy does not retry a 429 without such a header (https://learn.microsoft.com/javascript/api/@azure/core-rest-pipeline/#@azure-core-rest-pipeline-throttlingretrypolicy); we do, with backoff.
 * - 429 with only ARG's `x-ms-user-quota-resets-after` (hh:mm:ss): wait until the quota window resets.
 * - 408, and 5xx except 501/505, and connection resets/timeouts: exponential backoff with jitter in [½, 1].
 * Bounded by maxRetries; a server-requested wait is capped by maxServerDelayMs.
 */
export interface RetrySettings {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxServerDelayMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { maxRetries: 5, baseDelayMs: 1000, maxDelayMs: 30_000, maxServerDelayMs: 120_000 };

export interface AttemptOutcome {
  readonly status?: number | undefined;
  readonly header?: ((name: string) => string | undefined) | undefined;
  /** Node system error code, e.g. ECONNRESET. */
  readonly errorCode?: string | undefined;
}

const RETRYABLE_ERRORS = new Set(['ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/** Delay before the next attempt, or undefined when the outcome is final. `attempt` counts retries made so far. */
export function retryDelayMs(outcome: AttemptOutcome, attempt: number, settings: RetrySettings, random: () => number = Math.random): number | undefined {
  if (attempt >= settings.maxRetries) return undefined;
  const { status } = outcome;
  if (status === undefined) {
    return outcome.errorCode !== undefined && RETRYABLE_ERRORS.has(outcome.errorCode) ? backoff(attempt, settings, random) : undefined;
  }
  if (status === 429 || status === 503) {
    const requested = serverRequestedDelayMs(outcome.header);
    if (requested !== undefined) return Math.min(requested, settings.maxServerDelayMs);
  }
  if (status === 429 || status === 408 || (status >= 500 && status !== 501 && status !== 505)) return backoff(attempt, settings, random);
  return undefined;
}

function backoff(attempt: number, settings: RetrySettings, random: () => number): number {
  const ceiling = Math.min(settings.baseDelayMs * 2 ** attempt, settings.maxDelayMs);
  return Math.round(ceiling * (0.5 + random() / 2));
}

function serverRequestedDelayMs(header: AttemptOutcome['header']): number | undefined {
  if (header === undefined) return undefined;
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = Number(header(name));
    if (header(name) !== undefined && Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = header('retry-after');
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  const quotaReset = header('x-ms-user-quota-resets-after');
  const match = quotaReset === undefined ? null : /^(\d+):(\d{2}):(\d{2})$/.exec(quotaReset);
  if (match !== null) return (Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3])) * 1000;
  return undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
