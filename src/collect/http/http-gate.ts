/**
 * The single HTTP choke point. The ARM pipeline policy (arm/pipeline.ts) and the Graph transport middleware
 * (graph/middleware.ts) both hand every outgoing request to `gate.send` right before it hits the wire:
 * - read-only check (read-only-guard.ts);
 * - token separation: a request may only go to its own service's origin, so a foreign nextLink or redirect can
 *   never carry the ARM token anywhere but ARM, nor the Graph token anywhere but Graph;
 * - the --concurrency bound and the request observer (--debug log, request counts).
 */
import { assertReadOnly, pathOf, ReadOnlyViolation, type OutgoingRequest, type Service } from './read-only-guard.js';
import type { Limiter } from './limiter.js';

export interface RequestEvent {
  readonly service: Service;
  readonly method: string;
  /** Path only; query strings can hold skip tokens and are never logged. */
  readonly path: string;
}

export type RequestObserver = (event: RequestEvent) => void;

export interface HttpGate {
  send<T>(request: OutgoingRequest, transmit: () => Promise<T>): Promise<T>;
}

export function createHttpGate(options: {
  readonly origins: Readonly<Record<Service, string>>;
  readonly limiter: Limiter;
  readonly observer?: RequestObserver | undefined;
}): HttpGate {
  return {
    async send<T>(request: OutgoingRequest, transmit: () => Promise<T>): Promise<T> {
      assertReadOnly(request);
      const expected = options.origins[request.service];
      if (originOf(request.url) !== expected) {
        throw new ReadOnlyViolation(`refused a ${request.service} request to ${originOf(request.url)}: only ${expected} may receive that token`);
      }
      options.observer?.({ service: request.service, method: request.method.toUpperCase(), path: pathOf(request.url) });
      return options.limiter.run(transmit);
    },
  };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid URL';
  }
}
