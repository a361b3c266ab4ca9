import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/cross-tenant.js';
import { runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder, guid } from '../helpers/tenant-builder.js';

const FOREIGN = guid('fabrikam-tenant');

describe('cross-tenant', () => {
  it('fires for v2, v1 and sovereign Entra issuers of another tenant, high on a privileged identity', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const app = t.application({ displayName: 'app-partner' });
    const grant = t.assign(app, 'Contributor', prod.scope);
    t.fic(app, { name: 'v2', issuer: `https://login.microsoftonline.com/${FOREIGN}/v2.0`, subject: guid('foreign-mi') });
    const id = t.uami({ name: 'id-partner', subscription: prod });
    t.fic(id, { name: 'v1', issuer: `https://sts.windows.net/${FOREIGN}/`, subject: guid('foreign-mi-2') });
    t.fic(id, { name: 'gov', issuer: `https://login.microsoftonline.us/${FOREIGN}/v2.0`, subject: guid('foreign-mi-3') });
    const findings = runRule(rule, t);
    assert.deepEqual(findings.map((finding) => [finding.related[0]?.displayName, finding.severity]).sort(), [
      ['gov', 'medium'],
      ['v1', 'medium'],
      ['v2', 'high'],
    ]);
    const v2 = findings.find((finding) => finding.related[0]?.displayName === 'v2');
    assert.equal(v2?.evidence['issuerTenantId'], FOREIGN);
    assert.equal(v2?.evidence['homeTenantId'], t.tenantId);
    assert.ok(v2?.related.some((ref) => ref.id === grant));
  });

  it('stays silent for the audited tenant (any casing), non-Entra issuers and non-GUID tenants', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ci', subscription: prod });
    t.fic(id, { name: 'home', issuer: `https://login.microsoftonline.com/${t.tenantId}/v2.0`, subject: guid('mi') });
    t.fic(id, { name: 'home-upper', issuer: `https://login.microsoftonline.com/${t.tenantId.toUpperCase()}/v2.0`, subject: guid('mi-2') });
    t.fic(id, { name: 'gh', issuer: GITHUB_ISSUER, subject: 'repo:c/a:environment:prod' });
    t.fic(id, { name: 'aks', issuer: `https://westeurope.oic.prod-aks.azure.com/${FOREIGN}/${guid('oidc')}/`, subject: 'system:serviceaccount:a:b' });
    t.fic(id, { name: 'domain', issuer: 'https://login.microsoftonline.com/fabrikam.onmicrosoft.com/v2.0', subject: guid('mi-3') });
    assert.deepEqual(runRule(rule, t), []);
  });
});
