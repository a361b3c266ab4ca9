import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/data-role-preferred.js';
import { about, runRule } from '../helpers/rule-harness.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

describe('data-role-preferred', () => {
  it('fires for Storage Account Contributor on a storage account and names the data roles to use', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-reports', subscription: prod });
    const storage = t.resource({ type: 'Microsoft.Storage/storageAccounts', name: 'streports', subscription: prod });
    t.assign(id, 'Storage Account Contributor', storage.id);
    const [finding, ...rest] = runRule(rule, t);
    assert.equal(rest.length, 0);
    assert.equal(finding?.severity, 'medium', 'listKeys hands out all of the data');
    assert.match(finding?.remediation ?? '', /Storage Blob Data Reader/);
    assert.match(finding?.message ?? '', /such as Storage Blob Data Reader or Storage Blob Data Contributor would do\.$/);
    assert.match(finding?.remediation ?? '', /Storage Queue Data Message Sender/);
    assert.deepEqual(finding?.evidence['dataServices'], ['storage account']);
    assert.ok((finding?.evidence['suggestedDataRoleIds'] as readonly string[]).includes('2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'));
    assert.ok(finding?.related.some((ref) => ref.relation === 'role' && ref.displayName === 'Storage Account Contributor'));
    assert.ok(finding?.related.some((ref) => ref.relation === 'scope' && ref.id === storage.id));
  });

  it('fires for Contributor on a registry, a Service Bus namespace and a blob container, suggesting each service its roles', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const vm = t.resource({ type: 'Microsoft.Compute/virtualMachines', name: 'vm-worker', subscription: prod, systemAssigned: true });
    const registry = t.resource({ type: 'Microsoft.ContainerRegistry/registries', name: 'acrprod', subscription: prod });
    const bus = t.resource({ type: 'Microsoft.ServiceBus/namespaces', name: 'sb-orders', subscription: prod });
    t.assign(vm, 'Contributor', registry.id);
    t.assign(vm, 'Contributor', bus.id);
    t.assign(vm, 'Contributor', `${t.resourceGroupScope(prod, 'rg-data')}/providers/Microsoft.Storage/storageAccounts/stdata/blobServices/default/containers/exports`);
    const findings = about(runRule(rule, t), vm.id);
    assert.equal(findings.length, 3);
    const byService = new Map(findings.map((finding) => [String((finding.evidence['dataServices'] as readonly string[])[0]), finding]));
    assert.match(byService.get('container registry')?.remediation ?? '', /AcrPull.*AcrPush/);
    assert.match(byService.get('Service Bus')?.remediation ?? '', /Azure Service Bus Data Receiver to receive, or Azure Service Bus Data Sender to send/);
    assert.deepEqual(byService.get('Blob storage')?.evidence['suggestedDataRoles'], ['Storage Blob Data Reader', 'Storage Blob Data Contributor']);
  });

  it('fires at resource-group scope when the group holds only data services, naming the resources', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const app = t.application({ displayName: 'gh-data-pipeline' });
    t.fic(app, { name: 'main', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:c/data:environment:prod' });
    const storage = t.resource({ type: 'Microsoft.Storage/storageAccounts', name: 'stlake', subscription: prod, resourceGroup: 'rg-data' });
    const vault = t.resource({ type: 'Microsoft.KeyVault/vaults', name: 'kv-data', subscription: prod, resourceGroup: 'rg-data', keyVault: { enableRbacAuthorization: true, accessPolicies: [] } });
    t.resource({ type: 'Microsoft.Network/privateEndpoints', name: 'pe-stlake', subscription: prod, resourceGroup: 'rg-data' });
    t.assign(app, 'Contributor', t.resourceGroupScope(prod, 'rg-data'));
    const [finding, ...rest] = runRule(rule, t);
    assert.equal(rest.length, 0);
    assert.equal(finding?.subject.kind, 'application');
    assert.equal(finding?.severity, 'medium');
    const dataResources = finding?.related.filter((ref) => ref.relation === 'dataResource').map((ref) => ref.id);
    assert.deepEqual(dataResources, [storage.id, vault.id]);
    assert.match(finding?.remediation ?? '', /Key Vault Secrets User/);
  });

  it('grades low a role that manages a single resource without reaching its data (Key Vault Contributor on an RBAC vault)', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-kv', subscription: prod });
    const rbacVault = t.resource({ type: 'Microsoft.KeyVault/vaults', name: 'kv-rbac', subscription: prod, keyVault: { enableRbacAuthorization: true, accessPolicies: [] } });
    const policyVault = t.resource({ type: 'Microsoft.KeyVault/vaults', name: 'kv-policies', subscription: prod, keyVault: { enableRbacAuthorization: false, accessPolicies: [] } });
    t.assign(id, 'Key Vault Contributor', rbacVault.id);
    t.assign(id, 'Key Vault Contributor', policyVault.id);
    const findings = runRule(rule, t);
    const severityOf = (vaultId: string): string | undefined => findings.find((finding) => finding.evidence['scope'] === vaultId)?.severity;
    assert.equal(severityOf(rbacVault.id), 'low');
    assert.equal(severityOf(policyVault.id), 'medium', 'it can edit the access policies and read every secret');
  });

  it('fires for a custom role that only lists keys', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-legacy-sdk', subscription: prod });
    const storage = t.resource({ type: 'Microsoft.Storage/storageAccounts', name: 'stlegacy', subscription: prod });
    const keyReader = t.customRole({ roleName: 'Storage key reader', actions: ['Microsoft.Storage/storageAccounts/listKeys/action'], assignableScopes: [prod.scope] });
    t.assign(id, keyReader, storage.id);
    assert.equal(runRule(rule, t)[0]?.evidence['exposesDataThroughControlPlane'], true);
  });

  it('stays silent for data roles, AcrPull/AcrPush, Owner (privileged-role) and non-data resources', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-app', subscription: prod });
    const storage = t.resource({ type: 'Microsoft.Storage/storageAccounts', name: 'stapp', subscription: prod });
    const registry = t.resource({ type: 'Microsoft.ContainerRegistry/registries', name: 'acrapp', subscription: prod });
    const web = t.resource({ type: 'Microsoft.Web/sites', name: 'app-web', subscription: prod });
    t.assign(id, 'Storage Blob Data Contributor', storage.id);
    t.assign(id, 'AcrPush', registry.id);
    t.assign(id, 'Reader', storage.id);
    t.assign(id, 'Owner', registry.id);
    t.assign(id, 'Contributor', web.id);
    t.assign(id, 'Website Contributor', storage.id);
    assert.deepEqual(runRule(rule, t), []);
  });

  it('stays silent for Contributor on a resource group that also holds compute, and at subscription scope (broad-scope)', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-deployer', subscription: prod });
    t.resource({ type: 'Microsoft.Storage/storageAccounts', name: 'stmixed', subscription: prod, resourceGroup: 'rg-mixed' });
    t.resource({ type: 'Microsoft.Web/sites', name: 'app-mixed', subscription: prod, resourceGroup: 'rg-mixed' });
    t.assign(id, 'Contributor', t.resourceGroupScope(prod, 'rg-mixed'));
    t.assign(id, 'Contributor', t.resourceGroupScope(prod, 'rg-empty'));
    t.assign(id, 'Contributor', prod.scope);
    assert.deepEqual(runRule(rule, t), []);
  });
});
