/**
 * One HTTP stack per service (ARM, Microsoft Graph), both on @azure/core-rest-pipeline
 * (https://learn.microsoft.com/javascript/api/@azure/core-rest-pipeline), outermost policy first:
 * 1. the library's throttlingRetryPolicy: 429/503 with `Retry-After`, `retry-after-ms` or `x-ms-retry-after-ms`;
 * 2. our retry strategy for the gaps it leaves (retry-decision.ts): 429 without those headers, 408, 5xx,
 *    connection resets and timeouts, Resource Graph's `x-ms-user-quota-resets-after`;
 * 3. the library's bearerTokenAuthenticationPolicy, with the service's own credential;
 * 4. the HTTP gate (read-only, own origin only, the service's adaptive limiter), which also feeds the limiter the
 *    throttling signals of each answer;
 * 5. a per-attempt timeout on the wire time only (not the wait for a limiter slot), so a stalled connection becomes
 *    a retryable ETIMEDOUT instead of a hang.
 * Bodies are parsed once; any failure leaves as a ServiceRequestError (status, code, request id, path: no headers,
 * no body, so never a token).
 */
import { Agent } from 'node:https';

import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { Pipeline, PipelinePolicy, PipelineRequest, PipelineResponse, RetryStrategy } from '@azure/core-rest-pipeline';

import { asObject, numberAt, objectAt, parseJson, stringAt } from '../json.js';
import { ServiceRequestError } from '../request-failure.js';
import type { HttpGate } from './http-gate.js';
import type { AdaptiveLimiter } from './limiter.js';
import { pathOf, type Service } from './read-only-guard.js';
import { retryDelayMs, type RetrySettings } from './retry-decision.js';
import { seconds } from '../../core/seconds.js';

/** A retry about to happen, for progress on stderr ("retrying in 2 s (503)"). */
export interface RetryEvent {
  readonly service: Service;
  readonly path: string;
  readonly delayMs: number;
  /** HTTP status, or the system error code (ECONNRESET, ETIMEDOUT). */
  readonly reason: string;
}

export interface ServiceHttpSettings {
  readonly service: Service;
  readonly origin: string;
  readonly credential: TokenCredential;
  readonly scope: string;
  readonly gate: HttpGate;
  readonly limiter: AdaptiveLimiter;
  readonly retry: RetrySettings;
  /** Longest wait for one answer, body included, before the attempt counts as a timeout (ms). */
  readonly attemptTimeoutMs: number;
  readonly tlsCa?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
}

export interface ServiceHttp {
  readonly service: Service;
  readonly origin: string;
  /** Resolves when the service first answers anything (any status): it is reachable. */
  readonly answered: Promise<void>;
  /** `url` is absolute (a nextLink) or a path on the service's origin. Resolves to the parsed JSON body. */
  get(url: string): Promise<unknown>;
  post(url: string, body: unknown): Promise<unknown>;
}

/** Headers by which a service says how long to wait: the library's throttling policy honours them on 429/503. */
const LIBRARY_RETRY_HEADERS = ['retry-after', 'retry-after-ms', 'x-ms-retry-after-ms'];

