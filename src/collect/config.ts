/** Everything one live collection needs, resolved by the CLI from flags and environment (collect.ts). */
import type { Cloud, ScanScope } from '../snapshot/schema.js';
import type { CloudEndpoints } from './cloud-endpoints.js';
import type { CollectorCredentials } from './credentials.js';
import type { RequestObserver } from './http/http-gate.js';
import type { RetrySettings } from './http/retry-decision.js';
import type { RetryEvent } from './http/service-http.js';

export type Discovery = 'arg' | 'arm';

export interface CollectorConfig {
  readonly cloud: Cloud;
  readonly endpoints: CloudEndpoints;
  readonly credentials: CollectorCredentials;
  readonly scope: ScanScope;
  readonly discovery: Discovery;
  /** Upper bound of requests in flight per service, ARM and Graph each (--concurrency); lowered while throttled. */
  readonly concurrency: number;
  readonly retry: RetrySettings;
  readonly tool: { readonly name: string; readonly version: string };
  readonly now: () => Date;
  /** Extra CA for the local mock in tests; production leaves it unset (Node defaults, NODE_EXTRA_CA_CERTS). */
  readonly tlsCa?: string | undefined;
  /** Per-source progress (`source`, item count). */
  readonly progress?: ((source: string, count: number) => void) | undefined;
  readonly debug?: ((line: string) => void) | undefined;
  readonly observer?: RequestObserver | undefined;
  /** A retry about to happen (progress: "retrying in 2 s (503)"). */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Aborts the collection (Ctrl-C): requests in flight are cancelled and the collection rejects. */
  readonly signal?: AbortSignal | undefined;
  /** Longest wait for one answer before it is retried as a timeout (default 20 s; tests shorten it). */
  readonly attemptTimeoutMs?: number | undefined;
  /** Longest wait for the first answer of ARM before the run ends with exit 4 (default 25 s). */
  readonly firstContactTimeoutMs?: number | undefined;
}
