/**
 * GET many Graph URLs through JSON batching. The body is built by hand, with version-less relative step URLs,
 * because real Graph rejects a step URL that keeps the `/v1.0` segment (https://learn.microsoft.com/graph/json-batching).
 * At most 20 steps per batch; a step throttled on its own (429/503/504) is retried in a later batch after the wait
 * it asked for; every step's @odata.nextLink is followed to the end.
 */
import { retryDelayMs, sleep, type RetrySettings } from '../http/retry-decision.js';
import { arrayAt, asObject, numberAt, objectAt, stringAt } from '../json.js';
import { ServiceRequestError } from '../request-failure.js';
import type { GraphApi, GraphVersion } from './client.js';
import { followNextLinks } from './paging.js';

export const MAX_BATCH_STEPS = 20;

export interface StepResult {
  readonly status: number;
  readonly body: unknown;
  /** For collections: the items of every page. */
  readonly items: readonly unknown[];
}

export interface BatchRequest {
  readonly key: string;
  /** Relative to the version, starting with `/`, e.g. `/servicePrincipals/{id}/appRoleAssignments`. */
  readonly url: string;
}

export async function batchGet(
  api: GraphApi,
  requests: readonly BatchRequest[],
  options: { readonly version?: GraphVersion; readonly retry: RetrySettings },
): Promise<Map<string, StepResult>> {
  const version = options.version ?? 'v1.0';
  const results = new Map<string, StepResult>();
  let pending = [...requests];
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    const chunks: BatchRequest[][] = [];
    for (let index = 0; index < pending.length; index += MAX_BATCH_STEPS) chunks.push(pending.slice(index, index + MAX_BATCH_STEPS));
    const retryLater: BatchRequest[] = [];
    let wait = 0;
    await Promise.all(
      chunks.map(async (chunk) => {
        const body = { requests: chunk.map((request, index) => ({ id: String(index + 1), method: 'GET', url: request.url })) };
        const response = await api.post('/$batch', body, version);
        const byId = new Map(arrayAt(response, 'responses').map((step) => [stringAt(step, 'id') ?? '', step] as const));
        for (const [index, request] of chunk.entries()) {
          const step = byId.get(String(index + 1));
          const status = numberAt(step, 'status') ?? 0;
          const headers = objectAt(step, 'headers');
          const delay = retryDelayMs({ status, header: (name) => headerOf(headers, name) }, attempt, options.retry);
          if (delay !== undefined && status !== 0) {
            retryLater.push(request);
            wait = Math.max(wait, delay);
            continue;
          }
          const stepBody = asObject(step)?.['body'];
          const items = status >= 200 && status < 300 ? [...arrayAt(stepBody, 'value'), ...(await followNextLinks(api, stepBody))] : [];
          results.set(request.key, { status, body: stepBody, items });
        }
      }),
    );
    if (retryLater.length > 0) await sleep(wait);
    pending = retryLater;
  }
  return results;
}

function headerOf(headers: ReturnType<typeof objectAt>, name: string): string | undefined {
  if (headers === undefined) return undefined;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** A failed step as an error, so the caller's coverage records it like any failed request. */
export function stepError(result: StepResult, url: string): ServiceRequestError {
  const error = objectAt(result.body, 'error');
  return new ServiceRequestError({
    statusCode: result.status,
    code: stringAt(error, 'code'),
    requestId: stringAt(objectAt(error, 'innerError'), 'request-id'),
    path: url.split('?')[0] ?? url,
  });
}