export async function createServiceHttp(settings: ServiceHttpSettings): Promise<ServiceHttp> {
  const { createEmptyPipeline, createDefaultHttpClient, createPipelineRequest, bearerTokenAuthenticationPolicy, throttlingRetryPolicy, retryPolicy, RestError } =
    await import('@azure/core-rest-pipeline');
  const agent = new Agent({ keepAlive: true, ...(settings.tlsCa === undefined ? {} : { ca: settings.tlsCa }) });
  let markAnswered: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => {
    markAnswered = resolve;
  });
  // The two retry policies nest (the library's throttling outside ours), and each counts its own retries: counted
  // apart, 5 + 5 retries could multiply into 36 attempts of one request. Both read this one count instead.
  const attempts: AttemptCount = new WeakMap();
  const pipeline: Pipeline = createEmptyPipeline();
  pipeline.addPolicy(throttlingRetryPolicy({ maxRetries: settings.retry.maxRetries }));
  pipeline.addPolicy(reportLibraryRetries(settings, attempts));
  pipeline.addPolicy(retryPolicy([gapStrategy(settings, attempts)], { maxRetries: settings.retry.maxRetries }));
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: settings.credential, scopes: settings.scope }));
  pipeline.addPolicy(countAttempts(attempts));
  pipeline.addPolicy(gatePolicy(settings, () => markAnswered()));
  pipeline.addPolicy(attemptTimeout(settings.attemptTimeoutMs, (message, request) => new RestError(message, { code: 'ETIMEDOUT', request })));
  const client = createDefaultHttpClient();

  const send = async (method: 'GET' | 'POST', url: string, body?: unknown): Promise<unknown> => {
    const absolute = url.startsWith('https://') ? url : `${settings.origin}${url}`;
    const request = createPipelineRequest({
      url: absolute,
      method,
      ...(settings.signal === undefined ? {} : { abortSignal: settings.signal }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    request.agent = agent;
    request.headers.set('accept', 'application/json');
    if (body !== undefined) request.headers.set('content-type', 'application/json');
    let response: PipelineResponse;
    try {
      response = await pipeline.sendRequest(client, request);
    } catch (error: unknown) {
      throw toServiceError(error, absolute);
    }
    const parsed = parseJson(response.bodyAsText);
    if (response.status >= 200 && response.status < 300) return parsed;
    const failure = objectAt(parsed, 'error');
    throw new ServiceRequestError({
      statusCode: response.status,
      code: stringAt(failure, 'code'),
      requestId: response.headers.get('x-ms-request-id') ?? response.headers.get('request-id') ?? stringAt(objectAt(failure, 'innerError'), 'request-id'),
      path: pathOf(absolute),
    });
  };
  return {
    service: settings.service,
    origin: settings.origin,
    answered,
    get: (url) => send('GET', url),
    post: (url, body) => send('POST', url, body),
  };
}

/** A thrown error (network, timeout, credential) reduced to code + path; credential and our own errors pass through. */
function toServiceError(error: unknown, url: string): unknown {
  const object = asObject(error);
  const code = stringAt(object, 'code');
  if (!(error instanceof Error) || error.name !== 'RestError' || code === undefined) return error;
  return new ServiceRequestError({ statusCode: numberAt(object, 'statusCode'), code, requestId: undefined, path: pathOf(url) });
}

/**
 * Attempts sent on the wire so far, per request object: the library's retry policies send the same object again, so
 * the count spans both of them. A request never sent (refused by the gate) has none.
 */
type AttemptCount = WeakMap<PipelineRequest, number>;

/**
 * Retries made so far for the request, by both retry policies together (attempts sent minus the first); `unsent`
 * when the request never reached the wire (no count).
 */
function retriesMade(attempts: AttemptCount, request: PipelineRequest | undefined, unsent: number): number {
  const sent = request === undefined ? undefined : attempts.get(request);
  return sent === undefined ? unsent : sent - 1;
}

/** Counts each attempt that goes down to the wire (below both retry policies and the token policy). */
function countAttempts(attempts: AttemptCount): PipelinePolicy {
  return {
    name: 'miAuditCountAttempts',
    sendRequest(request, next) {
      attempts.set(request, (attempts.get(request) ?? 0) + 1);
      return next(request);
    },
  };
}

/** Our retry decision for what the library's throttling policy does not retry. */
function gapStrategy(settings: ServiceHttpSettings, attempts: AttemptCount): RetryStrategy {
  return {
    name: 'miAuditRetryGaps',
    retry({ retryCount, response, responseError }) {
      const status = response?.status;
      if (status !== undefined && (status === 429 || status === 503) && LIBRARY_RETRY_HEADERS.some((name) => response?.headers.get(name) !== undefined)) {
        return { skipStrategy: true };
      }
      const delay = retryDelayMs(
        response === undefined ? { errorCode: responseError?.code } : { status: response.status, header: (name) => response.headers.get(name) },
        retriesMade(attempts, response?.request ?? responseError?.request, retryCount),
        settings.retry,
      );
      if (delay === undefined) return { skipStrategy: true };
      const reason = status === undefined ? (responseError?.code ?? 'network error') : String(status);
      settings.onRetry?.({ service: settings.service, path: pathOf(response?.request.url ?? responseError?.request?.url ?? ''), delayMs: delay, reason });
      return { retryAfterInMs: delay };
    },
  };
}

/**
 * Reports the waits the library's throttling policy is about to make (it has no hook of its own), and caps them at
 * maxServerDelayMs: a server asking for an hour gets `retry-after-ms` of the cap instead. Once the request has used
 * its retries (both policies together), the wait headers are removed, so the library gives up and the answer stands.
 */
function reportLibraryRetries(settings: ServiceHttpSettings, attempts: AttemptCount): PipelinePolicy {
  return {
    name: 'miAuditReportThrottling',
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status === 429 || response.status === 503) {
        const header = (name: string): string | undefined => response.headers.get(name);
        if (LIBRARY_RETRY_HEADERS.some((name) => header(name) !== undefined)) {
          const delay = retryDelayMs({ status: response.status, header }, retriesMade(attempts, request, 0), settings.retry);
          for (const name of LIBRARY_RETRY_HEADERS) response.headers.delete(name);
          if (delay !== undefined) {
            response.headers.set('retry-after-ms', String(delay));
            settings.onRetry?.({ service: settings.service, path: pathOf(request.url), delayMs: delay, reason: String(response.status) });
          }
        }
      }
      return response;
    },
  };
}

