/**
 * Sign-in activity through the real collector against the HTTPS mock: Graph beta
 * reports/servicePrincipalSignInActivities in its documented wire shape, rows kept only for collected service
 * principals, unparsable dates as null, and a 403 (no AuditLog.Read.All or no P1/P2) as a coverage gap.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { collectFromMock } from '../helpers/mock-azure/collect-against-mock.js';
import { startMockAzure } from '../helpers/mock-azure/server.js';
import { edgeCaseTenant } from '../helpers/mock-azure/tenants.js';

function tenantWithActivity(): ReturnType<typeof edgeCaseTenant> & { payments: string } {
  const tenant = edgeCaseTenant();
  const payments = tenant.snapshot.userAssignedIdentities.find((identity) => identity.name === 'id-payments')?.clientId;
  const locked = tenant.snapshot.userAssignedIdentities.find((identity) => identity.name === 'id-locked')?.clientId;
  assert.ok(payments !== undefined && locked !== undefined);
  tenant.snapshot.signInActivity = [
    { appId: payments, lastSignInDateTime: '2026-05-01T08:00:00Z', lastAppOnlyClientSignInDateTime: '2026-05-01T08:00:00Z' },
    { appId: locked, lastSignInDateTime: '2021-03-01T00:00:00-8:00' },
    { appId: '83f45296-fb8f-4aaa-a399-ac51084e02b7', lastSignInDateTime: '2026-11-01T00:00:00Z' },
  ];
  return { ...tenant, payments };
}

describe('sign-in activity collection', () => {
  it('reads the beta report and keeps the rows of collected service principals', async () => {
    const tenant = tenantWithActivity();
    const mock = await startMockAzure(tenant.snapshot, { pageSize: 2 });
    try {
      const snapshot = await collectFromMock(mock);
      assert.ok(mock.requests.some((request) => request.url.startsWith('/beta/reports/servicePrincipalSignInActivities')));
      const rows = snapshot.signInActivity ?? [];
      const payments = rows.find((row) => row.appId === tenant.payments);
      assert.deepEqual(payments, { appId: tenant.payments, lastSignInDateTime: '2026-05-01T08:00:00Z', lastAppOnlyClientSignInDateTime: '2026-05-01T08:00:00Z' });
      assert.ok(rows.some((row) => row.lastSignInDateTime === null), 'the -8:00 offset of the doc examples does not parse: null');
      assert.ok(!rows.some((row) => row.appId === '83f45296-fb8f-4aaa-a399-ac51084e02b7'), 'a service principal outside the collection is dropped');
      assert.ok(!snapshot.coverage.gaps.some((gap) => gap.source === 'signInActivity'));
    } finally {
      await mock.close();
    }
  });

  it('a 403 on the report is a signInActivity coverage gap and the rest is read', async () => {
    const tenant = tenantWithActivity();
    const mock = await startMockAzure(tenant.snapshot, { pageSize: 2, forbiddenGraphAreas: [/^\/reports\//] });
    try {
      const snapshot = await collectFromMock(mock);
      const gap = snapshot.coverage.gaps.find((candidate) => candidate.source === 'signInActivity');
      assert.deepEqual({ scope: gap?.scope, status: gap?.status }, { scope: 'tenant', status: 403 });
      assert.deepEqual(snapshot.signInActivity, []);
      assert.ok(snapshot.userAssignedIdentities.length > 0 && snapshot.servicePrincipals.length > 0);
    } finally {
      await mock.close();
    }
  });
});
