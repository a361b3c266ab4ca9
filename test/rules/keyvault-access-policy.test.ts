import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/keyvault-access-policy.js';
import type { SnapshotKeyVaultAccessPolicy } from '../../src/snapshot/schema.js';
import { about, runRule } from '../helpers/rule-harness.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

function policy(tenantId: string, objectId: string, permissions: SnapshotKeyVaultAccessPolicy['permissions']): SnapshotKeyVaultAccessPolicy {
  return { tenantId, objectId, permissions };
}

describe('keyvault-access-policy', () => {
  it('fires high for set/delete/purge on secrets and names the vault', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-rotator', subscription: prod });
    const vault = t.resource({
      type: 'Microsoft.KeyVault/vaults',
      name: 'kv-legacy',
      subscription: prod,
      keyVault: { enableRbacAuthorization: false, accessPolicies: [policy(t.tenantId, id.principalId, { secrets: ['Get', 'List', 'Set', 'Delete', 'Purge'] })] },
    });
    const [finding, ...rest] = runRule(rule, t);
    assert.equal(rest.length, 0);
    assert.equal(finding?.subject.id, id.id);
    assert.equal(finding?.severity, 'high');
    assert.deepEqual(finding?.evidence['beyondGetList'], ['secrets:Set', 'secrets:Delete', 'secrets:Purge']);
    assert.deepEqual(finding?.related, [{ relation: 'keyVault', kind: 'resource', id: vault.id, displayName: 'kv-legacy' }]);
  });

  it("fires high for 'all' and backup, medium for key use only, for system-assigned identities and federated apps", () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const web = t.resource({ type: 'Microsoft.Web/sites', name: 'app-crypto', subscription: prod, systemAssigned: true });
    const app = t.application({ displayName: 'gh-cert-renewal' });
    t.fic(app, { name: 'main', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:c/certs:environment:prod' });
    const appSp = t.raw.servicePrincipals.find((sp) => sp.appId === app.appId);
    assert.ok(appSp !== undefined);
    const uami = t.uami({ name: 'id-backup', subscription: prod });
    t.resource({
      type: 'Microsoft.KeyVault/vaults',
      name: 'kv-mixed',
      subscription: prod,
      keyVault: {
        enableRbacAuthorization: false,
        accessPolicies: [
          policy(t.tenantId, web.identity?.principalId ?? '', { keys: ['get', 'wrapKey', 'unwrapKey'] }),
          policy(t.tenantId, appSp.id, { certificates: ['all'] }),
          policy(t.tenantId, uami.principalId, { keys: ['list', 'backup'] }),
        ],
      },
    });
    const findings = runRule(rule, t);
    assert.equal(about(findings, web.id)[0]?.severity, 'medium');
    assert.equal(about(findings, web.id)[0]?.subject.kind, 'systemAssignedIdentity');
    assert.equal(about(findings, app.id)[0]?.severity, 'high');
    assert.equal(about(findings, uami.id)[0]?.severity, 'high');
  });

  it('stays silent for get/list-only policies, vaults on the RBAC model and policies for non-workload principals', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const reader = t.uami({ name: 'id-reader', subscription: prod });
    const writer = t.uami({ name: 'id-writer', subscription: prod });
    t.resource({
      type: 'Microsoft.KeyVault/vaults',
      name: 'kv-readonly',
      subscription: prod,
      keyVault: {
        enableRbacAuthorization: false,
        accessPolicies: [
          policy(t.tenantId, reader.principalId, { secrets: ['Get', 'List'], certificates: ['get', 'list', 'getissuers', 'listissuers'], keys: [] }),
          policy(t.tenantId, t.user('Alice').id, { secrets: ['all'] }),
        ],
      },
    });
    t.resource({
      type: 'Microsoft.KeyVault/vaults',
      name: 'kv-rbac',
      subscription: prod,
      keyVault: { enableRbacAuthorization: true, accessPolicies: [policy(t.tenantId, writer.principalId, { secrets: ['all'] })] },
    });
    assert.deepEqual(runRule(rule, t), []);
  });
});
