import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/keyvault-policy-client-id.js';
import type { SnapshotKeyVaultAccessPolicy } from '../../src/snapshot/schema.js';
import { about, runRule } from '../helpers/rule-harness.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

function vaultWith(t: TenantBuilder, name: string, enableRbacAuthorization: boolean, accessPolicies: SnapshotKeyVaultAccessPolicy[]): void {
  t.resource({ type: 'Microsoft.KeyVault/vaults', name, subscription: t.subscription(`sub-${name}`), keyVault: { enableRbacAuthorization, accessPolicies } });
}

describe('keyvault-policy-client-id', () => {
  it('fires when an access policy names a user-assigned identity by its client id, with the object id in the fix', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const reader = t.uami({ name: 'id-reader', subscription: prod });
    vaultWith(t, 'kv-app', false, [{ tenantId: t.tenantId, objectId: reader.clientId.toUpperCase(), permissions: { secrets: ['get', 'list'] } }]);
    const [finding, ...rest] = about(runRule(rule, t), reader.id);
    assert.equal(rest.length, 0);
    assert.equal(finding?.category, 'keyvault-access-policy');
    assert.equal(finding?.severity, 'low');
    assert.match(finding?.message ?? '', /names [0-9A-F-]+, the client id of User-assigned identity 'id-reader', not its object id/);
    assert.ok(finding?.remediation.includes(reader.principalId), 'the fix names the object id to use');
    assert.deepEqual(finding?.evidence['intendedPermissions'], ['get', 'list']);
  });

  it('fires for the client id of a system-assigned identity too', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const site = t.resource({ type: 'Microsoft.Web/sites', name: 'app-web', subscription: prod, systemAssigned: true });
    const sp = t.raw.servicePrincipals.find((candidate) => candidate.id === site.identity?.principalId);
    assert.ok(sp !== undefined);
    vaultWith(t, 'kv-web', false, [{ tenantId: t.tenantId, objectId: sp.appId, permissions: { secrets: ['get'] } }]);
    assert.equal(about(runRule(rule, t), site.id).length, 1);
  });

  it('stays silent for object ids, unknown ids, and vaults on the RBAC permission model', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const reader = t.uami({ name: 'id-reader', subscription: prod });
    vaultWith(t, 'kv-right', false, [
      { tenantId: t.tenantId, objectId: reader.principalId, permissions: { secrets: ['get'] } },
      { tenantId: t.tenantId, objectId: '00000000-1111-4222-8333-444444444444', permissions: { secrets: ['get'] } },
    ]);
    vaultWith(t, 'kv-rbac', true, [{ tenantId: t.tenantId, objectId: reader.clientId, permissions: { secrets: ['get'] } }]);
    assert.deepEqual(runRule(rule, t), []);
  });
});
