/**
 * Graph retries with the same decision as ARM (http/retry-decision.ts). Replaces the client's RetryHandler, which
 * ignores `retry-after-ms` and waits 3 s by default (NOTES.md §3.2 Retries).
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

import { retryDelayMs, sleep, type RetrySettings } from '../http/retry-decision.js';
import { asObject, stringAt } from '../json.js';

export function graphRetry(settings: RetrySettings): Middleware {
  let next: Middleware | undefined;
  return {
    setNext(middleware: Middleware): void {
      next = middleware;
    },
    async execute(context: Context): Promise<void> {
      if (next === undefined) throw new Error('graphRetry needs a next middleware');
      for (let attempt = 0; ; attempt += 1) {
        try {
          await next.execute(context);
        } catch (error: unknown) {
          const delay = retryDelayMs({ errorCode: stringAt(asObject(error), 'code') }, attempt, settings);
          if (delay === undefined) throw error;
          await sleep(delay);
          continue;
        }
        const response = context.response;
        if (response === undefined) return;
        const delay = retryDelayMs({ status: response.status, header: (name) => response.headers.get(name) ?? undefined }, attempt, settings);
        if (delay === undefined) return;
        await response.arrayBuffer();
        await sleep(delay);
      }
    },
  };
}
