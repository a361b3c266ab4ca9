import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/custom-role-wildcard.js';
import { about, runRule } from '../helpers/rule-harness.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

describe('custom-role-wildcard', () => {
  it('grades a provider-wide write wildcard medium on a resource group and high at subscription scope', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const narrow = t.uami({ name: 'id-narrow', subscription: prod });
    const broad = t.uami({ name: 'id-broad', subscription: prod });
    const vmOperator = t.customRole({ roleName: 'VM operator', actions: ['Microsoft.Compute/*', '*/read'], assignableScopes: [prod.scope] });
    t.assign(narrow, vmOperator, t.resourceGroupScope(prod, 'rg-vms'));
    t.assign(broad, vmOperator, prod.scope);
    const findings = runRule(rule, t);
    const narrowFinding = about(findings, narrow.id)[0];
    assert.equal(narrowFinding?.severity, 'medium');
    assert.deepEqual(narrowFinding?.evidence['wildcardActions'], ['Microsoft.Compute/*']);
    assert.ok(narrowFinding?.related.some((ref) => ref.relation === 'role' && ref.displayName === 'VM operator'));
    assert.ok(narrowFinding?.related.some((ref) => ref.relation === 'scope' && ref.id === t.resourceGroupScope(prod, 'rg-vms')));
    assert.equal(about(findings, broad.id)[0]?.severity, 'high');
  });

  it('grades roles that can grant access, or a bare *, high on a resource group and critical at broad scope', () => {
    const t = new TenantBuilder();
    const mg = t.managementGroup('platform');
    const prod = t.subscription('prod', { managementGroup: mg });
    const granterRg = t.uami({ name: 'id-granter-rg', subscription: prod });
    const granterMg = t.uami({ name: 'id-granter-mg', subscription: prod });
    const starRg = t.uami({ name: 'id-star-rg', subscription: prod });
    const authWriter = t.customRole({ roleName: 'Auth writer', actions: ['Microsoft.Authorization/*/write'], assignableScopes: [mg] });
    const everything = t.customRole({ roleName: 'Everything', actions: ['*'], notActions: ['Microsoft.Authorization/*'], assignableScopes: [prod.scope] });
    t.assign(granterRg, authWriter, t.resourceGroupScope(prod, 'rg-app'));
    t.assign(granterMg, authWriter, mg);
    t.assign(starRg, everything, t.resourceGroupScope(prod, 'rg-app'));
    const findings = runRule(rule, t);
    assert.equal(about(findings, granterRg.id)[0]?.severity, 'high');
    assert.equal(about(findings, granterRg.id)[0]?.evidence['canEscalate'], true);
    assert.equal(about(findings, granterMg.id)[0]?.severity, 'critical');
    assert.equal(about(findings, starRg.id)[0]?.severity, 'high');
    assert.equal(about(findings, starRg.id)[0]?.evidence['canEscalate'], false);
  });

  it('fires for */action, */delete and write wildcards in dataActions', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ops', subscription: prod });
    const actor = t.customRole({ roleName: 'Actor', actions: ['*/action'], assignableScopes: [prod.scope] });
    const deleter = t.customRole({ roleName: 'Deleter', actions: ['Microsoft.Storage/*/delete'], assignableScopes: [prod.scope] });
    const blobs = t.customRole({ roleName: 'Blob writer', actions: [], dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*'], assignableScopes: [prod.scope] });
    const rg = t.resourceGroupScope(prod, 'rg-ops');
    t.assign(id, actor, rg);
    t.assign(id, deleter, rg);
    t.assign(id, blobs, rg);
    const findings = about(runRule(rule, t), id.id);
    assert.equal(findings.length, 3, 'one finding per assignment');
    assert.deepEqual(
      findings.find((finding) => finding.evidence['roleName'] === 'Blob writer')?.evidence['wildcardDataActions'],
      ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*'],
    );
  });

  it('stays silent for read-only and incidental wildcards, explicit action lists, removed wildcards and built-in roles', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-auditor', subscription: prod });
    const auditor = t.customRole({
      roleName: 'Auditor',
      actions: ['Microsoft.Authorization/*/read', '*/read', 'Microsoft.Support/*'],
      dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*/read'],
      assignableScopes: [prod.scope],
    });
    const explicit = t.customRole({ roleName: 'VM restarter', actions: ['Microsoft.Compute/virtualMachines/restart/action'], assignableScopes: [prod.scope] });
    const removed = t.customRole({ roleName: 'Removed', actions: ['Microsoft.Network/*'], notActions: ['Microsoft.Network/*'], assignableScopes: [prod.scope] });
    t.assign(id, auditor, prod.scope);
    t.assign(id, explicit, prod.scope);
    t.assign(id, removed, prod.scope);
    t.assign(id, 'Contributor', prod.scope);
    t.assign(id, 'Owner', prod.scope);
    assert.deepEqual(runRule(rule, t), []);
  });

  it('stays silent when the wildcard role is held by a user rather than a workload identity', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const wide = t.customRole({ roleName: 'Wide', actions: ['*'], assignableScopes: [prod.scope] });
    t.assign({ principalId: t.user('Bob').id, principalType: 'User' }, wide, prod.scope);
    assert.deepEqual(runRule(rule, t), []);
  });
});
