import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/shared-identity.js';
import { about, runRule } from '../helpers/rule-harness.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

describe('shared-identity', () => {
  it('fires when one identity serves production and dev resources, graded by the identity privilege', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('contoso-prod', { tags: { environment: 'prod' } });
    const dev = t.subscription('contoso-dev', { tags: { environment: 'dev' } });
    const readOnly = t.uami({ name: 'id-web', subscription: prod });
    const writer = t.uami({ name: 'id-writer', subscription: prod });
    const prodApp = t.resource({ type: 'Microsoft.Web/sites', name: 'app-web-prod', subscription: prod, userAssigned: [readOnly, writer] });
    const devApp = t.resource({ type: 'Microsoft.Web/sites', name: 'app-web', subscription: dev, resourceGroup: 'rg-web', userAssigned: [readOnly, writer] });
    t.assign(readOnly, 'Reader', prod.scope);
    t.assign(writer, 'Storage Blob Data Contributor', prod.scope);

    const findings = runRule(rule, t);
    const medium = about(findings, readOnly.id)[0];
    assert.equal(medium?.severity, 'medium');
    assert.ok(medium?.related.some((ref) => ref.relation === 'productionResource' && ref.id === prodApp.id && ref.displayName === 'app-web-prod'));
    assert.ok(medium?.related.some((ref) => ref.relation === 'nonProductionResource' && ref.id === devApp.id));
    assert.match(medium?.message ?? '', /production resource 'app-web-prod' and to dev resource 'app-web'/);
    assert.equal(about(findings, writer.id)[0]?.severity, 'high');
  });

  it('uses resource tags and resource group names inside one subscription', () => {
    const t = new TenantBuilder();
    const shared = t.subscription('contoso-shared');
    const id = t.uami({ name: 'id-jobs', subscription: shared });
    t.resource({ type: 'Microsoft.Web/sites', name: 'func-jobs', subscription: shared, resourceGroup: 'rg-jobs-prod', userAssigned: [id] });
    t.resource({ type: 'Microsoft.Web/sites', name: 'func-jobs-2', subscription: shared, resourceGroup: 'rg-jobs', tags: { Environment: 'Staging' }, userAssigned: [id] });
    assert.equal(about(runRule(rule, t), id.id).length, 1);
  });

  it('counts an AKS kubelet identity as attached', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('contoso-prod');
    const test = t.subscription('contoso-test');
    const kubelet = t.uami({ name: 'id-kubelet', subscription: prod });
    t.resource({ type: 'Microsoft.ContainerService/managedClusters', name: 'aks-prod', subscription: prod, aks: { kubeletIdentity: { resourceId: kubelet.id } } });
    t.resource({ type: 'Microsoft.ContainerService/managedClusters', name: 'aks-test', subscription: test, aks: { kubeletIdentity: { resourceId: kubelet.id } } });
    assert.equal(about(runRule(rule, t), kubelet.id).length, 1);
  });

  it('stays silent for two production resources, one resource, two non-production environments, or unknown environments', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('contoso-prod', { tags: { environment: 'prod' } });
    const dev = t.subscription('contoso-dev', { tags: { environment: 'dev' } });
    const test = t.subscription('contoso-test');
    const unknown = t.subscription('contoso-shared');
    const twoProd = t.uami({ name: 'id-two-prod', subscription: prod });
    t.resource({ type: 'Microsoft.Web/sites', name: 'app-a', subscription: prod, userAssigned: [twoProd] });
    t.resource({ type: 'Microsoft.Web/sites', name: 'app-b', subscription: prod, resourceGroup: 'rg-b', tags: { env: 'production' }, userAssigned: [twoProd] });
    const single = t.uami({ name: 'id-single', subscription: dev });
    t.resource({ type: 'Microsoft.Web/sites', name: 'app-c', subscription: dev, userAssigned: [single] });
    const devAndTest = t.uami({ name: 'id-dev-test', subscription: dev });
    t.resource({ type: 'Microsoft.Web/sites', name: 'app-d', subscription: dev, userAssigned: [devAndTest] });
    t.resource({ type: 'Microsoft.Web/sites', name: 'app-e', subscription: test, userAssigned: [devAndTest] });
    const withUnknown = t.uami({ name: 'id-unknown', subscription: prod });
    t.resource({ type: 'Microsoft.Web/sites', name: 'app-f', subscription: prod, userAssigned: [withUnknown] });
    t.resource({ type: 'Microsoft.Web/sites', name: 'product-api', subscription: unknown, userAssigned: [withUnknown] });
    assert.deepEqual(runRule(rule, t), []);
  });
});
