/**
 * An HTTPS mock of ARM (+ Resource Graph) and Microsoft Graph, each on its own 127.0.0.1 port, serving a Snapshot
 * in wire shapes with small pages. It checks the bearer token of each service (401 otherwise), logs every request
 * (method, path, token), refuses writes (405), and injects faults: 429/5xx, a forbidden subscription, a forbidden
 * Graph area, and at the transport level (`chaos`): connection resets, slow answers and stalls (no answer at all).
 *
 *   const mock = await startMockAzure(snapshot, { pageSize: 2 });
 *   … collect with endpoints mock.armOrigin / mock.graphOrigin, tlsCa mock.certificate.certPem …
 *   await mock.close();   (also removes the mock's temp directory: call it in a finally or an after hook)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Snapshot } from '../../../src/snapshot/schema.js';
import { armRoute } from './arm-routes.js';
import { createTestCertificate, type TestCertificate } from './certificate.js';
import { graphRoute } from './graph-routes.js';
import { indexesOf } from './indexes.js';
import { errorBody, type InjectedFault, type LoggedRequest, type MockRequest, type MockResponse } from './types.js';

export const MOCK_ARM_TOKEN = 'arm-token-4f1c9a7e-mock';
export const MOCK_GRAPH_TOKEN = 'graph-token-b83d52e0-mock';

export interface MockAzureOptions {
  /** Items per page of every list (tests use 2 to exercise paging); `pageSizes` sets them one by one. */
  readonly pageSize?: number;
  /** Realistic paging: `{ arm: 1000, graph: 100, graphMax: 999, resourceGraph: 1000 }` (docs/performance.md). */
  readonly pageSizes?: { readonly arm: number; readonly graph: number; readonly graphMax: number; readonly resourceGraph: number };
  /** Delay before each answer, like a remote service's round trip. */
  readonly latencyMs?: number;
  readonly armToken?: string;
  readonly graphToken?: string;
  readonly forbiddenSubscriptions?: readonly string[];
  /** Resource Graph leaves forbidden subscriptions out silently (the real behaviour) instead of answering 403. */
  readonly resourceGraphOmitsForbidden?: boolean;
  /** Resource Graph's per-user quota headers on every query answer (default: 14 left, window of 5 s). */
  readonly resourceGraphQuota?: { readonly remaining: number; readonly resetsAfter: string };
  readonly forbiddenGraphAreas?: readonly RegExp[];
  /** Each fault answers its first `times` matching requests (default 1). */
  readonly faults?: readonly (Omit<InjectedFault, 'times'> & { readonly times?: number })[];
  readonly certificate?: TestCertificate;
  /** Random transport faults (seeded, reproducible): each request meets one with probability `rate`. */
  readonly chaos?: ChaosOptions;
}

export type ChaosFault = 'reset' | 'slow' | 'stall' | 429 | 503;

export interface ChaosOptions {
  readonly seed: number;
  readonly rate: number;
  readonly kinds: readonly ChaosFault[];
  /** Only requests of this service (default both). */
  readonly service?: 'arm' | 'graph';
  /** Delay of a `slow` answer (default 150 ms). */
  readonly slowMs?: number;
  /** Leave the first N requests of the service alone (e.g. 1: it answers once, then stalls). */
  readonly afterRequests?: number;
}

/** mulberry32: a small seeded PRNG, so a failing chaos run can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The mock's certificate, and a file of it for NODE_EXTRA_CA_CERTS that lives until the mock's close(). */
export interface MockCertificate extends TestCertificate {
  readonly certPath: string;
}

export interface MockAzure {
  readonly armOrigin: string;
  readonly graphOrigin: string;
  readonly certificate: MockCertificate;
  readonly requests: LoggedRequest[];
  /** Requests that were neither GET nor an allowed read-only POST. */
  readonly writes: LoggedRequest[];
  /** Stops both servers and removes the temp directory of certificate.certPath. */
  close(): Promise<void>;
}

