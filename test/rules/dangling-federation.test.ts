import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/dangling-federation.js';
import { runRule, runRuleOnSnapshot } from '../helpers/rule-harness.js';
import { TenantBuilder, guid } from '../helpers/tenant-builder.js';

function aksIssuer(t: TenantBuilder, label: string): string {
  return `https://westeurope.oic.prod-aks.azure.com/${t.tenantId}/${guid(label)}/`;
}

describe('dangling-federation', () => {
  it('fires for an AKS issuer that no cluster uses, with high confidence under full coverage', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    t.resource({ type: 'Microsoft.ContainerService/managedClusters', name: 'aks-live', subscription: prod, aks: { oidcIssuerEnabled: true, oidcIssuerUrl: aksIssuer(t, 'live') } });
    const id = t.uami({ name: 'id-workload', subscription: prod });
    t.fic(id, { name: 'old-cluster', issuer: aksIssuer(t, 'deleted'), subject: 'system:serviceaccount:ns:api' });
    const [finding, ...rest] = runRule(rule, t);
    assert.equal(rest.length, 0);
    assert.equal(finding?.severity, 'low');
    assert.equal(finding?.confidence, 'high');
    assert.equal(finding?.subject.id, id.id);
    assert.equal(finding?.evidence['backing'], 'aksCluster');
    assert.equal(finding?.evidence['clustersScanned'], 1);
  });

  it('lowers confidence and says so under a coverage gap or a partial scan scope', () => {
    const gap = new TenantBuilder();
    const prod = gap.subscription('prod');
    const dev = gap.subscription('dev');
    gap.gap({ source: 'resources', scope: dev.scope, reason: '403 AuthorizationFailed' });
    const id = gap.uami({ name: 'id-workload', subscription: prod });
    gap.fic(id, { name: 'api', issuer: aksIssuer(gap, 'unseen'), subject: 'system:serviceaccount:ns:api' });
    const [gapFinding] = runRule(rule, gap);
    assert.equal(gapFinding?.confidence, 'low');
    assert.match(gapFinding?.message ?? '', /could not be read/);
    assert.deepEqual(gapFinding?.evidence['unreadSubscriptions'], [dev.subscriptionId]);

    const scoped = new TenantBuilder({ scope: { kind: 'subscriptions', ids: ['x'] } });
    const sub = scoped.subscription('prod');
    const other = scoped.uami({ name: 'id-workload', subscription: sub });
    scoped.fic(other, { name: 'api', issuer: aksIssuer(scoped, 'elsewhere'), subject: 'system:serviceaccount:ns:api' });
    const [scopedFinding] = runRule(rule, scoped);
    assert.equal(scopedFinding?.confidence, 'medium');
    assert.match(scopedFinding?.message ?? '', /scan covered subscriptions/);
  });

  it('stays silent for a live cluster in another subscription, a near-miss of a live cluster, and foreign-tenant clusters', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const platform = t.subscription('platform');
    const issuer = aksIssuer(t, 'live');
    t.resource({ type: 'Microsoft.ContainerService/managedClusters', name: 'aks-platform', subscription: platform, aks: { oidcIssuerEnabled: true, oidcIssuerUrl: issuer } });
    const id = t.uami({ name: 'id-workload', subscription: prod });
    t.fic(id, { name: 'live', issuer, subject: 'system:serviceaccount:ns:api' });
    t.fic(id, { name: 'no-slash', issuer: issuer.slice(0, -1), subject: 'system:serviceaccount:ns:web' });
    t.fic(id, { name: 'foreign', issuer: `https://westeurope.oic.prod-aks.azure.com/${guid('other-tenant')}/${guid('x')}/`, subject: 'system:serviceaccount:ns:api' });
    t.fic(id, { name: 'gh', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:c/a:environment:prod' });
    assert.deepEqual(runRule(rule, t), []);
  });

  it('fires for an MI-as-FIC subject that resolves to no service principal', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const live = t.uami({ name: 'id-live', subscription: prod });
    const app = t.application({ displayName: 'app-mi-trust' });
    const entra = `https://login.microsoftonline.com/${t.tenantId}/v2.0`;
    const gone = guid('deleted-mi');
    t.raw.unresolvedPrincipalIds.push(gone);
    t.fic(app, { name: 'gone', issuer: entra, subject: gone });
    t.fic(app, { name: 'unknown', issuer: entra, subject: guid('never-seen') });
    t.fic(app, { name: 'live', issuer: entra, subject: live.principalId });
    t.fic(app, { name: 'foreign', issuer: `https://login.microsoftonline.com/${guid('other-tenant')}/v2.0`, subject: guid('foreign-mi') });
    t.fic(app, { name: 'ado', issuer: entra, subject: '/eid1/c/pub/t/abc/a/def/sc/org/conn' });
    const findings = runRule(rule, t);
    assert.deepEqual(findings.map((finding) => [finding.related[0]?.displayName, finding.confidence, finding.evidence['confirmedDeleted']]).sort(), [
      ['gone', 'high', true],
      ['unknown', 'high', false],
    ]);
    assert.ok(findings.every((finding) => finding.subject.id === app.id && finding.related[1]?.relation === 'trustedPrincipal'));
  });

  it('claims a missing cluster only for subscriptions with a recorded read: Resource Graph can omit one silently', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const silent = t.subscription('silent');
    const id = t.uami({ name: 'id-workload', subscription: prod });
    t.fic(id, { name: 'api', issuer: aksIssuer(t, 'in-silent'), subject: 'system:serviceaccount:ns:api' });
    const snapshot = t.build();
    // No gap was recorded for 'silent', but no read either: its clusters were never seen.
    snapshot.coverage.read = snapshot.coverage.read.filter((entry) => entry.scope !== silent.scope);
    const findings = runRuleOnSnapshot(rule, snapshot);
    assert.equal(findings[0]?.confidence, 'low');
    assert.deepEqual(findings[0]?.evidence['unreadSubscriptions'], [silent.subscriptionId]);
  });

  it('does not call an MI-as-FIC subject gone when the service principals were not read', () => {
    const t = new TenantBuilder();
    t.subscription('prod');
    const app = t.application({ displayName: 'app-mi-trust' });
    t.fic(app, { name: 'unknown', issuer: `https://login.microsoftonline.com/${t.tenantId}/v2.0`, subject: guid('never-seen') });
    const snapshot = t.build();
    snapshot.coverage.read = snapshot.coverage.read.filter((entry) => entry.source !== 'servicePrincipals');
    const findings = runRuleOnSnapshot(rule, snapshot);
    assert.equal(findings[0]?.confidence, 'low');
    assert.match(findings[0]?.message ?? '', /may exist unseen/);
  });
});
