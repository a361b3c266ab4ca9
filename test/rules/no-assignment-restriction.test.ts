import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/no-assignment-restriction.js';
import type { SnapshotUserAssignedIdentity } from '../../src/snapshot/schema.js';
import { about, runRule } from '../helpers/rule-harness.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

function restrict(t: TenantBuilder, identity: SnapshotUserAssignedIdentity, value: { providers: string[] } | null): void {
  const raw = t.raw.userAssignedIdentities.find((candidate) => candidate.id === identity.id);
  if (raw === undefined) throw new Error('identity not found');
  raw.assignmentRestrictions = value;
}

describe('no-assignment-restriction', () => {
  it('fires low for a T0/T1 identity with an empty provider list, naming grants and hosts and suggesting providers', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const deploy = t.uami({ name: 'id-deploy', subscription: prod });
    const app = t.resource({ type: 'Microsoft.Web/sites', name: 'app-1', subscription: prod, userAssigned: [deploy] });
    t.assign(deploy, 'Website Contributor', t.resourceGroupScope(prod, 'rg-workloads'));
    restrict(t, deploy, { providers: [] });
    const findings = about(runRule(rule, t), deploy.id);
    assert.equal(findings.length, 1);
    const finding = findings[0];
    assert.equal(finding?.severity, 'low');
    assert.equal(finding?.evidence['privilegeTier'], 'T1');
    assert.equal(finding?.evidence['assignmentRestrictions'], 'providers: []');
    assert.deepEqual(finding?.evidence['attachedProviders'], ['Microsoft.Web']);
    assert.match(finding?.remediation ?? '', /"providers": \["Microsoft\.Web"\]/);
    assert.ok(finding?.related.some((ref) => ref.relation === 'roleAssignment' && ref.displayName?.startsWith('Website Contributor')));
    assert.ok(finding?.related.some((ref) => ref.relation === 'attachedTo' && ref.id === app.id));
  });

  it('fires for an explicit null and for a list of blank strings', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const owner = t.uami({ name: 'id-owner', subscription: prod });
    t.assign(owner, 'Owner', prod.scope);
    restrict(t, owner, null);
    const blank = t.uami({ name: 'id-blank', subscription: prod });
    t.assign(blank, 'Owner', prod.scope);
    restrict(t, blank, { providers: [' '] });
    const findings = runRule(rule, t);
    assert.equal(about(findings, owner.id)[0]?.evidence['assignmentRestrictions'], 'null');
    assert.equal(about(findings, owner.id)[0]?.evidence['privilegeTier'], 'T0');
    assert.equal(about(findings, blank.id).length, 1);
  });

  it('stays silent when the field was not read, when providers are set, and for T2/T3 identities', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const unknown = t.uami({ name: 'id-unknown', subscription: prod });
    t.assign(unknown, 'Owner', prod.scope);
    const restricted = t.uami({ name: 'id-restricted', subscription: prod });
    t.assign(restricted, 'Owner', prod.scope);
    restrict(t, restricted, { providers: ['Microsoft.Web'] });
    const reader = t.uami({ name: 'id-reader', subscription: prod });
    t.assign(reader, 'Storage Blob Data Reader', prod.scope);
    restrict(t, reader, { providers: [] });
    const idle = t.uami({ name: 'id-idle', subscription: prod });
    restrict(t, idle, null);
    assert.deepEqual(runRule(rule, t), []);
  });
});
