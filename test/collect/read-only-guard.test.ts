/** The read-only rule and the HTTP gate, without the network. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createHttpGate } from '../../src/collect/http/http-gate.js';
import { createLimiter } from '../../src/collect/http/limiter.js';
import { assertReadOnly, ReadOnlyViolation } from '../../src/collect/http/read-only-guard.js';
import { retryDelayMs } from '../../src/collect/http/retry-decision.js';

const ARM = 'https://management.azure.com';
const GRAPH = 'https://graph.microsoft.com';

describe('read-only guard', () => {
  it('allows GET and the three read-only POSTs', () => {
    assertReadOnly({ service: 'arm', method: 'GET', url: `${ARM}/subscriptions?api-version=2022-12-01` });
    assertReadOnly({ service: 'arm', method: 'POST', url: `${ARM}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`, body: '{}' });
    assertReadOnly({ service: 'graph', method: 'POST', url: `${GRAPH}/v1.0/directoryObjects/getByIds`, body: '{"ids":[]}' });
    assertReadOnly({ service: 'graph', method: 'POST', url: `${GRAPH}/v1.0/$batch`, body: JSON.stringify({ requests: [{ id: '1', method: 'GET', url: '/applications' }] }) });
  });

  it('refuses every write, and a $batch with a non-GET step', () => {
    const refused = [
      { service: 'arm', method: 'PUT', url: `${ARM}/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/x` },
      { service: 'arm', method: 'DELETE', url: `${ARM}/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/x` },
      { service: 'arm', method: 'PATCH', url: `${ARM}/subscriptions/s` },
      { service: 'arm', method: 'POST', url: `${ARM}/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/a/restart` },
      { service: 'graph', method: 'POST', url: `${GRAPH}/v1.0/applications` },
      { service: 'graph', method: 'POST', url: `${GRAPH}/v1.0/$batch`, body: JSON.stringify({ requests: [{ id: '1', method: 'DELETE', url: '/applications/x' }] }) },
      { service: 'graph', method: 'POST', url: `${GRAPH}/v1.0/$batch`, body: JSON.stringify({ requests: [{ id: '1', method: 'GET', url: '/a', body: {} }] }) },
      { service: 'arm', method: 'POST', url: `${ARM}/v1.0/directoryObjects/getByIds` },
    ] as const;
    for (const request of refused) assert.throws(() => assertReadOnly(request), ReadOnlyViolation, `${request.method} ${request.url}`);
  });

  it('the gate never sends a token to another origin', async () => {
    const gate = createHttpGate({ origins: { arm: ARM, graph: GRAPH }, limiters: { arm: createLimiter(2), graph: createLimiter(2) } });
    let sent = 0;
    const transmit = async (): Promise<void> => {
      sent += 1;
    };
    await gate.send({ service: 'arm', method: 'GET', url: `${ARM}/subscriptions` }, transmit);
    await assert.rejects(gate.send({ service: 'arm', method: 'GET', url: `${GRAPH}/v1.0/me` }, transmit), ReadOnlyViolation);
    await assert.rejects(gate.send({ service: 'graph', method: 'GET', url: 'https://evil.example/v1.0/x' }, transmit), ReadOnlyViolation);
    assert.equal(sent, 1);
  });
});

describe('retry decision', () => {
  const settings = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000, maxServerDelayMs: 5000 };
  const headers = (values: Record<string, string>) => (name: string) => values[name];
  it('waits exactly what the server asks on 429/503', () => {
    assert.equal(retryDelayMs({ status: 429, header: headers({ 'retry-after-ms': '7' }) }, 0, settings), 7);
    assert.equal(retryDelayMs({ status: 429, header: headers({ 'retry-after': '2' }) }, 0, settings), 2000);
    assert.equal(retryDelayMs({ status: 503, header: headers({ 'x-ms-retry-after-ms': '40' }) }, 0, settings), 40);
    assert.equal(retryDelayMs({ status: 429, header: headers({ 'x-ms-user-quota-resets-after': '00:00:03' }) }, 0, settings), 3000);
    assert.equal(retryDelayMs({ status: 429, header: headers({ 'retry-after': '600' }) }, 0, settings), 5000, 'capped');
  });
  it('backs off with jitter on 429 without headers, 5xx and resets; gives up when bounded or final', () => {
    assert.equal(retryDelayMs({ status: 429 }, 1, settings, () => 1), 200);
    assert.equal(retryDelayMs({ status: 500 }, 0, settings, () => 0), 50);
    assert.equal(retryDelayMs({ errorCode: 'ECONNRESET' }, 2, settings, () => 1), 400);
    assert.equal(retryDelayMs({ status: 500 }, 3, settings), undefined);
    for (const status of [400, 401, 403, 404, 501]) assert.equal(retryDelayMs({ status }, 0, settings), undefined);
    assert.equal(retryDelayMs({ errorCode: 'ENOTFOUND' }, 0, settings), undefined);
  });
});
