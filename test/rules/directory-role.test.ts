import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/directory-role.js';
import { about, runRule } from '../helpers/rule-harness.js';
import { TenantBuilder, guid } from '../helpers/tenant-builder.js';

describe('directory-role', () => {
  it('fires critical for a tier-0 Entra role over the whole directory, for every kind of workload identity', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-identity-ops', subscription: prod });
    const vm = t.resource({ type: 'Microsoft.Compute/virtualMachines', name: 'vm-ops', subscription: prod, systemAssigned: true });
    const app = t.application({ displayName: 'gh-entra-config' });
    t.fic(app, { name: 'main', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:c/entra:environment:prod' });
    t.directoryRole(id, 'User Administrator');
    t.directoryRole(vm, 'Global Administrator');
    t.directoryRole(app, 'Application Administrator');
    const findings = runRule(rule, t);
    assert.equal(findings.length, 3);
    assert.ok(findings.every((finding) => finding.severity === 'critical'));
    const userAdmin = about(findings, id.id)[0];
    assert.ok(userAdmin?.related.some((ref) => ref.relation === 'directoryRole' && ref.displayName === 'User Administrator'));
    assert.ok(userAdmin?.related.some((ref) => ref.relation === 'directoryRoleAssignment'));
    assert.equal(userAdmin?.evidence['azTierTier0'], true);
    assert.equal(about(findings, vm.id)[0]?.subject.kind, 'systemAssignedIdentity');
  });

  it("fires for a role Microsoft marks isPrivileged even when it is not on the AzTier list", () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-attributes', subscription: prod });
    t.directoryRole(id, 'Attribute Assignment Administrator', { isPrivileged: true });
    const [finding] = runRule(rule, t);
    assert.equal(finding?.severity, 'critical');
    assert.equal(finding?.evidence['microsoftPrivileged'], true);
    assert.equal(finding?.evidence['azTierTier0'], false);
  });

  it('lowers the severity by one when the role is scoped to an administrative unit', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-helpdesk-bot', subscription: prod });
    const unit = `/administrativeUnits/${guid('au:contractors')}`;
    t.directoryRole(id, 'Helpdesk Administrator', { directoryScopeId: unit });
    const [finding] = runRule(rule, t);
    assert.equal(finding?.severity, 'high');
    assert.equal(finding?.evidence['scopeKind'], 'administrativeUnit');
    assert.ok(finding?.related.some((ref) => ref.relation === 'directoryScope' && ref.id === unit));
  });

  it('stays silent for Directory Readers, non-privileged roles and human holders', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-reader', subscription: prod });
    t.directoryRole(id, 'Directory Readers');
    t.directoryRole(id, 'Reports Reader', { isPrivileged: false });
    t.directoryRole({ principalId: t.user('Alice').id, principalType: 'User' }, 'Global Administrator');
    assert.deepEqual(runRule(rule, t), []);
  });
});