/** The environment that points the built CLI at the mock: static tokens, endpoints and the mock's CA (Node's own trust store). */
export function mockCliEnv(mock: MockAzure): Record<string, string> {
  return {
    MI_AUDIT_ARM_TOKEN: MOCK_ARM_TOKEN,
    MI_AUDIT_GRAPH_TOKEN: MOCK_GRAPH_TOKEN,
    MI_AUDIT_ARM_ENDPOINT: mock.armOrigin,
    MI_AUDIT_GRAPH_ENDPOINT: mock.graphOrigin,
    NODE_EXTRA_CA_CERTS: mock.certificate.certPath,
  };
}

let sharedCertificate: TestCertificate | undefined;

/** One certificate per test process, kept in memory only: openssl takes ~100 ms. */
export function testCertificate(): TestCertificate {
  sharedCertificate ??= createTestCertificate();
  return sharedCertificate;
}

/** Starts a mock, hands it to `use` and closes it (its temp directory included) whether `use` returns or throws. */
export async function withMockAzure<T>(snapshot: Snapshot, options: MockAzureOptions, use: (mock: MockAzure) => Promise<T>): Promise<T> {
  const mock = await startMockAzure(snapshot, options);
  try {
    return await use(mock);
  } finally {
    await mock.close();
  }
}

function isAllowedWrite(service: 'arm' | 'graph', method: string, path: string): boolean {
  if (method === 'GET') return true;
  if (method !== 'POST') return false;
  if (service === 'arm') return /^\/providers\/microsoft\.resourcegraph\/resources$/i.test(path);
  return /^\/(v1\.0|beta)\/(\$batch|directoryObjects\/getByIds)$/i.test(path);
}

/** The certificate as a file in a temp directory of its own (one per mock), and the removal of that directory. */
function certificateFile(certPem: string): { readonly path: string; readonly remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mi-audit-mock-'));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  const path = join(dir, 'cert.pem');
  try {
    writeFileSync(path, certPem);
  } catch (error: unknown) {
    remove();
    throw error;
  }
  return { path, remove };
}

