import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildInventory } from '../../src/inventory/build.js';
import { canonicalArmId } from '../../src/azure/ids.js';
import { validateSnapshot } from '../../src/snapshot/read.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

// ARM id parsing itself is tested in test/unit/azure-ids.test.ts.
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

describe('identity hosts at any scope', () => {
  it('makes a workload of a policy assignment system identity, at management-group, subscription and resource-group scope', () => {
    const t = new TenantBuilder();
    const mg = t.managementGroup('platform');
    const prod = t.subscription('prod', { managementGroup: mg });
    const atGroup = t.policyAssignment({ name: 'deploy-diag', scope: mg, systemAssigned: true });
    const atSub = t.policyAssignment({ name: 'inherit-tag', displayName: 'Inherit a tag', scope: prod.scope, systemAssigned: true });
    const atRg = t.policyAssignment({ name: 'audit', scope: t.resourceGroupScope(prod, 'rg-app'), systemAssigned: true });
    const inventory = buildInventory(t.build());
    const group = inventory.workloadByPrincipal(atGroup.identity?.principalId ?? '');
    assert.equal(group?.kind, 'systemAssignedIdentity');
    assert.equal(group?.subscriptionId, undefined);
    assert.equal(group?.hostPolicyAssignment?.scopeLevel, 'managementGroup');
    const sub = inventory.workloadByPrincipal(atSub.identity?.principalId ?? '');
    assert.equal(sub?.displayName, 'Inherit a tag');
    assert.equal(sub?.subscriptionId, prod.subscriptionId.toLowerCase());
    assert.equal(inventory.workloadByPrincipal(atRg.identity?.principalId ?? '')?.resourceGroup, 'rg-app');
    assert.equal(inventory.policyAssignment(atSub.id.toUpperCase())?.name, 'inherit-tag');
  });

  it('indexes the user-assigned identity of a policy assignment, case-insensitively', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const remediation = t.uami({ name: 'id-remediation', subscription: prod });
    const assignment = t.policyAssignment({ name: 'deploy-diag', scope: prod.scope, userAssigned: remediation });
    const inventory = buildInventory(t.build());
    assert.deepEqual(inventory.policyAssignmentsUsing(remediation.id.toLowerCase()).map((entry) => entry.id), [assignment.id]);
    assert.equal(inventory.policyAssignment(assignment.id)?.systemPrincipalId, undefined);
  });

  it('judges a managed-identity service principal with a grant but no host, and ignores one that holds nothing', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const hostId = `${prod.scope}/resourcegroups/rg/providers/Microsoft.Web/sites/func-gone`;
    t.raw.servicePrincipals.push(
      { id: 'AAAAAAAA-0000-4000-8000-000000000001', appId: 'aaaaaaaa-0000-4000-8000-0000000000a1', displayName: 'func-gone', servicePrincipalType: 'ManagedIdentity', alternativeNames: ['isExplicit=False', hostId] },
      { id: 'aaaaaaaa-0000-4000-8000-000000000002', appId: 'aaaaaaaa-0000-4000-8000-0000000000a2', displayName: 'idle', servicePrincipalType: 'ManagedIdentity', alternativeNames: ['isExplicit=True', `${prod.scope}/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/idle`] },
    );
    t.assign({ principalId: 'AAAAAAAA-0000-4000-8000-000000000001', principalType: 'ServicePrincipal' }, 'Reader', prod.scope);
    const inventory = buildInventory(t.build());
    const ghost = inventory.workloadByPrincipal('aaaaaaaa-0000-4000-8000-000000000001');
    assert.deepEqual(ghost?.hostNotFound, { hostId });
    assert.equal(ghost?.ref.kind, 'servicePrincipal');
    assert.equal(ghost?.kind, 'systemAssignedIdentity');
    assert.equal(ghost?.resourceGroup, 'rg');
    assert.equal(inventory.workloadByPrincipal('aaaaaaaa-0000-4000-8000-000000000002'), undefined);
  });

  it('reads snapshots written before policy assignments existed', () => {
    const snapshot: Record<string, unknown> = { ...new TenantBuilder().build() };
    delete snapshot['policyAssignments'];
    const inventory = buildInventory(validateSnapshot(snapshot, 'old snapshot'));
    assert.deepEqual(inventory.policyAssignments, []);
  });
});

