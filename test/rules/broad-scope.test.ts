import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/broad-scope.js';
import { about, runRule } from '../helpers/rule-harness.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

describe('broad-scope', () => {
  it('fires for Contributor at subscription (high) and management group (critical) scope', () => {
    const t = new TenantBuilder();
    const mg = t.managementGroup('landing-zones');
    const prod = t.subscription('prod', { managementGroup: mg });
    const sub = t.uami({ name: 'id-sub', subscription: prod });
    const group = t.uami({ name: 'id-mg', subscription: prod });
    t.assign(sub, 'Contributor', prod.scope);
    t.assign(group, 'Website Contributor', mg);
    const findings = runRule(rule, t);
    assert.equal(about(findings, sub.id)[0]?.severity, 'high');
    assert.equal(about(findings, sub.id)[0]?.evidence['identityTakeover'], true);
    assert.equal(about(findings, sub.id)[0]?.remediation, rule.meta.fix, 'no policy-specific fix for an ordinary identity');
    assert.equal(about(findings, group.id)[0]?.severity, 'critical');
    assert.ok(about(findings, sub.id)[0]?.related.some((ref) => ref.relation === 'role' && ref.displayName === 'Contributor'));
  });

  it('fires at the root scope and for a write-capable custom role at subscription scope', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const rootId = t.uami({ name: 'id-root', subscription: prod });
    const customId = t.uami({ name: 'id-custom', subscription: prod });
    t.assign(rootId, 'Storage Account Contributor', '/');
    const vmRestarter = t.customRole({ roleName: 'VM restarter', actions: ['Microsoft.Compute/virtualMachines/restart/action'], assignableScopes: [prod.scope] });
    t.assign(customId, vmRestarter, prod.scope);
    const findings = runRule(rule, t);
    assert.equal(about(findings, rootId.id)[0]?.severity, 'critical');
    assert.equal(about(findings, customId.id)[0]?.severity, 'high');
  });

  it('matches ARM ids case-insensitively when judging scope level', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-sub', subscription: prod });
    t.assign(id, 'Contributor', prod.scope.toUpperCase().replace('SUBSCRIPTIONS', 'subscriptions'));
    assert.equal(runRule(rule, t).length, 1);
  });

  it('stays silent for Contributor on a resource group or resource, Reader anywhere, and roles that grant access', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-app', subscription: prod });
    t.assign(id, 'Contributor', t.resourceGroupScope(prod, 'rg-app'));
    t.assign(id, 'Contributor', `${t.resourceGroupScope(prod, 'rg-app')}/providers/Microsoft.Web/sites/web-1`);
    t.assign(id, 'Reader', prod.scope);
    t.assign(id, 'Reader', '/');
    t.assign(id, 'Owner', prod.scope); // privileged-role reports it
    assert.deepEqual(runRule(rule, t), []);
  });

  it('stays silent for roles whose only non-read actions are incidental (support tickets, provider registration)', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-metrics', subscription: prod });
    t.assign(id, 'Monitoring Metrics Publisher', prod.scope);
    const ticketOpener = t.customRole({
      roleName: 'Support ticket opener',
      actions: ['*/read', 'Microsoft.Support/*', 'Microsoft.Resources/deployments/*'],
      assignableScopes: [prod.scope],
    });
    t.assign(id, ticketOpener, prod.scope);
    assert.deepEqual(runRule(rule, t), []);
  });

  describe('identities whatever hosts them', () => {
    it('fires for the system-assigned identity of a policy assignment with Contributor on its subscription (field case: Azure/azure-policy#1290)', () => {
      const t = new TenantBuilder();
      const prod = t.subscription('prod');
      const policy = t.policyAssignment({ name: 'inherit-costcenter-tag', displayName: 'Inherit the costcenter tag', scope: prod.scope, systemAssigned: true });
      t.assign(policy, 'Contributor', prod.scope);
      const [finding, ...rest] = about(runRule(rule, t), policy.id);
      assert.equal(rest.length, 0);
      assert.equal(finding?.severity, 'high');
      assert.equal(finding?.subject.kind, 'systemAssignedIdentity');
      assert.match(finding?.message ?? '', /^System-assigned identity of policy assignment 'Inherit the costcenter tag' holds Contributor on subscription 'prod'\.$/);
      assert.match(finding?.remediation ?? '', /roleDefinitionIds.*Tag Contributor replaces Contributor/);
    });

    it('fires for a user-assigned identity used by a management-group policy assignment', () => {
      const t = new TenantBuilder();
      const mg = t.managementGroup('landing-zones');
      const prod = t.subscription('prod', { managementGroup: mg });
      const remediation = t.uami({ name: 'id-policy-remediation', subscription: prod });
      t.policyAssignment({ name: 'deploy-diagnostics', scope: mg, userAssigned: remediation });
      t.assign(remediation, 'Contributor', mg);
      const [finding] = about(runRule(rule, t), remediation.id);
      assert.equal(finding?.severity, 'critical');
      assert.match(finding?.remediation ?? '', /Azure Policy assignment/);
    });

    it('fires for a managed-identity service principal whose host was not found, and says so', () => {
      const t = new TenantBuilder();
      const prod = t.subscription('prod');
      const hostId = `${prod.scope}/providers/Microsoft.Authorization/policyAssignments/inherit-costcenter-tag`;
      const spId = '6a1f3c2e-0d4b-4e5f-9a8b-7c6d5e4f3a2b';
      t.raw.servicePrincipals.push({ id: spId, appId: '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9', displayName: 'inherit-costcenter-tag', servicePrincipalType: 'ManagedIdentity', alternativeNames: ['isExplicit=False', hostId] });
      t.assign({ principalId: spId, principalType: 'ServicePrincipal' }, 'Contributor', prod.scope);
      const [finding] = about(runRule(rule, t), spId);
      assert.equal(finding?.subject.kind, 'servicePrincipal');
      assert.equal(finding?.subject.principalId, spId);
      assert.match(finding?.message ?? '', /System-assigned managed identity 'inherit-costcenter-tag' \(host not found in the scanned scopes\) holds Contributor/);
      assert.match(finding?.remediation ?? '', /Azure Policy assignment/, 'the host id tells it is a policy identity even uncollected');
    });

    it('stays silent for a policy identity that holds a narrow role, and for a managed identity that holds nothing', () => {
      const t = new TenantBuilder();
      const prod = t.subscription('prod');
      const policy = t.policyAssignment({ name: 'inherit-tag', scope: prod.scope, systemAssigned: true });
      t.assign(policy, 'Website Contributor', t.resourceGroupScope(prod, 'rg-app'));
      t.raw.servicePrincipals.push({ id: '0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f', appId: '5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716', displayName: 'idle', servicePrincipalType: 'ManagedIdentity', alternativeNames: ['isExplicit=False', `${prod.scope}/providers/Microsoft.Authorization/policyAssignments/idle`] });
      assert.deepEqual(runRule(rule, t), []);
    });
  });
});
