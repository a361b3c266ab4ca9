import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/unused-identity.js';
import { about, runRule, runRuleOnSnapshot } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder } from '../helpers/tenant-builder.js';

describe('unused-identity', () => {
  it('fires low for an unused identity with no access, medium when it still holds roles', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const idle = t.uami({ name: 'id-idle', subscription: prod });
    const standing = t.uami({ name: 'id-standing', subscription: prod });
    t.assign(standing, 'Contributor', t.resourceGroupScope(prod, 'rg-app'));
    const findings = runRule(rule, t);
    assert.equal(about(findings, idle.id)[0]?.severity, 'low');
    assert.equal(about(findings, idle.id)[0]?.confidence, 'high');
    const medium = about(findings, standing.id)[0];
    assert.equal(medium?.severity, 'medium');
    assert.ok(medium?.related.some((ref) => ref.relation === 'roleAssignment' && ref.displayName?.startsWith('Contributor on ')));
  });

  it('counts Graph permissions as standing access', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-graph', subscription: prod });
    t.graphPermission(id, 'User.ReadWrite.All');
    assert.equal(about(runRule(rule, t), id.id)[0]?.severity, 'medium');
  });

  it('lowers confidence when consumers could hide in unread subscriptions or outside a limited scan', () => {
    const t = new TenantBuilder({ scope: { kind: 'subscriptions', ids: [] } });
    const prod = t.subscription('prod');
    const other = t.subscription('other');
    t.gap({ source: 'resources', scope: other.scope, reason: '403 AuthorizationFailed' });
    const id = t.uami({ name: 'id-maybe', subscription: prod });
    const inLocked = t.uami({ name: 'id-locked', subscription: other });
    const findings = runRule(rule, t);
    assert.equal(about(findings, id.id)[0]?.confidence, 'low', 'limited scan (medium), lowered again by the gap');
    assert.equal(about(findings, inLocked.id)[0]?.confidence, 'low');
  });

  it('stays silent for identities attached to a resource (any casing), used as AKS kubelet, with FICs, or trusted as MI-as-FIC', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const attached = t.uami({ name: 'id-attached', subscription: prod });
    t.resource({ type: 'Microsoft.Web/sites', name: 'app', subscription: prod, userAssigned: [attached.id.toLowerCase()] });
    const kubelet = t.uami({ name: 'id-kubelet', subscription: prod });
    t.resource({ type: 'Microsoft.ContainerService/managedClusters', name: 'aks', subscription: prod, aks: { kubeletIdentity: { resourceId: kubelet.id } } });
    const federated = t.uami({ name: 'id-federated', subscription: prod });
    t.fic(federated, { name: 'gh', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:environment:prod' });
    const miAsFic = t.uami({ name: 'id-mi-as-fic', subscription: prod });
    const app = t.application({ displayName: 'cross-tenant-app' });
    t.fic(app, { name: 'from-mi', issuer: `https://login.microsoftonline.com/${t.tenantId}/v2.0`, subject: miAsFic.principalId.toUpperCase() });
    for (const id of [attached, kubelet, federated, miAsFic]) t.assign(id, 'Reader', prod.scope);
    assert.deepEqual(runRule(rule, t), []);
  });

  describe('policy assignments, client-id access policies and unread subscriptions', () => {
    it('counts an identity used only by a policy assignment as used', () => {
      const t = new TenantBuilder();
      const prod = t.subscription('prod');
      const remediation = t.uami({ name: 'id-remediation', subscription: prod });
      t.policyAssignment({ name: 'deploy-diagnostics', scope: prod.scope, userAssigned: remediation });
      t.assign(remediation, 'Reader', prod.scope);
      const idle = t.uami({ name: 'id-idle', subscription: prod });
      assert.deepEqual(runRule(rule, t).map((finding) => finding.subject.id), [idle.id]);
    });

    it('leaves an identity named by its client id in an access policy to keyvault-policy-client-id', () => {
      const t = new TenantBuilder();
      const prod = t.subscription('prod');
      const reader = t.uami({ name: 'id-reader', subscription: prod });
      t.resource({ type: 'Microsoft.KeyVault/vaults', name: 'kv-app', subscription: prod, keyVault: { enableRbacAuthorization: false, accessPolicies: [{ tenantId: t.tenantId, objectId: reader.clientId, permissions: { secrets: ['get'] } }] } });
      assert.deepEqual(runRule(rule, t), []);
    });

    it('is made as unverified, naming the subscription, when a subscription in scope was not read', () => {
      const t = new TenantBuilder();
      const prod = t.subscription('prod');
      const hidden = t.subscription('hidden');
      t.gap({ source: 'resources', scope: hidden.scope, reason: '403 AuthorizationFailed' });
      const idle = t.uami({ name: 'id-idle', subscription: prod });
      const [finding] = about(runRule(rule, t), idle.id);
      assert.equal(finding?.confidence, 'low');
      assert.match(finding?.message ?? '', new RegExp(`Not verified: subscription\\(s\\) ${hidden.subscriptionId} could not be read`));
    });

    it('is made as unverified when the identity\'s own subscription has no recorded read (absence needs a read)', () => {
      const t = new TenantBuilder();
      const prod = t.subscription('prod');
      const idle = t.uami({ name: 'id-idle', subscription: prod });
      const snapshot = t.build();
      snapshot.coverage.read = snapshot.coverage.read.filter((entry) => entry.source !== 'resources');
      const findings = runRuleOnSnapshot(rule, snapshot);
      assert.equal(about(findings, idle.id)[0]?.confidence, 'low');
    });
  });
});
