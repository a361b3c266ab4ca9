/** Shared types of the Azure mock. */
export interface MockRequest {
  readonly method: string;
  /** Parsed with `new URL(origin + req.url)`: `//providers/…` stays a path. */
  readonly url: URL;
  readonly body: unknown;
}

export interface MockResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface LoggedRequest {
  readonly service: 'arm' | 'graph';
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  /** The bearer token presented, verbatim ('' when none). */
  readonly token: string;
  readonly body: string;
  readonly status: number;
  /** When the request arrived (Date.now()), for per-stage timings in the live benchmark. */
  readonly at: number;
}

/** A transient fault: the first `times` requests whose path+query matches get this answer. */
export interface InjectedFault {
  readonly service: 'arm' | 'graph';
  readonly match: RegExp;
  readonly status: 429 | 500 | 503 | 504;
  readonly headers?: Readonly<Record<string, string>>;
  times: number;
}

export function errorBody(code: string, message: string): object {
  return { error: { code, message } };
}

/** Pages `items` with absolute https nextLinks back to `origin`. */
export function pageOf(items: readonly unknown[], request: MockRequest, origin: string, pageSize: number, nextKey: 'nextLink' | '@odata.nextLink'): object {
  const offset = Number(request.url.searchParams.get('$skiptoken') ?? '0');
  const slice = items.slice(offset, offset + pageSize);
  const next = offset + pageSize < items.length ? new URL(request.url.pathname + request.url.search, origin) : undefined;
  next?.searchParams.set('$skiptoken', String(offset + pageSize));
  return { value: slice, ...(next === undefined ? {} : { [nextKey]: next.href }) };
}
