/**
 * The Microsoft Graph client (microsoft-graph-client 3.0.7) with our middleware chain:
 * Authentication (token only for the Graph host: customHosts, NOTES.md §3.2 Gotcha 2) → retry → HTTPS transport
 * through the shared HTTP gate. Exposes only get/post of JSON, with errors reduced to status/code/request id/path.
 */
import type { Client } from '@microsoft/microsoft-graph-client';

import type { HttpGate } from '../http/http-gate.js';
import { pathOf, ReadOnlyViolation } from '../http/read-only-guard.js';
import type { RetrySettings } from '../http/retry-decision.js';
import { asObject, numberAt, stringAt } from '../json.js';
import { CREDENTIAL_ERRORS, ServiceRequestError } from '../request-failure.js';
import { httpsTransport } from './https-transport.js';
import { graphRetry } from './retry-middleware.js';

export type GraphVersion = 'v1.0' | 'beta';

export interface GraphApi {
  /** `path` is relative to the version (`/servicePrincipals?…`) or an absolute @odata.nextLink. */
  get(path: string, version?: GraphVersion): Promise<unknown>;
  post(path: string, body: unknown, version?: GraphVersion): Promise<unknown>;
}

export interface GraphSettings {
  readonly endpoint: string;
  readonly accessToken: () => Promise<string>;
  readonly gate: HttpGate;
  readonly retry: RetrySettings;
  readonly tlsCa?: string | undefined;
}

export async function createGraphApi(settings: GraphSettings): Promise<GraphApi> {
  const { Client: GraphClient, AuthenticationHandler } = await import('@microsoft/microsoft-graph-client');
  const client: Client = GraphClient.initWithMiddleware({
    baseUrl: `${settings.endpoint}/`,
    defaultVersion: 'v1.0',
    customHosts: new Set([new URL(settings.endpoint).hostname]),
    middleware: [
      new AuthenticationHandler({ getAccessToken: settings.accessToken }),
      graphRetry(settings.retry),
      httpsTransport(settings.gate, settings.tlsCa),
    ],
  });
  const request = (path: string, version: GraphVersion) => {
    const absolute = path.startsWith('https://');
    const built = client.api(path);
    return absolute ? built : built.version(version);
  };
  const wrap = async (path: string, send: () => Promise<unknown>): Promise<unknown> => {
    try {
      return await send();
    } catch (error: unknown) {
      throw toServiceError(error, absolutePath(settings.endpoint, path));
    }
  };
  return {
    get: (path, version = 'v1.0') => wrap(path, () => request(path, version).get() as Promise<unknown>),
    post: (path, body, version = 'v1.0') => wrap(path, () => request(path, version).post(body) as Promise<unknown>),
  };
}

function absolutePath(endpoint: string, path: string): string {
  return pathOf(path.startsWith('https://') ? path : `${endpoint}${path}`);
}

/** GraphError → ServiceRequestError (no body, no headers); a refused request and a credential failure stay themselves. */
function toServiceError(error: unknown, path: string): unknown {
  const object = asObject(error);
  const code = stringAt(object, 'code');
  if (code === 'ReadOnlyViolation') {
    const body = stringAt(object, 'body') ?? '';
    return new ReadOnlyViolation(body.replace(/^ReadOnlyViolation:\s*/, '').split('\n')[0] ?? 'refused a Graph request');
  }
  if (code !== undefined && CREDENTIAL_ERRORS.has(code)) return error;
  const status = numberAt(object, 'statusCode');
  return new ServiceRequestError({
    statusCode: status !== undefined && status > 0 ? status : undefined,
    code: code ?? undefined,
    requestId: stringAt(object, 'requestId') ?? undefined,
    path,
  });
}
