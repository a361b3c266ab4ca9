import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildInventory } from '../../src/inventory/build.js';
import { canonicalArmId, parseArmId, scopeLevel } from '../../src/inventory/ids.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

describe('ARM ids', () => {
  it('canonicalises case, duplicate and trailing slashes', () => {
    assert.equal(canonicalArmId('/Subscriptions/ABC/resourcegroups/RG//providers/Microsoft.X/y/Z/'), '/subscriptions/abc/resourcegroups/rg/providers/microsoft.x/y/z');
    assert.equal(canonicalArmId('/'), '/');
  });

  it('classifies scope levels', () => {
    assert.equal(scopeLevel('/'), 'root');
    assert.equal(scopeLevel('/providers/Microsoft.Management/managementGroups/mg1'), 'managementGroup');
    assert.equal(scopeLevel('/subscriptions/s'), 'subscription');
    assert.equal(scopeLevel('/subscriptions/s/resourcegroups/rg'), 'resourceGroup');
    assert.equal(scopeLevel('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st'), 'resource');
  });

  it('parses nested resource types', () => {
    const parsed = parseArmId('/subscriptions/S/resourceGroups/RG/providers/Microsoft.Sql/servers/srv/databases/db');
    assert.deepEqual(parsed, { subscriptionId: 'S', resourceGroup: 'RG', type: 'microsoft.sql/servers/databases', name: 'db' });
  });
});

describe('inventory', () => {
  it('joins identities, attachments and assignments case-insensitively', () => {
    const t = new TenantBuilder();
    const mg = t.managementGroup('mg');
    const prod = t.subscription('prod', { managementGroup: mg });
    const id = t.uami({ name: 'id-app', subscription: prod });
    const upperKey = id.id.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/');
    const web = t.resource({ type: 'Microsoft.Web/sites', name: 'web', subscription: prod, userAssigned: [upperKey], systemAssigned: true });
    t.assign(id, 'Reader', mg);
    t.assign(id, 'Contributor', t.resourceGroupScope(prod, 'rg-workloads'));
    const inventory = buildInventory(t.build());

    assert.deepEqual(inventory.resourcesUsing(id.id).map((resource) => resource.name), ['web']);
    assert.equal(inventory.workloadByPrincipal(id.principalId.toUpperCase())?.displayName, 'id-app');
    assert.equal(inventory.workloadIdentities.length, 2, 'the UAMI and the web app system-assigned identity');
    assert.equal(inventory.assignmentsOf(id.principalId).length, 2);
    const covering = inventory.assignmentsCovering(web.id).map((assignment) => assignment.definition?.roleName).sort();
    assert.deepEqual(covering, ['Contributor', 'Reader'], 'inherited from the resource group and the management group');
    assert.ok(inventory.ancestorScopes(web.id).includes(canonicalArmId(mg)));
  });

  it('knows which subscriptions were read completely', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const dev = t.subscription('dev');
    t.gap({ source: 'resources', scope: dev.scope, reason: '403 AuthorizationFailed', status: 403 });
    const inventory = buildInventory(t.build());
    assert.equal(inventory.coverage.complete, false);
    assert.ok(inventory.coverage.readableSubscriptions.has(prod.subscriptionId.toLowerCase()));
    assert.ok(!inventory.coverage.readableSubscriptions.has(dev.subscriptionId.toLowerCase()));
    assert.equal(inventory.coverage.isComplete('resources', `${dev.scope}/resourceGroups/rg`), false);
    assert.equal(inventory.coverage.isComplete('resources', prod.scope), true);
    assert.equal(inventory.coverage.isComplete('roleAssignments'), true);
  });
});
