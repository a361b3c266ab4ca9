/** Runs the real collector (real SDK clients) against a started mock, with fast retry timings. */
import { cloudEndpoints } from '../../../src/collect/cloud-endpoints.js';
import { collectSnapshot } from '../../../src/collect/collector.js';
import type { Discovery } from '../../../src/collect/config.js';
import { type CollectorCredentials, staticTokenCredential } from '../../../src/collect/credentials.js';
import type { RequestEvent } from '../../../src/collect/http/http-gate.js';
import type { RetryEvent } from '../../../src/collect/http/service-http.js';
import type { ScanScope, Snapshot } from '../../../src/snapshot/schema.js';
import { MOCK_ARM_TOKEN, MOCK_GRAPH_TOKEN, type MockAzure } from './server.js';

export const FAST_RETRY = { maxRetries: 4, baseDelayMs: 2, maxDelayMs: 20, maxServerDelayMs: 2000 } as const;

export interface MockCollectOptions {
  readonly discovery?: Discovery;
  readonly scope?: ScanScope;
  readonly armToken?: string;
  readonly graphToken?: string;
  readonly concurrency?: number;
  readonly events?: RequestEvent[];
  /** Replace the static-token credentials (e.g. with one that cannot issue a token). */
  readonly credentials?: CollectorCredentials;
  /** Shorter than the production 20 s / 25 s, so stalls are tested quickly. */
  readonly attemptTimeoutMs?: number;
  readonly firstContactTimeoutMs?: number;
  readonly onRetry?: (event: RetryEvent) => void;
  readonly signal?: AbortSignal;
}

export function collectFromMock(mock: MockAzure, options: MockCollectOptions = {}): Promise<Snapshot> {
  return collectSnapshot({
    cloud: 'AzureCloud',
    endpoints: { ...cloudEndpoints('AzureCloud'), arm: mock.armOrigin, graph: mock.graphOrigin },
    credentials: options.credentials ?? {
      arm: staticTokenCredential(options.armToken ?? MOCK_ARM_TOKEN),
      graph: { getAccessToken: async () => options.graphToken ?? MOCK_GRAPH_TOKEN },
    },
    scope: options.scope ?? { kind: 'tenant', ids: [] },
    discovery: options.discovery ?? 'arg',
    concurrency: options.concurrency ?? 8,
    retry: FAST_RETRY,
    tool: { name: 'mi-audit', version: 'test' },
    now: () => new Date('2026-11-25T10:00:00Z'),
    tlsCa: mock.certificate.certPem,
    observer: options.events === undefined ? undefined : (event) => options.events?.push(event),
    attemptTimeoutMs: options.attemptTimeoutMs,
    firstContactTimeoutMs: options.firstContactTimeoutMs,
    onRetry: options.onRetry,
    signal: options.signal,
  });
}
