/**
 * Turns whatever an SDK threw into a small, secret-free description: status, service error code, request id and
 * URL path, nothing else. SDK error objects carry the request (with its Authorization header) and the raw body,
 * so they never leave src/collect; only this description does (RestError {statusCode, code}: https://learn.microsoft.com/javascript/api/@azure/core-rest-pipeline/resterror).
 */
import { pathOf } from './http/read-only-guard.js';
import { asObject, numberAt, stringAt } from './json.js';

export interface RequestFailure {
  readonly kind: 'http' | 'network' | 'credential' | 'unknown';
  readonly status?: number;
  readonly code?: string;
  readonly requestId?: string;
  readonly path?: string;
  /** Only for credential failures: the identity library's first line, which names the missing credential. */
  readonly detail?: string;
}

export const CREDENTIAL_ERRORS: ReadonlySet<string> = new Set(['CredentialUnavailableError', 'AuthenticationError', 'AuthenticationRequiredError', 'AggregateAuthenticationError']);

/** Thrown by our Graph wrapper: the Graph client's GraphError does not know the URL it failed on. */
export class ServiceRequestError extends Error {
  readonly statusCode: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly path: string;

  constructor(fields: { statusCode: number | undefined; code: string | undefined; requestId: string | undefined; path: string }) {
    super(`${fields.statusCode ?? ''} ${fields.code ?? ''} on ${fields.path}`.trim());
    this.name = 'ServiceRequestError';
    this.statusCode = fields.statusCode;
    this.code = fields.code;
    this.requestId = fields.requestId;
    this.path = fields.path;
  }
}

export function describeFailure(error: unknown, fallbackPath?: string): RequestFailure {
  const object = asObject(error);
  const name = error instanceof Error ? error.name : stringAt(object, 'name');
  const codeOrName = stringAt(object, 'code');
  if ((name !== undefined && CREDENTIAL_ERRORS.has(name)) || (codeOrName !== undefined && CREDENTIAL_ERRORS.has(codeOrName))) {
    // The Graph client wraps a credential error into a GraphError whose body is the original `toString()`.
    const message = typeof object?.['body'] === 'string' ? object['body'] : error instanceof Error ? error.message : '';
    return { kind: 'credential', detail: (message.split('\n')[0] ?? '').slice(0, 200) };
  }
  if (error instanceof ServiceRequestError) fallbackPath = error.path;
  const status = numberAt(object, 'statusCode') ?? numberAt(object, 'status');
  const code = stringAt(object, 'code');
  const requestUrl = stringAt(asObject(object?.['request']), 'url');
  const path = requestUrl === undefined ? fallbackPath : pathOf(requestUrl);
  const requestId = requestIdOf(object);
  const base = { ...(code === undefined ? {} : { code }), ...(requestId === undefined ? {} : { requestId }), ...(path === undefined ? {} : { path }) };
  if (status !== undefined && status > 0) return { kind: 'http', status, ...base };
  if (code !== undefined && (/^E[A-Z_]+$/.test(code) || /CERT|TLS|SSL/i.test(code) || code === 'REQUEST_SEND_ERROR')) return { kind: 'network', ...base };
  return { kind: 'unknown', ...base };
}

function requestIdOf(object: ReturnType<typeof asObject>): string | undefined {
  const direct = stringAt(object, 'requestId');
  if (direct !== undefined && direct !== '') return direct;
  const headers = asObject(asObject(object?.['response'])?.['headers']);
  const get = headers?.['get'];
  if (typeof get === 'function') {
    const value: unknown = get.call(headers, 'x-ms-request-id');
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** One line for gaps, errors and logs, e.g. `403 AuthorizationFailed on /subscriptions/…/roleAssignments (request id …)`. */
export function formatFailure(failure: RequestFailure): string {
  const head =
    failure.kind === 'http'
      ? `${failure.status ?? ''} ${failure.code ?? ''}`.trim()
      : failure.kind === 'network'
        ? `connection failed (${failure.code ?? 'network error'})`
        : failure.kind === 'credential'
          ? `no credential (${failure.detail ?? ''})`
          : `request failed${failure.code === undefined ? '' : ` (${failure.code})`}`;
  const where = failure.path === undefined ? '' : ` on ${failure.path}`;
  const id = failure.requestId === undefined ? '' : ` (request id ${failure.requestId})`;
  return `${head}${where}${id}`;
}
