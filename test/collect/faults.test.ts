/**
 * Faults at the transport level (connection resets, slow answers, stalls) mixed with 429/503: the collection
 * equals the fault-free one, or every area that came back smaller carries a coverage gap. Retries are bounded,
 * progress reports them, and an endpoint that never answers ends the run with an AuthError (exit 4).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { analyzeSnapshot } from '../../src/scan/analyze.js';
import { AuthError } from '../../src/core/errors.js';
import type { RetryEvent } from '../../src/collect/http/service-http.js';
import type { DataSource, Snapshot } from '../../src/snapshot/schema.js';
import { collectFromMock, FAST_RETRY } from '../helpers/mock-azure/collect-against-mock.js';
import { normaliseSnapshot } from '../helpers/mock-azure/normalise.js';
import { startMockAzure, withMockAzure, type ChaosFault } from '../helpers/mock-azure/server.js';
import { demoTenant, edgeCaseTenant } from '../helpers/mock-azure/tenants.js';

/** Which coverage sources explain a smaller value of each normalised snapshot field. */
const AREA_SOURCES: Readonly<Record<string, readonly DataSource[]>> = {
  managementGroups: ['managementGroups'],
  subscriptions: ['subscriptions', 'managementGroups'],
  resources: ['resources'],
  userAssignedIdentities: ['userAssignedIdentities'],
  federatedIdentityCredentials: ['federatedIdentityCredentials', 'userAssignedIdentities', 'applications'],
  roleDefinitions: ['roleDefinitions', 'roleAssignments'],
  roleAssignments: ['roleAssignments'],
  // Application SPs are kept by the application list, their grants come with the SP list.
  servicePrincipals: ['servicePrincipals', 'applications'],
  applications: ['applications'],
  appRoleAssignments: ['appRoleAssignments', 'servicePrincipals', 'applications'],
  directoryRoleDefinitions: ['directoryRoles'],
  directoryRoleAssignments: ['directoryRoles'],
  directoryObjects: ['directoryObjects', 'applications', 'roleAssignments'],
  unresolvedPrincipalIds: ['directoryObjects', 'roleAssignments', 'applications', 'federatedIdentityCredentials'],
  deletedIdentityIds: ['userAssignedIdentities', 'resources'],
};

function assertCompleteOrExplained(collected: Snapshot, baseline: Snapshot, label: string): void {
  const got = normaliseSnapshot(collected) as Record<string, unknown>;
  const want = normaliseSnapshot(baseline) as Record<string, unknown>;
  const gapSources = new Set(collected.coverage.gaps.map((gap) => gap.source));
  for (const [field, expected] of Object.entries(want)) {
    if (field === 'gaps') continue;
    const explained = (AREA_SOURCES[field] ?? []).some((source) => gapSources.has(source));
    if (!explained) assert.deepEqual(got[field], expected, `${label}: ${field} differs without a coverage gap`);
  }
  for (const gap of collected.coverage.gaps) assert.ok(gap.reason.length > 0, `${label}: gap ${gap.source} has a reason`);
}

