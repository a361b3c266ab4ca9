/**
 * The single HTTP choke point: the last policy of both service pipelines (http/service-http.ts) hands every
 * outgoing request to `gate.send` right before it hits the wire:
 * - read-only check (read-only-guard.ts);
 * - token separation: a request may only go to its own service's origin, so a foreign nextLink can never carry
 *   the ARM token anywhere but ARM, nor the Graph token anywhere but Graph;
 * - the service's own concurrency limiter (limiter.ts), Resource Graph pages first, and the request observer
 *   (--debug log, request counts).
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
  readonly limiters: Readonly<Record<Service, Limiter>>;
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
      // Resource Graph pages (the only ARM POSTs, read-only-guard.ts) are a serial chain, and the FIC reads wait for
      // the identities they name: they go before the queued list reads, which have no such chain behind them.
      const first = request.service === 'arm' && request.method.toUpperCase() === 'POST';
      return options.limiters[request.service].run(transmit, first);
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
