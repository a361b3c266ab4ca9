import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/orphaned-reference.js';
import { about, runRule } from '../helpers/rule-harness.js';
import { type SubscriptionHandle, TenantBuilder, guid } from '../helpers/tenant-builder.js';

function identityId(subscription: SubscriptionHandle, name: string, resourceGroup = 'rg-identities'): string {
  return `${subscription.scope}/resourceGroups/${resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
}

describe('orphaned-reference', () => {
  it('fires for a resource that still references a confirmed-deleted identity, listing its leftover role assignments', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const goneId = identityId(prod, 'id-gone');
    const vm = t.resource({ type: 'Microsoft.Compute/virtualMachines', name: 'vm-1', subscription: prod, userAssigned: [goneId] });
    t.deletedIdentity(goneId);
    t.assign({ principalId: guid(`principal:${goneId}`), principalType: 'ServicePrincipal' }, 'Reader', prod.scope);

    const findings = about(runRule(rule, t), vm.id);
    assert.equal(findings.length, 1);
    const finding = findings[0];
    assert.equal(finding?.severity, 'medium');
    assert.equal(finding?.confidence, 'high');
    assert.equal(finding?.evidence['variant'], 'deleted');
    assert.equal(finding?.evidence['confirmedBy'], 'GET returned 404');
    assert.ok(finding?.related.some((ref) => ref.relation === 'deletedIdentity' && ref.id === goneId && ref.displayName === 'id-gone'));
    assert.ok(finding?.related.some((ref) => ref.relation === 'staleRoleAssignment' && ref.displayName?.startsWith('Reader at ')));
  });

  it('fires when the identity is absent from a subscription that was read completely', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const app = t.resource({ type: 'Microsoft.Web/sites', name: 'app-1', subscription: prod, userAssigned: [identityId(prod, 'id-missing')] });
    const finding = about(runRule(rule, t), app.id)[0];
    assert.equal(finding?.evidence['variant'], 'deleted');
    assert.match(String(finding?.evidence['confirmedBy']), /absent/);
  });

  it('fires for an AKS kubelet identity that no longer exists', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const kubeletId = identityId(prod, 'id-kubelet', 'rg-aks');
    const aks = t.resource({
      type: 'Microsoft.ContainerService/managedClusters',
      name: 'aks-1',
      subscription: prod,
      aks: { kubeletIdentity: { resourceId: kubeletId, objectId: guid('old-kubelet') } },
    });
    const finding = about(runRule(rule, t), aks.id)[0];
    assert.equal(finding?.evidence['referencedBy'], 'AKS kubelet identity');
  });

  it('fires when the identity was recreated under the same name with a new principal', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = identityId(prod, 'id-api');
    const app = t.resource({ type: 'Microsoft.Web/sites', name: 'app-api', subscription: prod, userAssigned: [id] });
    const recreated = t.uami({ name: 'id-api', subscription: prod, principalId: guid('recreated-principal') });
    const finding = about(runRule(rule, t), app.id)[0];
    assert.equal(finding?.evidence['variant'], 'recreated');
    assert.equal(finding?.evidence['currentPrincipalId'], recreated.principalId);
    assert.ok(finding?.related.some((ref) => ref.relation === 'recreatedIdentity' && ref.id === recreated.id));
  });

  it('reports one finding per stale identity when a resource references two', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const vm = t.resource({
      type: 'Microsoft.Compute/virtualMachines',
      name: 'vm-2',
      subscription: prod,
      userAssigned: [identityId(prod, 'id-a'), identityId(prod, 'id-b')],
    });
    assert.equal(about(runRule(rule, t), vm.id).length, 2);
  });

  it('stays silent for a differently-cased key of an existing identity and for an AKS kubelet identity that exists', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-web', subscription: prod });
    const shouting = id.id.replace('/resourceGroups/', '/resourcegroups/').replace('id-web', 'ID-WEB').replace('Microsoft.ManagedIdentity', 'microsoft.managedidentity');
    const app = t.resource({ type: 'Microsoft.Web/sites', name: 'app-web', subscription: prod, userAssigned: [shouting] });
    const entry = app.identity?.userAssignedIdentities?.[shouting];
    assert.ok(entry);
    entry.principalId = id.principalId.toUpperCase();
    t.resource({
      type: 'Microsoft.ContainerService/managedClusters',
      name: 'aks-ok',
      subscription: prod,
      aks: { kubeletIdentity: { resourceId: shouting, objectId: id.principalId } },
    });
    assert.deepEqual(runRule(rule, t), []);
  });

  it('stays silent when the identity subscription was not readable, or is outside the scan', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const locked = t.subscription('locked');
    t.gap({ source: 'resources', scope: locked.scope, reason: '403 AuthorizationFailed' });
    const elsewhere: SubscriptionHandle = { subscriptionId: guid('not-scanned'), scope: `/subscriptions/${guid('not-scanned')}`, name: 'not-scanned' };
    t.resource({
      type: 'Microsoft.Web/sites',
      name: 'app-cross',
      subscription: prod,
      userAssigned: [identityId(locked, 'id-in-locked'), identityId(elsewhere, 'id-elsewhere')],
    });
    assert.deepEqual(runRule(rule, t), []);
  });

  it('still fires in an unreadable subscription when a GET confirmed the deletion', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const locked = t.subscription('locked');
    t.gap({ source: 'userAssignedIdentities', scope: locked.scope, reason: '403 AuthorizationFailed' });
    const goneId = identityId(locked, 'id-gone');
    t.deletedIdentity(goneId.toLowerCase());
    const app = t.resource({ type: 'Microsoft.Web/sites', name: 'app-2', subscription: prod, userAssigned: [goneId] });
    const finding = about(runRule(rule, t), app.id)[0];
    assert.equal(finding?.evidence['confirmedBy'], 'GET returned 404');
    assert.equal(finding?.confidence, 'medium', 'the coverage gap lowers confidence');
  });
});