describe('live collection under transport faults', () => {
  const tenant = edgeCaseTenant();

  it('a seeded mix of resets, slow answers, stalls, 429 and 503 never gives a silently smaller result', async () => {
    const { baseline, cleanRequests } = await withMockAzure(tenant.snapshot, { pageSize: 2 }, async (clean) => ({
      baseline: await collectFromMock(clean),
      cleanRequests: clean.requests.length,
    }));
    const kinds: ChaosFault[] = ['reset', 'slow', 'stall', 429, 503];
    let completeRuns = 0;
    let transportFaults = 0;
    for (const seed of [1, 2, 3, 4]) {
      const mock = await startMockAzure(tenant.snapshot, { pageSize: 2, chaos: { seed, rate: 0.15, kinds, slowMs: 50 } });
      try {
        const collected = await collectFromMock(mock, { attemptTimeoutMs: 1_000, firstContactTimeoutMs: 10_000 });
        assertCompleteOrExplained(collected, baseline, `seed ${seed}`);
        if (collected.coverage.gaps.length === 0) completeRuns += 1;
        transportFaults += mock.requests.filter((request) => request.status === 0).length;
        assert.ok(mock.requests.length <= cleanRequests * (FAST_RETRY.maxRetries + 1) * (FAST_RETRY.maxRetries + 1), `seed ${seed}: retries are bounded`);
      } finally {
        await mock.close();
      }
    }
    assert.ok(transportFaults > 0, 'resets and stalls were served');
    assert.ok(completeRuns > 0, 'retries recover a complete collection at this fault rate');
  });

  it('a service that stops answering after the first read becomes coverage gaps (exit 3), not a smaller pass', async () => {
    const baseline = await withMockAzure(tenant.snapshot, { pageSize: 2 }, (clean) => collectFromMock(clean));
    const mock = await startMockAzure(tenant.snapshot, { pageSize: 2, chaos: { seed: 7, rate: 1, kinds: ['stall'], service: 'graph', afterRequests: 1 } });
    const retries: RetryEvent[] = [];
    try {
      const collected = await collectFromMock(mock, { attemptTimeoutMs: 500, onRetry: (event) => retries.push(event) });
      assertCompleteOrExplained(collected, baseline, 'graph stalls');
      const sources = new Set(collected.coverage.gaps.map((gap) => gap.source));
      for (const source of ['servicePrincipals', 'applications', 'directoryRoles'] as const) assert.ok(sources.has(source), source);
      const graphGaps = collected.coverage.gaps.filter((gap) => gap.scope === 'tenant' && gap.source !== 'appRoleAssignments');
      assert.ok(graphGaps.every((gap) => /ETIMEDOUT/.test(gap.reason)), JSON.stringify(graphGaps));
      assert.ok(retries.some((event) => event.service === 'graph' && event.reason === 'ETIMEDOUT' && event.delayMs > 0));
      assert.equal(analyzeSnapshot({ snapshot: collected, failOn: 'none', now: new Date('2026-11-25T10:00:00Z') }).exitCode, 3);
    } finally {
      await mock.close();
    }
  });

  it('an ARM endpoint that never answers ends the run with an AuthError naming the endpoint', async () => {
    const mock = await startMockAzure(tenant.snapshot, { chaos: { seed: 1, rate: 1, kinds: ['stall'] } });
    try {
      await assert.rejects(collectFromMock(mock, { attemptTimeoutMs: 10_000, firstContactTimeoutMs: 300 }), (error: unknown) => {
        assert.ok(error instanceof AuthError, String(error));
        assert.equal(error.exitCode, 4);
        assert.match(error.message, /^cannot reach Azure Resource Manager: no answer from https:\/\/127\.0\.0\.1:\d+ within 0\.3 s$/);
        return true;
      });
      assert.equal(mock.requests.length, 1, 'one request, abandoned at the deadline');
    } finally {
      await mock.close();
    }
  });

  it('a Graph endpoint that never answers ends the run with an AuthError too, after ARM was read', async () => {
    const mock = await startMockAzure(tenant.snapshot, { pageSize: 2, chaos: { seed: 1, rate: 1, kinds: ['stall'], service: 'graph' } });
    try {
      await assert.rejects(collectFromMock(mock, { attemptTimeoutMs: 10_000, firstContactTimeoutMs: 300 }), (error: unknown) => {
        assert.ok(error instanceof AuthError, String(error));
        assert.match(error.message, /^cannot reach Microsoft Graph: no answer from https:\/\/127\.0\.0\.1:\d+ within 0\.3 s$/);
        return true;
      });
      assert.ok(mock.requests.some((request) => request.service === 'arm' && request.status === 200), 'ARM answered');
    } finally {
      await mock.close();
    }
  });

  it('caps a server-requested wait at maxServerDelayMs and says so', async () => {
    const mock = await startMockAzure(tenant.snapshot, { pageSize: 2, faults: [{ service: 'arm', match: /roleDefinitions/i, status: 429, headers: { 'Retry-After': '3600' } }] });
    const retries: RetryEvent[] = [];
    try {
      const collected = await collectFromMock(mock, { onRetry: (event) => retries.push(event) });
      assert.deepEqual(collected.coverage.gaps, []);
      assert.ok(retries.some((event) => event.reason === '429' && event.delayMs === FAST_RETRY.maxServerDelayMs), JSON.stringify(retries));
    } finally {
      await mock.close();
    }
  });

  it('reports each retry with its wait and cause (503 without Retry-After, 429 with retry-after-ms)', async () => {
    const mock = await startMockAzure(tenant.snapshot, {
      pageSize: 2,
      faults: [
        { service: 'arm', match: /roleAssignments/i, status: 503 },
        { service: 'graph', match: /^\/v1\.0\/applications\?/, status: 429, headers: { 'retry-after-ms': '5' } },
      ],
    });
    const retries: RetryEvent[] = [];
    try {
      const collected = await collectFromMock(mock, { onRetry: (event) => retries.push(event) });
      assert.deepEqual(collected.coverage.gaps, []);
      assert.ok(retries.some((event) => event.service === 'arm' && event.reason === '503' && /roleAssignments$/i.test(event.path)), JSON.stringify(retries));
      assert.ok(retries.some((event) => event.service === 'graph' && event.reason === '429' && event.delayMs === 5), JSON.stringify(retries));
    } finally {
      await mock.close();
    }
  });
});

describe('Resource Graph quota', () => {
  it('a used-up quota holds the next query back until the window resets, and the other ARM reads go on meanwhile', async (t) => {
    const served = demoTenant();
    const mock = await startMockAzure(served, {
      pageSizes: { arm: 2, graph: 2, graphMax: 2, resourceGraph: 30 },
      resourceGraphQuota: { remaining: 0, resetsAfter: '00:00:01' },
    });
    try {
      const collected = await collectFromMock(mock);
      assert.deepEqual(normaliseSnapshot(collected), normaliseSnapshot(served), 'nothing lost to the wait');
      const isQuery = (url: string): boolean => url.includes('ResourceGraph');
      const queries = mock.requests.flatMap((request, index) => (isQuery(request.url) ? [index] : []));
      assert.equal(queries.length, 4, 'two queries of two pages each');
      // Between a query's first page and its second, every query waited a second: ARM answered other reads meanwhile.
      const otherReads = (from: number, to: number): number => mock.requests.slice(from + 1, to).filter((request) => request.service === 'arm' && !isQuery(request.url)).length;
      const [first, , , last] = queries as [number, number, number, number];
      t.diagnostic(`${otherReads(first, last)} other ARM reads`);
      assert.ok(otherReads(first, last) >= 10, `${otherReads(first, last)} other ARM reads while the queries waited`);
      assert.ok(mock.requests.slice(first + 1, last).filter((request) => isQuery(request.url)).length === 2, 'the pages of both queries');
    } finally {
      await mock.close();
    }
  });
});
