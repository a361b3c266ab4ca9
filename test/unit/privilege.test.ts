import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildInventory } from '../../src/inventory/build.js';
import { privilegeOf } from '../../src/rules/util/privilege.js';
import type { BuiltinRoleName } from '../helpers/builtin-roles.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

function tierOf(role: BuiltinRoleName, scope: 'subscription' | 'resourceGroup' | 'resource'): number {
  const t = new TenantBuilder();
  const prod = t.subscription('prod');
  const id = t.uami({ name: 'id', subscription: prod });
  const rg = t.resourceGroupScope(prod, 'rg');
  t.assign(id, role, scope === 'subscription' ? prod.scope : scope === 'resourceGroup' ? rg : `${rg}/providers/Microsoft.Storage/storageAccounts/st`);
  return privilegeOf(buildInventory(t.build()), id.principalId).tier;
}

describe('privilege tier (rules-kb §G.0)', () => {
  it('T0: can grant access anywhere, or Contributor / identity takeover at broad scope', () => {
    assert.equal(tierOf('Owner', 'resource'), 0);
    assert.equal(tierOf('Role Based Access Control Administrator', 'resourceGroup'), 0);
    assert.equal(tierOf('Contributor', 'subscription'), 0);
    assert.equal(tierOf('Managed Identity Operator', 'subscription'), 0);
  });

  it('T1: write-capable control or data plane', () => {
    assert.equal(tierOf('Contributor', 'resourceGroup'), 1);
    assert.equal(tierOf('Storage Blob Data Contributor', 'resource'), 1);
    assert.equal(tierOf('AcrPush', 'resource'), 1);
  });

  it('T2: read-only data access, including read-like actions such as getSecret', () => {
    assert.equal(tierOf('Storage Blob Data Reader', 'resource'), 2);
    assert.equal(tierOf('Key Vault Secrets User', 'resource'), 2);
  });

  it('T3: metadata reads only, or nothing', () => {
    assert.equal(tierOf('Reader', 'subscription'), 3);
    assert.equal(tierOf('AcrPull', 'resource'), 3);
  });

  it('Graph tier-0 permissions and privileged Entra roles are T0', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const graph = t.uami({ name: 'graph', subscription: prod });
    const entra = t.uami({ name: 'entra', subscription: prod });
    const reader = t.uami({ name: 'reader', subscription: prod });
    t.graphPermission(graph, 'AppRoleAssignment.ReadWrite.All');
    t.directoryRole(entra, 'Application Administrator');
    t.directoryRole(reader, 'Directory Readers');
    const inventory = buildInventory(t.build());
    assert.equal(privilegeOf(inventory, graph.principalId).tier, 0);
    assert.equal(privilegeOf(inventory, entra.principalId).tier, 0);
    assert.equal(privilegeOf(inventory, reader.principalId).tier, 3);
  });
});
