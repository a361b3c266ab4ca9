import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/blast-radius.js';
import { runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder, guid } from '../helpers/tenant-builder.js';

describe('blast-radius', () => {
  it('reports one critical finding per identity with the whole chain', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-infra', subscription: prod });
    const owner = t.assign(id, 'Owner', prod.scope);
    t.fic(id, { name: 'pr', issuer: GITHUB_ISSUER, subject: 'repo:contoso/infra:pull_request' });
    t.fic(id, { name: 'org', issuer: GITHUB_ISSUER, subject: 'repository_owner:contoso' });
    t.fic(id, { name: 'prod', issuer: GITHUB_ISSUER, subject: 'repo:contoso/infra:environment:prod' });
    const [finding, ...rest] = runRule(rule, t);
    assert.equal(rest.length, 0);
    assert.equal(finding?.severity, 'critical');
    assert.equal(finding?.subject.id, id.id);
    assert.deepEqual(finding?.evidence['federatedCredentials'], ['org', 'pr']);
    assert.equal(finding?.evidence['breadth'], 'B4');
    assert.equal(finding?.evidence['tier'], 'T0');
    assert.deepEqual(finding?.evidence['subjects'], ['repository_owner:contoso', 'repo:contoso/infra:pull_request']);
    assert.deepEqual(finding?.related.map((ref) => [ref.relation, ref.displayName ?? ref.id]), [
      ['federatedCredential', 'org'],
      ['federatedCredential', 'pr'],
      ['roleAssignment', "Owner on subscription 'prod'"],
    ]);
    assert.ok(finding?.related.some((ref) => ref.id === owner));
  });

  it('grades look-alike issuers, foreign tenants and T1 reach by the matrix', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const fake = t.uami({ name: 'id-fake', subscription: prod });
    t.assign(fake, 'Contributor', prod.scope);
    t.fic(fake, { name: 'lookalike', issuer: 'https://token.actions.githubusercontent.com.evil.net', subject: 'repo:contoso/app:environment:prod' });
    const partner = t.application({ displayName: 'app-partner' });
    t.assign(partner, 'Website Contributor', t.resourceGroupScope(prod, 'rg-web'));
    t.fic(partner, { name: 'foreign', issuer: `https://login.microsoftonline.com/${guid('fabrikam')}/v2.0`, subject: guid('fabrikam-mi') });
    const findings = runRule(rule, t);
    assert.deepEqual(findings.map((finding) => [finding.subject.displayName, finding.severity, finding.evidence['breadth'], finding.evidence['tier']]), [
      ['id-fake', 'critical', 'B4', 'T0'],
      ['app-partner', 'high', 'B3', 'T1'],
    ]);
  });

  it('follows MI-as-FIC: a broadly federated identity inherits the grants of the app that trusts it', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const bridge = t.uami({ name: 'id-bridge', subscription: prod });
    t.fic(bridge, { name: 'pr', issuer: GITHUB_ISSUER, subject: 'repo:contoso/tools:pull_request' });
    const app = t.application({ displayName: 'app-directory-sync' });
    t.graphPermission(app, 'Application.ReadWrite.All');
    t.fic(app, { name: 'from-bridge', issuer: `https://login.microsoftonline.com/${t.tenantId}/v2.0`, subject: bridge.principalId });
    const findings = runRule(rule, t);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.subject.id, bridge.id);
    assert.equal(findings[0]?.severity, 'critical');
    assert.deepEqual(findings[0]?.evidence['trustingApplications'], ['app-directory-sync']);
    assert.ok(findings[0]?.related.some((ref) => ref.relation === 'trustingApplication' && ref.id === app.id));
  });

  it('stays silent for read-only reach, exact subjects and credentials that can never match', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const storage = t.resource({ type: 'Microsoft.Storage/storageAccounts', name: 'st', subscription: prod });
    const preview = t.uami({ name: 'id-preview', subscription: prod });
    t.assign(preview, 'Storage Blob Data Reader', storage.id);
    t.fic(preview, { name: 'pr', issuer: GITHUB_ISSUER, subject: 'repo:contoso/site:pull_request' });
    const deploy = t.uami({ name: 'id-deploy', subscription: prod });
    t.assign(deploy, 'Owner', prod.scope);
    t.fic(deploy, { name: 'env', issuer: GITHUB_ISSUER, subject: 'repo:contoso@1/infra@2:environment:production' });
    t.fic(deploy, { name: 'aks', issuer: `https://westeurope.oic.prod-aks.azure.com/${t.tenantId}/${guid('oidc')}/`, subject: 'system:serviceaccount:ns:api' });
    t.fic(deploy, { name: 'slash-pr', issuer: `${GITHUB_ISSUER}/`, subject: 'repo:contoso/infra:pull_request' });
    t.fic(deploy, { name: 'http-pr', issuer: 'http://token.actions.githubusercontent.com', subject: 'repo:contoso/infra:pull_request' });
    t.fic(deploy, { name: 'home-mi', issuer: `https://login.microsoftonline.com/${t.tenantId}/v2.0`, subject: guid('mi') });
    assert.deepEqual(runRule(rule, t), []);
  });
});
