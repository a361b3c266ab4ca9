import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/dead-trust.js';
import { about, runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder } from '../helpers/tenant-builder.js';

describe('dead-trust', () => {
  it('fires info for a federated identity that holds nothing, naming its FICs and the blind spots', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const docs = t.uami({ name: 'id-docs-publish', subscription: prod });
    const fic = t.fic(docs, { name: 'docs-main', issuer: GITHUB_ISSUER, subject: 'repo:contoso/docs:ref:refs/heads/main' });
    const findings = about(runRule(rule, t), docs.id);
    assert.equal(findings.length, 1);
    const finding = findings[0];
    assert.equal(finding?.severity, 'info');
    assert.equal(finding?.confidence, 'high');
    assert.match(finding?.message ?? '', /Cosmos DB SQL roles, SQL contained users, Azure DevOps/);
    assert.ok(finding?.related.some((ref) => ref.relation === 'federatedCredential' && ref.id === fic.id && ref.displayName === 'docs-main'));
  });

  it('fires for a single-tenant app registration with FICs and no grants; medium confidence on a partial scan', () => {
    const t = new TenantBuilder({ scope: { kind: 'subscriptions', ids: ['x'] } });
    const app = t.application({ displayName: 'gh-old-pipeline' });
    t.fic(app, { name: 'main', issuer: GITHUB_ISSUER, subject: 'repo:contoso/old:ref:refs/heads/main' });
    const finding = about(runRule(rule, t), app.id)[0];
    assert.equal(finding?.severity, 'info');
    assert.equal(finding?.confidence, 'medium');
  });

  it('stays silent when the identity holds a role, a Graph permission, a directory role or an access policy', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const withRole = t.uami({ name: 'id-role', subscription: prod });
    t.assign(withRole, 'Reader', prod.scope);
    const withGraph = t.uami({ name: 'id-graph', subscription: prod });
    t.graphPermission(withGraph, 'User.Read.All');
    const withDirectory = t.uami({ name: 'id-dir', subscription: prod });
    t.directoryRole(withDirectory, 'Directory Readers');
    const withPolicy = t.uami({ name: 'id-kv', subscription: prod });
    t.resource({
      type: 'Microsoft.KeyVault/vaults',
      name: 'kv-legacy',
      subscription: prod,
      keyVault: { enableRbacAuthorization: false, accessPolicies: [{ tenantId: t.tenantId, objectId: withPolicy.principalId, permissions: { secrets: ['get'] } }] },
    });
    for (const identity of [withRole, withGraph, withDirectory, withPolicy]) t.fic(identity, { name: 'gh', issuer: GITHUB_ISSUER, subject: `repo:contoso/${identity.name}:ref:refs/heads/main` });
    assert.deepEqual(runRule(rule, t), []);
  });

  it('stays silent without FICs, for MI-as-FIC subjects, for multi-tenant apps and for system-assigned identities', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    t.uami({ name: 'id-no-fic', subscription: prod });
    const bridge = t.uami({ name: 'id-bridge', subscription: prod });
    t.fic(bridge, { name: 'gh', issuer: GITHUB_ISSUER, subject: 'repo:contoso/bridge:ref:refs/heads/main' });
    const multi = t.application({ displayName: 'cross-tenant-sync', signInAudience: 'AzureADMultipleOrgs' });
    t.fic(multi, { name: 'mi', issuer: `https://login.microsoftonline.com/${t.tenantId}/v2.0`, subject: bridge.principalId.toUpperCase() });
    t.resource({ type: 'Microsoft.Web/sites', name: 'func-sa', subscription: prod, systemAssigned: true });
    assert.deepEqual(runRule(rule, t), []);
  });
});
