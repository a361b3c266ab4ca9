/**
 * Live collection through the REAL SDK clients against the in-repo HTTPS mock (test/helpers/mock-azure):
 * completeness over 2-item pages, both discovery modes, read-only traffic, token separation, faults, gaps, auth.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { analyzeSnapshot } from '../../src/scan/analyze.js';
import { AuthError } from '../../src/core/errors.js';
import { validateSnapshot } from '../../src/snapshot/read.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { collectFromMock } from '../helpers/mock-azure/collect-against-mock.js';
import { SECRET_CANARY } from '../helpers/mock-azure/graph-wire.js';
import { normaliseSnapshot } from '../helpers/mock-azure/normalise.js';
import { MOCK_ARM_TOKEN, MOCK_GRAPH_TOKEN, startMockAzure, withMockAzure, type MockAzure } from '../helpers/mock-azure/server.js';
import { APP_FLEX_EXPRESSION, demoTenant, edgeCaseTenant, FLEX_EXPRESSION } from '../helpers/mock-azure/tenants.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

const READ_ONLY_POSTS = /^\/(providers\/Microsoft\.ResourceGraph\/resources|(v1\.0|beta)\/(\$batch|directoryObjects\/getByIds))(\?|$)/i;

function assertOnlyReads(mock: MockAzure): void {
  assert.deepEqual(mock.writes, [], 'no mutating request reached the mock');
  for (const request of mock.requests) {
    assert.ok(request.method === 'GET' || (request.method === 'POST' && READ_ONLY_POSTS.test(request.url)), `${request.method} ${request.url}`);
    if (request.url.includes('$batch')) {
      const steps = (JSON.parse(request.body) as { requests: { method: string; url: string }[] }).requests;
      assert.ok(steps.length <= 20);
      assert.ok(steps.every((step) => step.method === 'GET' && !step.url.startsWith('/v1.0/')));
    }
  }
}

function fingerprints(snapshot: Snapshot): string[] {
  const { report } = analyzeSnapshot({ snapshot, failOn: 'none', now: new Date('2026-11-25T10:00:00Z') });
  return report.findings.map((finding) => finding.fingerprint).sort();
}

describe('live collection of the demo tenant', () => {
  const served = demoTenant();
  let mock: MockAzure;
  const collected: Partial<Record<'arg' | 'arm', Snapshot>> = {};
  const requestCounts: Partial<Record<'arg' | 'arm', number>> = {};

  before(async () => {
    mock = await startMockAzure(served, { pageSize: 2 });
    for (const discovery of ['arg', 'arm'] as const) {
      const start = mock.requests.length;
      collected[discovery] = await collectFromMock(mock, { discovery });
      requestCounts[discovery] = mock.requests.length - start;
    }
  });
  after(() => mock.close());

  it('collects the whole served tenant over 2-item pages, in both discovery modes', (t) => {
    t.diagnostic(`requests: arg=${requestCounts.arg} arm=${requestCounts.arm}`);
    const expected = normaliseSnapshot(served);
    assert.deepEqual(normaliseSnapshot(collected.arg as Snapshot), expected);
    assert.deepEqual(normaliseSnapshot(collected.arm as Snapshot), expected);
    assert.ok((requestCounts.arg ?? 0) < (requestCounts.arm ?? 0), 'Resource Graph needs fewer requests');
    validateSnapshot(collected.arg, 'collected');
  });

  it('builds every object with the schema\'s fields in its order, so the snapshot is written as collected', () => {
    for (const discovery of ['arg', 'arm'] as const) {
      const snapshot = collected[discovery] as Snapshot;
      assert.equal(JSON.stringify(snapshot), JSON.stringify(validateSnapshot(structuredClone(snapshot), discovery)), discovery);
    }
  });

  it('sends nothing but reads, and each token only to its own service', () => {
    assertOnlyReads(mock);
    const arm = mock.requests.filter((request) => request.service === 'arm');
    const graph = mock.requests.filter((request) => request.service === 'graph');
    assert.ok(arm.length > 0 && graph.length > 0);
    assert.ok(arm.every((request) => request.token === MOCK_ARM_TOKEN), 'ARM saw only the ARM token');
    assert.ok(graph.every((request) => request.token === MOCK_GRAPH_TOKEN), 'Graph saw only the Graph token');
    assert.ok(mock.requests.every((request) => !request.body.includes(MOCK_ARM_TOKEN) && !request.body.includes(MOCK_GRAPH_TOKEN)));
  });

  it('keeps credential metadata only, and no token, in the snapshot', () => {
    const text = JSON.stringify(collected.arg);
    assert.ok(!text.includes(SECRET_CANARY), 'secretText/key dropped');
    assert.ok(!text.includes(MOCK_ARM_TOKEN) && !text.includes(MOCK_GRAPH_TOKEN));
  });

  it('a live scan gives the same findings as replaying the written snapshot', () => {
    const live = collected.arg as Snapshot;
    const replayed = validateSnapshot(JSON.parse(JSON.stringify(live)), 'replay');
    assert.deepEqual(fingerprints(replayed), fingerprints(live));
    assert.deepEqual(fingerprints(collected.arm as Snapshot), fingerprints(live), 'discovery modes agree on findings');
    assert.ok(fingerprints(live).length > 0);
  });
});

describe('live collection order', () => {
  it('two collections of one tenant are the same document, however the answers interleave', async () => {
    const served = demoTenant();
    // Seeded slow answers reorder completions (and so the order coverage records are made in).
    const calm = await startMockAzure(served, { pageSize: 2 });
    const jittery = await startMockAzure(served, { pageSize: 2, chaos: { seed: 11, rate: 0.5, kinds: ['slow'], slowMs: 30 } });
    try {
      const first = await collectFromMock(calm);
      const second = await collectFromMock(jittery);
      assert.deepEqual(second.coverage.gaps, []);
      assert.equal(JSON.stringify(second), JSON.stringify(first));
    } finally {
      await calm.close();
      await jittery.close();
    }
  });

  it('reads identities and resources with two Resource Graph queries, and starts FIC reads before the resource pages end', async () => {
    const mock = await startMockAzure(demoTenant(), { pageSize: 2 });
    try {
      await collectFromMock(mock);
      const queries = mock.requests.filter((request) => request.url.includes('ResourceGraph')).map((request) => (JSON.parse(request.body) as { query: string }).query);
      const identityPages = queries.filter((query) => /where type =~ 'microsoft\.managedidentity\/userassignedidentities'/.test(query)).length;
      const resourcePages = queries.filter((query) => /where type !~ 'microsoft\.managedidentity\/userassignedidentities'/.test(query)).length;
      assert.equal(identityPages + resourcePages, queries.length);
      assert.ok(identityPages > 0 && resourcePages > 0, `${identityPages} identity pages, ${resourcePages} resource pages`);
      const index = (predicate: (url: string) => boolean, last = false): number =>
        last ? mock.requests.findLastIndex((request) => predicate(request.url)) : mock.requests.findIndex((request) => predicate(request.url));
      const firstFic = index((url) => url.includes('/federatedIdentityCredentials'));
      const lastResourceGraph = index((url) => url.includes('ResourceGraph'), true);
      assert.ok(firstFic >= 0 && firstFic < lastResourceGraph, 'the first FIC read went out while Resource Graph was still paging');
    } finally {
      await mock.close();
    }
  });
});

describe('live collection edge cases', () => {
  const tenant = edgeCaseTenant();
  let mock: MockAzure;
  before(async () => {
    mock = await startMockAzure(tenant.snapshot, { pageSize: 2 });
  });
  after(() => mock.close());

  it('keeps claimsMatchingExpression (ARM raw body, Graph beta), confirms the deleted UAMI by 404, resolves principals', async () => {
    const snapshot = await collectFromMock(mock);
    assert.deepEqual(normaliseSnapshot(snapshot), normaliseSnapshot(tenant.snapshot));
    const flex = snapshot.federatedIdentityCredentials.find((fic) => fic.name === 'payments-flex');
    assert.deepEqual(flex?.claimsMatchingExpression, { value: FLEX_EXPRESSION, languageVersion: 1 });
    assert.equal(flex?.subject, null);
    assert.equal(snapshot.federatedIdentityCredentials.find((fic) => fic.name === 'ci-flex')?.claimsMatchingExpression?.value, APP_FLEX_EXPRESSION);
    assert.deepEqual(snapshot.deletedIdentityIds, [tenant.deletedIdentityId]);
    assert.ok(mock.requests.some((request) => request.status === 404 && request.url.toLowerCase().includes('/userassignedidentities/id-gone')));
    assert.equal(snapshot.unresolvedPrincipalIds.length, 1);
    assert.ok(snapshot.roleDefinitions.some((definition) => definition.roleName === 'Platform Operator'), 'custom role from a management group');
    assert.equal(JSON.stringify(snapshot), JSON.stringify(validateSnapshot(structuredClone(snapshot), 'edge')), 'fields in schema order');
    assertOnlyReads(mock);
  });

  it('collects policy assignment identities at management-group and resource-group scope, in their documented wire shape', async () => {
    const snapshot = await collectFromMock(mock);
    assert.deepEqual(
      (snapshot.policyAssignments ?? []).map((assignment) => [assignment.name, assignment.identity?.type, assignment.scope.toLowerCase().includes('managementgroups/platform')]).sort(),
      [
        ['deploy-diagnostics', 'SystemAssigned', true],
        ['inherit-tag', 'UserAssigned', false],
      ],
      'assignments without an identity (the served TagEnforcement rows) are dropped, inherited ones kept once',
    );
    const policyPaths = mock.requests.filter((request) => /policyAssignments/i.test(request.url));
    assert.ok(policyPaths.some((request) => /managementGroups\/platform\/providers\/Microsoft\.Authorization\/policyAssignments\?.*atScope/i.test(decodeURIComponent(request.url))));
    assert.ok(policyPaths.some((request) => /skiptoken/i.test(request.url)), 'followed a nextLink');
    assert.ok(policyPaths.every((request) => request.method === 'GET' && request.token === MOCK_ARM_TOKEN && /api-version=2023-04-01/.test(request.url)));
    assert.ok(snapshot.coverage.read.some((entry) => entry.source === 'policyAssignments' && /managementGroups\/platform$/i.test(entry.scope)));
    const { report } = analyzeSnapshot({ snapshot, failOn: 'none', now: new Date('2026-11-25T10:00:00Z') });
    const broad = report.findings.filter((finding) => finding.rule === 'broad-scope' && finding.message.includes('policy assignment'));
    assert.deepEqual(broad.map((finding) => finding.message), ["System-assigned identity of policy assignment 'Deploy diagnostic settings' holds Contributor on management group 'platform'."]);
    const unused = report.findings.filter((finding) => finding.rule === 'unused-identity').map((finding) => finding.subject.displayName);
    assert.ok(!unused.includes('id-payments'), 'a UAMI used by a policy assignment is used');
  });

  it('scoped to one subscription, reads only that subscription plus what it inherits', async () => {
    const prod = tenant.snapshot.subscriptions.find((subscription) => subscription.displayName === 'prod');
    const snapshot = await collectFromMock(mock, { scope: { kind: 'subscriptions', ids: [prod?.subscriptionId ?? ''] }, discovery: 'arm' });
    assert.deepEqual(snapshot.subscriptions.map((subscription) => subscription.displayName), ['prod']);
    assert.ok(snapshot.userAssignedIdentities.every((identity) => identity.subscriptionId === prod?.subscriptionId));
    assert.ok(snapshot.roleAssignments.some((assignment) => assignment.scope.includes('managementGroups/platform')), 'inherited from the MG');
    assert.deepEqual(snapshot.coverage.gaps, []);
  });
});

describe('live collection under faults', () => {
  it('retries 429 (Retry-After, retry-after-ms, per batch step) and 5xx without losing or duplicating anything', async () => {
    const tenant = edgeCaseTenant();
    const baseline = await withMockAzure(tenant.snapshot, { pageSize: 2 }, (clean) => collectFromMock(clean));
    const mock = await startMockAzure(tenant.snapshot, {
      pageSize: 2,
      faults: [
        { service: 'arm', match: /^\/subscriptions\?.*skiptoken/i, status: 429, headers: { 'retry-after-ms': '5' } },
        { service: 'arm', match: /roleAssignments/i, status: 503, times: 2 },
        { service: 'arm', match: /ResourceGraph/i, status: 429, headers: { 'x-ms-retry-after-ms': '5' } },
        { service: 'arm', match: /federatedIdentityCredentials/i, status: 500 },
        { service: 'arm', match: /roleDefinitions/i, status: 429 },
        { service: 'graph', match: /^\/v1\.0\/servicePrincipals\?/, status: 429, headers: { 'Retry-After': '0' } },
        { service: 'graph', match: /appRoleAssignments/, status: 429, headers: { 'Retry-After': '0' } },
        { service: 'graph', match: /^\/v1\.0\/applications/, status: 504 },
      ],
    });
    try {
      const snapshot = await collectFromMock(mock);
      assert.deepEqual(normaliseSnapshot(snapshot), normaliseSnapshot(baseline));
      assert.deepEqual(snapshot.coverage.gaps, []);
      assert.ok(mock.requests.filter((request) => request.status === 429 || request.status >= 500).length >= 7, 'faults were served');
      assertOnlyReads(mock);
    } finally {
      await mock.close();
    }
  });

  it('a forbidden subscription and a forbidden Graph area become named coverage gaps; the rest is read', async () => {
    const tenant = edgeCaseTenant();
    const mock = await startMockAzure(tenant.snapshot, { pageSize: 2, forbiddenSubscriptions: [tenant.forbiddenSubscription], forbiddenGraphAreas: [/^\/roleManagement\//] });
    try {
      for (const discovery of ['arg', 'arm'] as const) {
        const snapshot = await collectFromMock(mock, { discovery });
        const scope = `/subscriptions/${tenant.forbiddenSubscription}`;
        const armGaps = snapshot.coverage.gaps.filter((gap) => gap.scope === scope);
        assert.deepEqual(armGaps.map((gap) => gap.source).sort(), ['policyAssignments', 'resources', 'roleAssignments', 'roleDefinitions', 'userAssignedIdentities'], discovery);
        assert.ok(armGaps.every((gap) => gap.status === 403 && gap.code === 'AuthorizationFailed' && gap.reason.includes('403')));
        const graphGap = snapshot.coverage.gaps.find((gap) => gap.source === 'directoryRoles');
        assert.deepEqual({ scope: graphGap?.scope, status: graphGap?.status, code: graphGap?.code }, { scope: 'tenant', status: 403, code: 'Authorization_RequestDenied' });
        assert.ok(snapshot.userAssignedIdentities.some((identity) => identity.name === 'id-payments'), 'the readable subscription is complete');
        assert.ok(snapshot.servicePrincipals.length > 0 && snapshot.applications.length === 1, 'other Graph areas are read');
        const { report, exitCode } = analyzeSnapshot({ snapshot, failOn: 'none', now: new Date('2026-11-25T10:00:00Z') });
        assert.equal(report.coverage.complete, false);
        assert.equal(exitCode, 3);
      }
    } finally {
      await mock.close();
    }
  });

  it('a subscription Resource Graph leaves out silently (403 on its role assignments) becomes a gap, and nothing in it is called absent', async () => {
    const tenant = edgeCaseTenant();
    const mock = await startMockAzure(tenant.snapshot, { pageSize: 2, forbiddenSubscriptions: [tenant.forbiddenSubscription], resourceGraphOmitsForbidden: true });
    try {
      const snapshot = await collectFromMock(mock, { discovery: 'arg' });
      const scope = `/subscriptions/${tenant.forbiddenSubscription}`;
      assert.ok(!mock.requests.some((request) => request.url.includes('ResourceGraph') && request.status !== 200), 'Resource Graph answered 200 without the rows');
      const gaps = snapshot.coverage.gaps.filter((gap) => gap.scope === scope).map((gap) => gap.source).sort();
      assert.deepEqual(gaps, ['policyAssignments', 'resources', 'roleAssignments', 'roleDefinitions', 'userAssignedIdentities']);
      assert.ok(!snapshot.coverage.read.some((entry) => entry.scope === scope && (entry.source === 'resources' || entry.source === 'userAssignedIdentities')));
      const { report } = analyzeSnapshot({ snapshot, failOn: 'none', now: new Date('2026-11-25T10:00:00Z') });
      const absent = report.findings.filter((finding) => ['orphaned-reference', 'orphaned-system-identity'].includes(finding.rule) && JSON.stringify(finding).includes('id-locked'));
      assert.deepEqual(absent, [], 'id-locked lives in the unreadable subscription: not visible is not deleted');
    } finally {
      await mock.close();
    }
  });

  it('an empty but readable subscription stays read (no row alone is no gap)', async () => {
    const t = new TenantBuilder();
    t.subscription('empty');
    const mock = await startMockAzure(t.build(), { resourceGraphOmitsForbidden: true });
    try {
      const snapshot = await collectFromMock(mock, { discovery: 'arg' });
      assert.deepEqual(snapshot.coverage.gaps, []);
      assert.ok(snapshot.coverage.read.some((entry) => entry.source === 'resources'));
    } finally {
      await mock.close();
    }
  });

  it('a rejected token (401) is an AuthError with one line and no token; an unreachable endpoint too', async () => {
    const tenant = edgeCaseTenant();
    const mock = await startMockAzure(tenant.snapshot);
    try {
      const wrongToken = 'expired-token-should-not-leak';
      await assert.rejects(collectFromMock(mock, { armToken: wrongToken }), (error: unknown) => {
        assert.ok(error instanceof AuthError);
        assert.equal(error.exitCode, 4);
        assert.ok(!error.message.includes('\n') && !error.message.includes(wrongToken), error.message);
        assert.match(error.message, /401/);
        return true;
      });
      assert.ok(mock.requests.every((request) => request.service === 'arm'), 'nothing was sent to Graph after the ARM 401');
    } finally {
      await mock.close();
    }
    await assert.rejects(collectFromMock(mock), (error: unknown) => error instanceof AuthError && /cannot reach/.test(error.message));
  });

  it('no usable credential (as DefaultAzureCredential reports it) is an AuthError before any request', async () => {
    const mock = await startMockAzure(edgeCaseTenant().snapshot);
    const unavailable = (): never => {
      throw Object.assign(new Error('DefaultAzureCredential: Azure CLI not logged in; no managed identity endpoint'), { name: 'CredentialUnavailableError' });
    };
    try {
      await assert.rejects(
        collectFromMock(mock, { credentials: { arm: { getToken: async () => unavailable() }, graph: { getAccessToken: async () => unavailable() } } }),
        (error: unknown) => {
          assert.ok(error instanceof AuthError, String(error));
          assert.equal(error.exitCode, 4);
          assert.match(error.message, /cannot get a token/);
          assert.ok(!error.message.includes('\n'));
          return true;
        },
      );
      assert.equal(mock.requests.length, 0, 'no request without a token');
    } finally {
      await mock.close();
    }
  });
});