describe('coverage: absence needs a recorded read', () => {
  it('counts a scope as read only with a read record at it or its subscription, and no gap', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const dev = t.subscription('dev');
    t.gap({ source: 'policyAssignments', scope: dev.scope, reason: '403 AuthorizationFailed' });
    const snapshot = t.build();
    snapshot.coverage.read = snapshot.coverage.read.filter((entry) => !(entry.source === 'resources' && entry.scope === dev.scope));
    const inventory = buildInventory(snapshot);
    assert.equal(inventory.coverage.wasRead('resources', `${prod.scope}/resourceGroups/rg`), true);
    assert.equal(inventory.coverage.wasRead('resources', dev.scope), false, 'no gap, but no read either');
    assert.equal(inventory.coverage.wasRead('policyAssignments', dev.scope), false, 'a gap wins over a read');
    assert.equal(inventory.coverage.wasRead('policyAssignments', '/providers/Microsoft.Management/managementGroups/x'), false);
    assert.equal(inventory.coverage.wasRead('servicePrincipals', 'tenant'), true);
    assert.deepEqual([...inventory.coverage.readableSubscriptions], [prod.subscriptionId.toLowerCase()]);
  });
});

describe('inventory copies of snapshot objects', () => {
  // The inventory names every field when it copies role assignments, resources and federated credentials (one
  // hidden class for all copies): a field added to the snapshot schema must be added there too, or it is lost.
  it('keep every field of the snapshot object, with the same value', async () => {
    const { readSnapshotFile } = await import('../../src/snapshot/read.js');
    const { DEMO_SNAPSHOT_PATH } = await import('../../src/core/paths.js');
    const snapshot = await readSnapshotFile(DEMO_SNAPSHOT_PATH);
    const inventory = buildInventory(snapshot);
    const pairs: [string, readonly object[], readonly object[]][] = [
      ['roleAssignments', snapshot.roleAssignments, inventory.roleAssignments],
      ['resources', snapshot.resources, inventory.resources],
      ['federatedIdentityCredentials', snapshot.federatedIdentityCredentials, inventory.federatedCredentials],
    ];
    for (const [name, originals, copies] of pairs) {
      assert.ok(originals.length > 0, `the demo has ${name}`);
      originals.forEach((original, index) => {
        const copy = copies[index] as Record<string, unknown>;
        for (const [key, value] of Object.entries(original)) assert.deepEqual(copy[key], value, `${name}[${index}].${key}`);
      });
    }
    // A field the schema gains on every kind of object shows up here: the schema keys are the copied keys.
    const { snapshotSchema } = await import('../../src/snapshot/schema.js');
    const shape = snapshotSchema.shape;
    const keysOf = (field: 'roleAssignments' | 'resources' | 'federatedIdentityCredentials'): string[] =>
      Object.keys((shape[field].element as unknown as { shape: Record<string, unknown> }).shape).sort();
    const copiedKeys = (items: readonly object[]): string[] => Object.keys(items[0] ?? {}).sort();
    const extra = { roleAssignments: ['definition', 'ref', 'roleDefinitionGuid', 'scopeLevel'], resources: ['attachedIdentityIds', 'hasSystemAssignedIdentity', 'ref'], federatedIdentityCredentials: ['ownerKey', 'ref'] };
    assert.deepEqual(copiedKeys(inventory.roleAssignments), [...keysOf('roleAssignments'), ...extra.roleAssignments].sort());
    assert.deepEqual(copiedKeys(inventory.resources), [...keysOf('resources'), ...extra.resources].sort());
    assert.deepEqual(copiedKeys(inventory.federatedCredentials), [...keysOf('federatedIdentityCredentials'), ...extra.federatedIdentityCredentials].sort());
  });
});
