/**
 * Request economy never changes what is collected: a small configuration of the live benchmark's tenant
 * (scripts/bench/synthetic-tenant.ts, with an app of 25 owners and a principal of 25 grants, more than Graph
 * expands) is collected from the HTTPS mock and must equal the served tenant, with the same findings; with
 * realistic page sizes it must take at most 1.25 × the minimum number of requests.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { analyzeSnapshot } from '../../src/scan/analyze.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { countByEndpoint, minimumByEndpoint, minimumRequests, REALISTIC_PAGES } from '../../scripts/bench/live.js';
import { liveSize, syntheticTenant } from '../../scripts/bench/synthetic-tenant.js';
import { collectFromMock } from '../helpers/mock-azure/collect-against-mock.js';
import { normaliseSnapshot } from '../helpers/mock-azure/normalise.js';
import { startMockAzure } from '../helpers/mock-azure/server.js';

function fingerprints(snapshot: Snapshot): string[] {
  return analyzeSnapshot({ snapshot, failOn: 'none', now: new Date('2026-11-25T10:00:00Z') })
    .report.findings.map((finding) => finding.fingerprint)
    .sort();
}

/** Requests as Graph and ARM count them: each `$batch` step is one. */
function stepCount(requests: readonly { url: string; body: string }[]): number {
  return requests.reduce((sum, request) => sum + (/\/\$batch$/.test(request.url.split('?')[0] ?? '') ? (JSON.parse(request.body) as { requests: unknown[] }).requests.length : 1), 0);
}

describe('request economy (small live-bench tenant)', () => {
  const served = syntheticTenant(liveSize(0.004), 'live');

  it('collects exactly the served tenant over 2-item pages, truncated expansions read in full, same findings', async () => {
    assert.ok(served.applications.some((app) => app.owners.length > 20), 'an app with more owners than $expand returns');
    assert.ok(served.servicePrincipals.some((sp) => served.appRoleAssignments.filter((grant) => grant.principalId === sp.id).length > 20));
    const mock = await startMockAzure(served, { pageSize: 2 });
    try {
      const collected = await collectFromMock(mock);
      assert.deepEqual(collected.coverage.gaps, []);
      assert.deepEqual(normaliseSnapshot(collected), normaliseSnapshot(served));
      assert.deepEqual(fingerprints(collected), fingerprints(served));
      assert.ok(fingerprints(collected).length > 0);
      const graphPaths = mock.requests.filter((request) => request.service === 'graph').map((request) => request.url);
      assert.ok(!graphPaths.some((url) => url.includes("(appId='")), 'no service principal lookup per application');
    } finally {
      await mock.close();
    }
  });

  it('with realistic page sizes takes at most 1.25 × the minimum number of requests', async () => {
    const mock = await startMockAzure(served, { pageSizes: REALISTIC_PAGES });
    try {
      const collected = await collectFromMock(mock);
      assert.deepEqual(normaliseSnapshot(collected), normaliseSnapshot(served));
      const minimum = minimumRequests(served);
      const arm = stepCount(mock.requests.filter((request) => request.service === 'arm'));
      const graph = stepCount(mock.requests.filter((request) => request.service === 'graph'));
      assert.ok(arm + graph <= 1.25 * (minimum.arm + minimum.graph), `${arm} ARM + ${graph} Graph requests, minimum ${minimum.arm} + ${minimum.graph}`);
      // The two truncated expansions (25 owners, 25 grants) are the only per-object Graph reads.
      const batched = mock.requests.filter((request) => request.url.endsWith('/$batch'));
      assert.equal(stepCount(batched), 2);
      // The bench prints each endpoint's share of the minimum beside its count: every endpoint it names is one the
      // collector asks (same key), asked at least that often, and the shares add up to the totals.
      const counts = countByEndpoint(mock.requests);
      const shares = [...minimumByEndpoint(served)];
      for (const [endpoint, least] of shares) assert.ok((counts.get(endpoint)?.count ?? 0) >= least, `${endpoint}: ${counts.get(endpoint)?.count ?? 0} requests, minimum ${least}`);
      assert.equal(shares.reduce((sum, [, least]) => sum + least, 0), minimum.arm + minimum.graph);
    } finally {
      await mock.close();
    }
  });
});
