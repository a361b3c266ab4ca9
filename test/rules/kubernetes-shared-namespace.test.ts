import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/kubernetes-shared-namespace.js';
import { runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder, guid } from '../helpers/tenant-builder.js';

describe('kubernetes-shared-namespace', () => {
  it('fires for the default service account at matrix B2 severity and relates the AKS cluster and grant', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const issuer = `https://westeurope.oic.prod-aks.azure.com/${t.tenantId}/${guid('oidc')}/`;
    const cluster = t.resource({ type: 'Microsoft.ContainerService/managedClusters', name: 'aks-prod', subscription: prod, aks: { oidcIssuerEnabled: true, oidcIssuerUrl: issuer } });
    const id = t.uami({ name: 'id-api', subscription: prod });
    const assignment = t.assign(id, 'Website Contributor', t.resourceGroupScope(prod, 'rg-web'));
    const fic = t.fic(id, { name: 'api', issuer, subject: 'system:serviceaccount:payments:default' });
    const [finding, ...rest] = runRule(rule, t);
    assert.equal(rest.length, 0);
    assert.equal(finding?.severity, 'medium'); // B2 × T1
    assert.equal(finding?.subject.id, id.id);
    assert.deepEqual(finding?.related.map((ref) => [ref.relation, ref.id]), [
      ['federatedCredential', fic.id],
      ['cluster', cluster.id],
      ['roleAssignment', assignment],
    ]);
    assert.deepEqual(finding?.evidence['reasons'], ['the default service account']);
    assert.match(finding?.message ?? '', /on cluster 'aks-prod'/);
  });

  it('raises kube-system one step and grades shared namespaces by tier', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const issuer = `https://westeurope.oic.prod-aks.azure.com/${t.tenantId}/${guid('oidc')}/`;
    const owner = t.uami({ name: 'id-owner', subscription: prod });
    t.assign(owner, 'Owner', prod.scope);
    t.fic(owner, { name: 'system', issuer, subject: 'system:serviceaccount:kube-system:external-dns' });
    const reader = t.uami({ name: 'id-reader', subscription: prod });
    t.assign(reader, 'Storage Blob Data Reader', prod.scope);
    t.fic(reader, { name: 'public', issuer, subject: 'system:serviceaccount:kube-public:reader' });
    t.fic(reader, { name: 'both', issuer, subject: 'system:serviceaccount:default:default' });
    // A self-managed issuer: the subject shape decides.
    const edge = t.uami({ name: 'id-edge', subscription: prod });
    t.fic(edge, { name: 'edge', issuer: 'https://oidc.edge.contoso.net', claimsMatchingExpression: { value: "claims['sub'] eq 'system:serviceaccount:default:collector'" } });
    const findings = runRule(rule, t);
    assert.deepEqual(findings.map((finding) => [finding.related[0]?.displayName, finding.severity, finding.evidence['reasons']]).sort(), [
      ['both', 'low', ['the shared default namespace', 'the default service account']],
      ['edge', 'info', ['the shared default namespace']],
      ['public', 'low', ['the shared kube-public namespace']],
      ['system', 'critical', ['the kube-system namespace']], // B2 × T0 = high, + 1
    ]);
  });

  it('stays silent for a dedicated namespace and service account, wildcards and non-Kubernetes subjects', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const issuer = `https://westeurope.oic.prod-aks.azure.com/${t.tenantId}/${guid('oidc')}/`;
    const id = t.uami({ name: 'id-api', subscription: prod });
    t.assign(id, 'Owner', prod.scope);
    t.fic(id, { name: 'dedicated', issuer, subject: 'system:serviceaccount:payments:payments-api' });
    t.fic(id, { name: 'default-like', issuer, subject: 'system:serviceaccount:defaults:default-api' });
    t.fic(id, { name: 'wildcard', issuer, claimsMatchingExpression: { value: "claims['sub'] matches 'system:serviceaccount:default:*'" } });
    t.fic(id, { name: 'github', issuer: GITHUB_ISSUER, subject: 'system:serviceaccount:default:default' });
    assert.deepEqual(runRule(rule, t), []);
  });
});
