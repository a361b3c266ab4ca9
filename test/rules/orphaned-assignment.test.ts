import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/orphaned-assignment.js';
import { about, runRule } from '../helpers/rule-harness.js';
import { TenantBuilder, asPrincipal, guid } from '../helpers/tenant-builder.js';

describe('orphaned-assignment', () => {
  it('fires low for a narrow, non-granting role held by a deleted principal', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.assignDeleted('ServicePrincipal', 'Storage Blob Data Reader', t.resourceGroupScope(prod, 'rg-data'), 'old-identity');
    const finding = about(runRule(rule, t), id)[0];
    assert.equal(finding?.severity, 'low');
    assert.equal(finding?.subject.kind, 'roleAssignment');
    assert.ok(finding?.related.some((ref) => ref.relation === 'deletedPrincipal' && ref.id === guid('deleted:old-identity') && ref.kind === 'servicePrincipal'));
    assert.ok(finding?.related.some((ref) => ref.relation === 'role' && ref.displayName === 'Storage Blob Data Reader'));
    assert.ok(finding?.related.some((ref) => ref.relation === 'scope'));
  });

  it('fires medium when the role can grant access or the scope is broad', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const rg = t.resourceGroupScope(prod, 'rg-app');
    const granting = t.assignDeleted('User', 'User Access Administrator', rg, 'leaver');
    const broad = t.assignDeleted('Group', 'Reader', prod.scope, 'old-group');
    const findings = runRule(rule, t);
    assert.equal(about(findings, granting)[0]?.severity, 'medium');
    assert.equal(about(findings, broad)[0]?.severity, 'medium');
    assert.equal(about(findings, granting)[0]?.related.find((ref) => ref.relation === 'deletedPrincipal')?.kind, 'user');
  });

  it('fires for principalType Unknown when Graph did not resolve the principal', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.assign({ principalId: guid('ghost'), principalType: 'Unknown' }, 'Reader', t.resourceGroupScope(prod, 'rg-x'));
    const finding = about(runRule(rule, t), id)[0];
    assert.equal(finding?.evidence['reason'], 'principalType Unknown');
  });

  it('stays silent inside the 60-minute grace period, measured from the snapshot time', () => {
    const t = new TenantBuilder({ collectedAt: '2026-11-20T09:00:00Z' });
    const prod = t.subscription('prod');
    const scope = t.resourceGroupScope(prod, 'rg-new');
    const principalId = guid('deleted:fresh');
    t.raw.unresolvedPrincipalIds.push(principalId);
    t.assign({ principalId, principalType: 'User' }, 'Reader', scope, { createdOn: '2026-11-20T08:15:00Z' });
    const old = t.assign({ principalId, principalType: 'User' }, 'Contributor', scope, { createdOn: '2026-11-20T07:59:00Z' });
    const findings = runRule(rule, t);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.subject.id, old);
  });

  it('stays silent for existing users, groups and identities, and for foreign groups', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ok', subscription: prod });
    t.assign(id, 'Reader', prod.scope);
    t.assign(asPrincipal(t.user('Alice')), 'Owner', prod.scope);
    t.assign(asPrincipal(t.group('ops')), 'Contributor', prod.scope);
    const foreign = guid('foreign-group');
    t.raw.unresolvedPrincipalIds.push(foreign);
    t.assign({ principalId: foreign, principalType: 'ForeignGroup' }, 'Reader', prod.scope);
    const alice = t.user('Alice Unknown');
    t.assign({ principalId: alice.id, principalType: 'Unknown' }, 'Reader', prod.scope);
    assert.deepEqual(runRule(rule, t), []);
  });
});
