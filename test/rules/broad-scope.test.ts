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
});
