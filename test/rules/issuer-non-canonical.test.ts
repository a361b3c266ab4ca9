import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/issuer-non-canonical.js';
import { runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder, guid } from '../helpers/tenant-builder.js';

describe('issuer-non-canonical', () => {
  it('fires for a trailing slash on GitHub and Terraform Cloud, low on an unprivileged identity', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ci', subscription: prod });
    t.fic(id, { name: 'gh', issuer: `${GITHUB_ISSUER}/`, subject: 'repo:c/a:environment:prod' });
    t.fic(id, { name: 'tfc', issuer: 'https://app.terraform.io/', subject: 'organization:c:project:p:workspace:w:run_phase:apply' });
    const findings = runRule(rule, t);
    assert.deepEqual(findings.map((finding) => [finding.related[0]?.displayName, finding.severity, finding.evidence['expected']]).sort(), [
      ['gh', 'low', GITHUB_ISSUER],
      ['tfc', 'low', 'https://app.terraform.io'],
    ]);
  });

  it('raises to medium on a privileged identity and names the live cluster for a missing AKS slash', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const issuer = `https://westeurope.oic.prod-aks.azure.com/${t.tenantId}/${guid('oidc')}/`;
    const cluster = t.resource({ type: 'Microsoft.ContainerService/managedClusters', name: 'aks-prod', subscription: prod, aks: { oidcIssuerEnabled: true, oidcIssuerUrl: issuer } });
    const id = t.uami({ name: 'id-workload', subscription: prod });
    t.assign(id, 'Owner', prod.scope);
    t.fic(id, { name: 'api', issuer: issuer.slice(0, -1), subject: 'system:serviceaccount:ns:api' });
    const [finding, ...rest] = runRule(rule, t);
    assert.equal(rest.length, 0);
    assert.equal(finding?.severity, 'medium');
    assert.equal(finding?.evidence['expected'], issuer);
    assert.deepEqual(finding?.related.map((ref) => [ref.relation, ref.id]), [
      ['federatedCredential', `${id.id}/federatedIdentityCredentials/api`],
      ['cluster', cluster.id],
    ]);
  });

  it('fires for host casing and legacy Entra hosts', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ci', subscription: prod });
    t.fic(id, { name: 'case', issuer: 'https://Token.Actions.GitHubUserContent.com', subject: 'repo:c/a:environment:prod' });
    t.fic(id, { name: 'sts', issuer: `https://sts.windows.net/${t.tenantId}/`, subject: guid('mi') });
    const findings = runRule(rule, t);
    assert.deepEqual(findings.map((finding) => finding.related[0]?.displayName).sort(), ['case', 'sts']);
  });

  it('stays silent for canonical issuers: AKS with its slash, GitHub, TFC, same-tenant Entra, GHEC slug', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ci', subscription: prod });
    t.assign(id, 'Owner', prod.scope);
    t.fic(id, { name: 'aks', issuer: `https://westeurope.oic.prod-aks.azure.com/${t.tenantId}/${guid('oidc')}/`, subject: 'system:serviceaccount:ns:api' });
    t.fic(id, { name: 'gh', issuer: GITHUB_ISSUER, subject: 'repo:c/a:environment:prod' });
    t.fic(id, { name: 'ghec', issuer: `${GITHUB_ISSUER}/contoso`, subject: 'repo:c/a:environment:prod' });
    t.fic(id, { name: 'tfc', issuer: 'https://app.terraform.io', subject: 'organization:c:project:p:workspace:w:run_phase:apply' });
    t.fic(id, { name: 'entra', issuer: `https://login.microsoftonline.com/${t.tenantId}/v2.0`, subject: guid('mi') });
    t.fic(id, { name: 'malformed', issuer: 'http://token.actions.githubusercontent.com/', subject: 'repo:c/a:environment:prod' });
    assert.deepEqual(runRule(rule, t), []);
  });
});
