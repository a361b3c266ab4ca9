/**
 * The read-only rule, in one place. Every request mi-audit sends (the gate policy of the ARM and Graph stacks
 * alike, via http-gate.ts) is checked here first: only GET, plus the three POSTs that are reads by contract.
 * A refusal is a bug in mi-audit, so it is an InternalError (exit 5) and nothing reaches the wire.
 */
import { InternalError } from '../../core/errors.js';

export type Service = 'arm' | 'graph';

export interface OutgoingRequest {
  readonly service: Service;
  readonly method: string;
  readonly url: string;
  /** Request body as sent (JSON text), when there is one. */
  readonly body?: string | undefined;
}

/** ARM: Resource Graph queries are POSTs (https://learn.microsoft.com/rest/api/azureresourcegraph/resourcegraph/resources/resources). */
const RESOURCE_GRAPH_QUERY = /^\/providers\/microsoft\.resourcegraph\/resources\/?$/i;
/** Graph: getByIds is a POST that only reads (https://learn.microsoft.com/graph/api/directoryobject-getbyids). */
const GET_BY_IDS = /^\/(v1\.0|beta)\/directoryobjects\/getbyids\/?$/i;
const BATCH = /^\/(v1\.0|beta)\/\$batch\/?$/i;

export class ReadOnlyViolation extends InternalError {}

export function assertReadOnly(request: OutgoingRequest): void {
  const method = request.method.toUpperCase();
  if (method === 'GET') return;
  const path = pathOf(request.url);
  if (method === 'POST') {
    if (request.service === 'arm' && RESOURCE_GRAPH_QUERY.test(path)) return;
    if (request.service === 'graph' && GET_BY_IDS.test(path)) return;
    if (request.service === 'graph' && BATCH.test(path) && batchIsAllGets(request.body)) return;
  }
  throw new ReadOnlyViolation(`refused ${method} ${path}: mi-audit only reads`);
}

function batchIsAllGets(body: string | undefined): boolean {
  if (body === undefined) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null || !('requests' in parsed) || !Array.isArray(parsed.requests)) return false;
  const steps: unknown[] = parsed.requests;
  return (
    steps.length > 0 &&
    steps.length <= 20 &&
    steps.every(
      (step) =>
        typeof step === 'object' &&
        step !== null &&
        'method' in step &&
        typeof step.method === 'string' &&
        step.method.toUpperCase() === 'GET' &&
        !('body' in step),
    )
  );
}

/** Path only: never echo a query string (it may carry a skip token) into an error. */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? '';
  }
}
