/**
 * Retries of one request are bounded as docs/live-collection.md says ("at most 5 retries per request"), across the
 * library's throttling policy (429/503 with a wait header) and our own strategy (everything else) together; every
 * retry is reported with the request's path, timeouts included; and the CLI prints retry lines on a stderr that is not
 * a terminal (a CI log), unless --quiet.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import type { RetryEvent } from '../../src/collect/http/service-http.js';
import { collectFromMock, FAST_RETRY } from '../helpers/mock-azure/collect-against-mock.js';
import { mockCliEnv, withMockAzure, type MockAzureOptions } from '../helpers/mock-azure/server.js';
import { edgeCaseTenant } from '../helpers/mock-azure/tenants.js';

/** One request of the edge-case tenant's collection, asked exactly once when nothing fails. */
const FIC_LIST = /\/userAssignedIdentities\/id-locked\/federatedIdentityCredentials/;

/**
 * Answers that make each retry policy hand the request to the other: 503s without a wait header (ours retries them)
 * until ours would give up, then one 429 with `retry-after-ms` (the library's), again and again. Counted apart, the two
 * policies multiplied their budgets here.
 */
function alternatingThrottling(rounds: number): NonNullable<MockAzureOptions['faults']> {
  return Array.from({ length: rounds }, () => [
    { service: 'arm' as const, match: FIC_LIST, status: 503 as const, times: FAST_RETRY.maxRetries },
    { service: 'arm' as const, match: FIC_LIST, status: 429 as const, headers: { 'retry-after-ms': '1' }, times: 1 },
  ]).flat();
}

describe('retry budget and retry progress', () => {
  const tenant = edgeCaseTenant();

  it('a request alternating 503 and 429-with-Retry-After gets at most maxRetries retries in all, then a coverage gap', async () => {
    await withMockAzure(tenant.snapshot, { faults: alternatingThrottling(8) }, async (mock) => {
      const retries: RetryEvent[] = [];
      const collected = await collectFromMock(mock, { onRetry: (event) => retries.push(event) });
      const attempts = mock.requests.filter((request) => FIC_LIST.test(request.url));
      assert.equal(attempts.length, FAST_RETRY.maxRetries + 1, attempts.map((request) => request.status).join(','));
      const ficRetries = retries.filter((event) => FIC_LIST.test(event.path));
      assert.equal(ficRetries.length, FAST_RETRY.maxRetries);
      assert.ok(ficRetries.some((event) => event.reason === '503'));
      assert.ok(
        collected.coverage.gaps.some((gap) => gap.source === 'federatedIdentityCredentials' && /429|503/.test(gap.reason)),
        JSON.stringify(collected.coverage.gaps),
      );
    });
  });

  it('throttling that clears within the budget loses nothing', async () => {
    const faults = [
      { service: 'arm' as const, match: FIC_LIST, status: 503 as const, times: 2 },
      { service: 'arm' as const, match: FIC_LIST, status: 429 as const, headers: { 'retry-after-ms': '1' }, times: 2 },
    ];
    await withMockAzure(tenant.snapshot, { faults }, async (mock) => {
      const collected = await collectFromMock(mock);
      assert.equal(mock.requests.filter((request) => FIC_LIST.test(request.url)).length, 5);
      assert.deepEqual(collected.coverage.gaps, []);
    });
  });

  it('a retry after a timeout names the request it retries', async () => {
    const options: MockAzureOptions = { pageSize: 2, chaos: { seed: 7, rate: 1, kinds: ['stall'], service: 'graph', afterRequests: 1 } };
    await withMockAzure(tenant.snapshot, options, async (mock) => {
      const retries: RetryEvent[] = [];
      await collectFromMock(mock, { attemptTimeoutMs: 300, onRetry: (event) => retries.push(event) });
      const timeouts = retries.filter((event) => event.reason === 'ETIMEDOUT');
      assert.ok(timeouts.length > 0, 'stalls were retried');
      for (const event of timeouts) assert.match(event.path, /^\/(v1\.0|beta)\//, JSON.stringify(event));
    });
  });

  it('the CLI prints each retry on a stderr that is not a terminal, and none with --quiet', async () => {
    const faults = [{ service: 'arm' as const, match: FIC_LIST, status: 503 as const, times: 1 }];
    for (const quiet of [false, true]) {
      await withMockAzure(tenant.snapshot, { faults }, async (mock) => {
        const dir = mkdtempSync(join(tmpdir(), 'mi-audit-retry-'));
        try {
          const run = await runCli(['collect', '-o', join(dir, 'snapshot.json'), ...(quiet ? ['--quiet'] : [])], mockCliEnv(mock));
          assert.equal(run.code, 0, run.stderr);
          const lines = run.stderr.split('\n').filter((line) => line.includes('retrying'));
          if (quiet) {
            assert.deepEqual(lines, []);
          } else {
            assert.equal(lines.length, 1, run.stderr);
            assert.match(lines[0] ?? '', /^mi-audit: arm \/subscriptions\/.+\/id-locked\/federatedIdentityCredentials: retrying in \d+\.\d s \(503\)$/);
          }
          // Area counts stay terminal-only.
          assert.doesNotMatch(run.stderr, /mi-audit: read /);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  });
});

/** Async spawn of the built CLI (the mock lives in this process: a synchronous spawn would deadlock it). */
function runCli(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/mi-audit.js', ...args], { env: { PATH: process.env['PATH'] ?? '', ...env } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
