/**
 * Hardens every ARM client's pipeline:
 * - the HTTP gate (read-only, own-origin, concurrency) runs after the Sign phase, i.e. on the exact request that
 *   goes to the wire, including retries, redirects and absolute nextLinks;
 * - our retry policy replaces the SDK's default one, because that one does not retry a 429 without Retry-After
 *   (NOTES.md §3.1, probe D2) and we want one retry behaviour for ARM and Graph (http/retry-decision.ts).
 */
import type { Pipeline, PipelinePolicy } from '@azure/core-rest-pipeline';

import type { HttpGate } from '../http/http-gate.js';
import { retryDelayMs, sleep, type RetrySettings } from '../http/retry-decision.js';
import { asObject, stringAt } from '../json.js';

const SDK_DEFAULT_RETRY_POLICY = 'defaultRetryPolicy';

export function hardenArmPipeline(pipeline: Pipeline, gate: HttpGate, retry: RetrySettings): void {
  pipeline.removePolicy({ name: SDK_DEFAULT_RETRY_POLICY });
  pipeline.addPolicy(armRetryPolicy(retry), { phase: 'Retry' });
  pipeline.addPolicy(armGatePolicy(gate), { afterPhase: 'Sign' });
}

function armGatePolicy(gate: HttpGate): PipelinePolicy {
  return {
    name: 'miAuditHttpGate',
    sendRequest: (request, next) =>
      gate.send({ service: 'arm', method: request.method, url: request.url, body: typeof request.body === 'string' ? request.body : undefined }, () =>
        next(request),
      ),
  };
}

function armRetryPolicy(settings: RetrySettings): PipelinePolicy {
  return {
    name: 'miAuditRetry',
    async sendRequest(request, next) {
      for (let attempt = 0; ; attempt += 1) {
        try {
          const response = await next(request);
          const delay = retryDelayMs({ status: response.status, header: (name) => response.headers.get(name) }, attempt, settings);
          if (delay === undefined) return response;
          await sleep(delay);
        } catch (error: unknown) {
          const delay = retryDelayMs({ errorCode: stringAt(asObject(error), 'code') }, attempt, settings);
          if (delay === undefined) throw error;
          await sleep(delay);
        }
      }
    },
  };
}