export async function startMockAzure(snapshot: Snapshot, options: MockAzureOptions = {}): Promise<MockAzure> {
  const pems = options.certificate ?? testCertificate();
  // Made before the servers, so that a failure here leaves no server open.
  const file = certificateFile(pems.certPem);
  const certificate: MockCertificate = { ...pems, certPath: file.path };
  const pageSize = options.pageSize ?? 2;
  const sizes = options.pageSizes ?? { arm: pageSize, graph: pageSize, graphMax: pageSize, resourceGraph: pageSize };
  const requests: LoggedRequest[] = [];
  const writes: LoggedRequest[] = [];
  const faults: InjectedFault[] = (options.faults ?? []).map((fault) => ({ ...fault, times: fault.times ?? 1 }));
  const takeFault = (service: 'arm' | 'graph', pathAndQuery: string): InjectedFault | undefined => {
    const fault = faults.find((candidate) => candidate.service === service && candidate.times > 0 && candidate.match.test(pathAndQuery));
    if (fault !== undefined) fault.times -= 1;
    return fault;
  };
  const random = seededRandom(options.chaos?.seed ?? 1);
  const seen = { arm: 0, graph: 0 };
  const chaosFor = (service: 'arm' | 'graph'): ChaosFault | undefined => {
    const chaos = options.chaos;
    seen[service] += 1;
    if (chaos === undefined || (chaos.service !== undefined && chaos.service !== service) || seen[service] <= (chaos.afterRequests ?? 0)) return undefined;
    if (random() >= chaos.rate) return undefined;
    return chaos.kinds[Math.floor(random() * chaos.kinds.length)];
  };
  const forbiddenSubscriptions = new Set((options.forbiddenSubscriptions ?? []).map((id) => id.toLowerCase()));
  // Built before the first request, as a real service's indexes are: the bench times the collector, not this.
  indexesOf(snapshot);
  const origins = { arm: '', graph: '' };

  const serve = (service: 'arm' | 'graph'): Server =>
    createServer({ cert: certificate.certPem, key: certificate.keyPem }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const url = new URL(origins[service] + (req.url ?? '/'));
        const method = (req.method ?? 'GET').toUpperCase();
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
        let body: unknown;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          body = undefined;
        }
        const expected = service === 'arm' ? (options.armToken ?? MOCK_ARM_TOKEN) : (options.graphToken ?? MOCK_GRAPH_TOKEN);
        let response: MockResponse;
        const chaos = token === expected ? chaosFor(service) : undefined;
        if (chaos === 'reset' || chaos === 'stall') {
          requests.push({ service, method, url: `${url.pathname}${url.search}`, token, body: text, status: 0, at: Date.now() });
          // A reset drops the connection; a stall keeps it open and never answers (close() ends it).
          if (chaos === 'reset') req.socket.destroy();
          return;
        }
        const fault = takeFault(service, `${url.pathname}${url.search}`);
        if (chaos === 429 || chaos === 503) {
          response = { status: chaos, headers: chaos === 429 ? { 'retry-after-ms': '5' } : {}, body: errorBody(chaos === 429 ? 'TooManyRequests' : 'ServiceUnavailable', 'Injected chaos.') };
        } else if (token !== expected) {
          response = { status: 401, body: errorBody('InvalidAuthenticationToken', 'The access token is invalid.') };
        } else if (!isAllowedWrite(service, method, url.pathname.replace(/\/{2,}/g, '/'))) {
          response = { status: 405, body: errorBody('MethodNotAllowed', 'The mock only serves reads.') };
        } else if (fault !== undefined && !(service === 'graph' && url.pathname.endsWith('/$batch'))) {
          response = { status: fault.status, headers: fault.headers ?? {}, body: errorBody(fault.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', 'Injected fault.') };
        } else {
          const request: MockRequest = { method, url, body };
          response =
            service === 'arm'
              ? armRoute(snapshot, request, {
                  origin: origins.arm,
                  pageSize: sizes.arm,
                  resourceGraphPageSize: sizes.resourceGraph,
                  forbiddenSubscriptions,
                  resourceGraphOmitsForbidden: options.resourceGraphOmitsForbidden === true,
                  resourceGraphQuota: options.resourceGraphQuota ?? { remaining: 14, resetsAfter: '00:00:05' },
                })
              : graphRoute(snapshot, request, { origin: origins.graph, pageSize: sizes.graph, maxPageSize: sizes.graphMax, forbiddenAreas: options.forbiddenGraphAreas ?? [], takeFault });
        }
        const logged: LoggedRequest = { service, method, url: `${url.pathname}${url.search}`, token, body: text, status: response.status, at: Date.now() };
        requests.push(logged);
        if (!isAllowedWrite(service, method, url.pathname.replace(/\/{2,}/g, '/'))) writes.push(logged);
        const payload = response.body === undefined ? '' : JSON.stringify(response.body);
        res.writeHead(response.status, {
          'content-type': 'application/json; charset=utf-8',
          'x-ms-request-id': `mock-${requests.length}`,
          ...response.headers,
        });
        const delay = (options.latencyMs ?? 0) + (chaos === 'slow' ? (options.chaos?.slowMs ?? 150) : 0);
        if (delay <= 0) res.end(payload);
        else setTimeout(() => res.end(payload), delay);
      });
    });

  const listen = (server: Server): Promise<string> =>
    new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`https://127.0.0.1:${(server.address() as AddressInfo).port}`)));
  const armServer = serve('arm');
  const graphServer = serve('graph');
  origins.arm = await listen(armServer);
  origins.graph = await listen(graphServer);
  const close = (server: Server): Promise<void> =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    armOrigin: origins.arm,
    graphOrigin: origins.graph,
    certificate,
    requests,
    writes,
    close: async () => {
      try {
        await Promise.all([close(armServer), close(graphServer)]);
      } finally {
        file.remove();
      }
    },
  };
}