/**
 * Aborts one attempt after `ms` and turns it into a retryable error that carries the request (so a retry line names
 * its path); an abort from outside stays an abort.
 */
function attemptTimeout(ms: number, timeoutError: (message: string, request: PipelineRequest) => Error): PipelinePolicy {
  return {
    name: 'miAuditAttemptTimeout',
    async sendRequest(request, next) {
      const outer = request.abortSignal;
      const controller = new AbortController();
      const forward = (): void => controller.abort();
      outer?.addEventListener('abort', forward);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, ms);
      request.abortSignal = controller.signal;
      try {
        return await next(request);
      } catch (error: unknown) {
        if (timedOut && outer?.aborted !== true) throw timeoutError(`no answer within ${seconds(ms)} s`, request);
        throw error;
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', forward);
        if (outer === undefined) delete request.abortSignal;
        else request.abortSignal = outer;
      }
    },
  };
}

/**
 * The gate (read-only, origin, limiter), then the limiter learns from the answer's throttling signals. Resource Graph
 * has a quota of its own per user and 5 s window
 * (https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests): when an
 * answer says it is used up, the next queries wait for `x-ms-user-quota-resets-after`, outside the limiter, and the
 * other ARM reads (FIC and role-assignment lists, not under that quota) go on.
 */
function gatePolicy(settings: ServiceHttpSettings, onAnswer: () => void): PipelinePolicy {
  const { limiter } = settings;
  let queriesResumeAt = 0;
  return {
    name: 'miAuditHttpGate',
    async sendRequest(request, next) {
      const body = typeof request.body === 'string' ? request.body : undefined;
      // Resource Graph queries are the only ARM POSTs (read-only-guard.ts).
      const isQuery = settings.service === 'arm' && request.method.toUpperCase() === 'POST';
      if (isQuery && queriesResumeAt > Date.now()) await sleepUnlessAborted(queriesResumeAt - Date.now(), request.abortSignal);
      const response = await settings.gate.send({ service: settings.service, method: request.method, url: request.url, body }, () => next(request));
      onAnswer();
      const header = (name: string): string | undefined => response.headers.get(name);
      if (response.status === 429 || response.status === 503) limiter.throttled();
      else limiter.succeeded(remainingReads(header));
      if (isQuery && header('x-ms-user-quota-remaining') === '0') {
        const wait = retryDelayMs({ status: 429, header: (name) => (name === 'x-ms-user-quota-resets-after' ? header(name) : undefined) }, 0, settings.retry);
        if (wait !== undefined) queriesResumeAt = Math.max(queriesResumeAt, Date.now() + wait);
      }
      return response;
    },
  };
}

/** Waits `ms`, or less when `signal` aborts (the request then fails with the abort, as it would on the wire). */
function sleepUnlessAborted(ms: number, signal: PipelineRequest['abortSignal']): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function remainingReads(header: (name: string) => string | undefined): number | undefined {
  const value = header('x-ms-ratelimit-remaining-subscription-reads') ?? header('x-ms-ratelimit-remaining-tenant-reads');
  const parsed = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** A `{ getAccessToken }` source (the Graph credential) as a TokenCredential for bearerTokenAuthenticationPolicy. */
export function accessTokenCredential(getAccessToken: () => Promise<string>, lifetimeMs = 5 * 60_000): TokenCredential {
  return {
    async getToken(_scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
      return { token: await getAccessToken(), expiresOnTimestamp: Date.now() + lifetimeMs };
    },
  };
}
