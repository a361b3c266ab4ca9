/**
 * Microsoft Graph over the Graph HTTP stack (http/service-http.ts): paths relative to a version (`/v1.0`, `/beta`),
 * JSON in and out. Next links are absolute and go out as they are.
 */
import type { ServiceHttp } from '../http/service-http.js';

export type GraphVersion = 'v1.0' | 'beta';

export interface GraphApi {
  readonly http: ServiceHttp;
  /** `path` is relative to the version (`/servicePrincipals?…`) or an absolute @odata.nextLink. */
  get(path: string, version?: GraphVersion): Promise<unknown>;
  post(path: string, body: unknown, version?: GraphVersion): Promise<unknown>;
}

export function versioned(path: string, version: GraphVersion): string {
  return path.startsWith('https://') ? path : `/${version}${path}`;
}

export function createGraphApi(http: ServiceHttp): GraphApi {
  return {
    http,
    get: (path, version = 'v1.0') => http.get(versioned(path, version)),
    post: (path, body, version = 'v1.0') => http.post(versioned(path, version), body),
  };
}
