import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/orphaned-system-identity.js';
import type { Finding } from '../../src/engine/types.js';
import { runRule, runRuleOnSnapshot } from '../helpers/rule-harness.js';
import { type SubscriptionHandle, TenantBuilder, guid } from '../helpers/tenant-builder.js';

/** A managed-identity service principal as Graph lists it, with no ARM object behind it. */
function leftoverSp(t: TenantBuilder, label: string, alternativeNames: string[]): { id: string; principalId: string; principalType: string } {
  const id = guid(`leftover-sp:${label}`);
  t.raw.servicePrincipals.push({ id, appId: guid(`leftover-app:${label}`), displayName: label, servicePrincipalType: 'ManagedIdentity', alternativeNames });
  return { id, principalId: id, principalType: 'ServicePrincipal' };
}

function siteId(sub: SubscriptionHandle, name: string): string {
  return `${sub.scope}/resourcegroups/rg-web/providers/Microsoft.Web/sites/${name}`;
}

/** Findings about one leftover service principal (the subject carries it as principalId). */
function about(findings: readonly Finding[], principalId: string): Finding[] {
  return findings.filter((finding) => finding.subject.principalId?.toLowerCase() === principalId.toLowerCase());
}

describe('orphaned-system-identity', () => {
  it('fires medium for a system-assigned SP whose resource is gone from a readable subscription, listing its role assignments', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const storage = t.resource({ type: 'Microsoft.Storage/storageAccounts', name: 'stdata', subscription: prod });
    // ARM id after the flag here; casing differs from any live resource id, order is irrelevant.
    const sp = leftoverSp(t, 'func-old', [siteId(prod, 'func-old'), 'isExplicit=False']);
    const assignmentId = t.assign(sp, 'Storage Blob Data Contributor', storage.id);
    const findings = about(runRule(rule, t), sp.id);
    assert.equal(findings.length, 1);
    const finding = findings[0];
    assert.equal(finding?.severity, 'medium');
    assert.equal(finding?.subject.kind, 'systemAssignedIdentity');
    assert.equal(finding?.subject.id, siteId(prod, 'func-old'));
    assert.equal(finding?.subject.displayName, 'func-old');
    assert.equal(finding?.evidence['variant'], 'system-assigned');
    assert.ok(finding?.related.some((ref) => ref.relation === 'deletedResource' && ref.id === siteId(prod, 'func-old') && ref.displayName === 'func-old'));
    assert.ok(finding?.related.some((ref) => ref.relation === 'staleRoleAssignment' && ref.id === assignmentId && ref.displayName === "Storage Blob Data Contributor on storage account 'stdata'"));
  });

  it('fires low when the leftover holds nothing, and lists Graph permissions it still holds', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const idle = leftoverSp(t, 'vm-old', ['isExplicit=False', `${prod.scope}/resourceGroups/rg-vm/providers/Microsoft.Compute/virtualMachines/vm-old`]);
    const graph = leftoverSp(t, 'logic-old', ['isExplicit=False', `${prod.scope}/resourceGroups/rg-int/providers/Microsoft.Logic/workflows/logic-old`]);
    t.graphPermission(graph, 'User.Read.All');
    const findings = runRule(rule, t);
    assert.equal(about(findings, idle.id)[0]?.severity, 'low');
    const withGraph = about(findings, graph.id)[0];
    assert.equal(withGraph?.severity, 'medium');
    assert.ok(withGraph?.related.some((ref) => ref.relation === 'staleAppRoleAssignment'));
  });

  it('fires when the resource exists but no longer has a system-assigned identity', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const uami = t.uami({ name: 'id-app', subscription: prod });
    const app = t.resource({ type: 'Microsoft.Web/sites', name: 'app-switched', subscription: prod, resourceGroup: 'rg-web', userAssigned: [uami] });
    const sp = leftoverSp(t, 'app-switched', ['isExplicit=False', app.id.toUpperCase()]);
    assert.equal(about(runRule(rule, t), sp.id).length, 1);
  });

  it('fires for a user-assigned SP whose identity is gone or was recreated with another principal', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const goneId = `${prod.scope}/resourcegroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-gone`;
    const gone = leftoverSp(t, 'id-gone', ['isExplicit=True', goneId]);
    const recreated = t.uami({ name: 'id-again', subscription: prod });
    const old = leftoverSp(t, 'id-again', ['isExplicit=True', recreated.id]);
    const findings = runRule(rule, t);
    assert.equal(about(findings, gone.id)[0]?.evidence['variant'], 'user-assigned-deleted');
    const finding = about(findings, old.id)[0];
    assert.equal(finding?.evidence['variant'], 'user-assigned-recreated');
    assert.ok(finding?.related.some((ref) => ref.relation === 'recreatedIdentity' && ref.id === recreated.id));
    assert.equal(finding?.subject.kind, 'userAssignedIdentity');
    assert.equal(about(findings, recreated.principalId).length, 0, 'the live identity is fine');
  });

  it('reports each leftover of an identity recreated twice (one subject id, distinct keys)', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const live = t.uami({ name: 'id-churn', subscription: prod });
    const first = leftoverSp(t, 'id-churn-1', ['isExplicit=True', live.id]);
    const second = leftoverSp(t, 'id-churn-2', ['isExplicit=True', live.id.toLowerCase()]);
    const findings = runRule(rule, t);
    assert.equal(findings.length, 2);
    assert.equal(about(findings, first.id).length, 1);
    assert.equal(about(findings, second.id).length, 1);
  });

  it('stays silent for live identities, unreadable or unscanned subscriptions, unread policy assignments, extensions and unseen child types', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const dev = t.subscription('dev');
    // A snapshot whose policy assignments were not read proves nothing about them.
    t.gap({ source: 'policyAssignments', scope: prod.scope, reason: '403 AuthorizationFailed' });
    t.resource({ type: 'Microsoft.Web/sites', name: 'func-live', subscription: prod, systemAssigned: true });
    t.uami({ name: 'id-live', subscription: prod });
    t.gap({ source: 'resources', scope: dev.scope, reason: '403 AuthorizationFailed' });
    leftoverSp(t, 'in-unreadable', ['isExplicit=False', siteId(dev, 'func-dev')]);
    leftoverSp(t, 'in-unscanned', ['isExplicit=False', `/subscriptions/${guid('other-sub')}/resourceGroups/rg/providers/Microsoft.Web/sites/x`]);
    leftoverSp(t, 'policy', ['isExplicit=False', `${prod.scope}/providers/Microsoft.Authorization/policyAssignments/deploy-diagnostics`]);
    leftoverSp(t, 'policy-rg', ['isExplicit=False', `${prod.scope}/resourceGroups/rg/providers/Microsoft.Authorization/policyAssignments/audit`]);
    leftoverSp(t, 'flux', ['isExplicit=False', `${prod.scope}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks/providers/Microsoft.KubernetesConfiguration/extensions/flux`]);
    leftoverSp(t, 'compute', ['isExplicit=False', `${prod.scope}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ml/computes/cpu`]);
    leftoverSp(t, 'no-flag', [siteId(prod, 'func-noflag')]);
    t.raw.servicePrincipals.push({ id: guid('app-sp'), appId: guid('app-sp-app'), displayName: 'app', servicePrincipalType: 'Application', alternativeNames: ['isExplicit=False', siteId(prod, 'not-an-mi')] });
    assert.deepEqual(runRule(rule, t), []);
  });

  it('judges a child type once the snapshot shows the collection reads that type', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    t.resource({ type: 'Microsoft.Web/sites/slots', name: 'app/staging', subscription: prod, resourceGroup: 'rg-web', systemAssigned: true });
    const sp = leftoverSp(t, 'app/canary', ['isExplicit=False', `${prod.scope}/resourceGroups/rg-web/providers/Microsoft.Web/sites/app/slots/canary`]);
    assert.equal(about(runRule(rule, t), sp.id).length, 1);
  });

  describe('policy assignment identities', () => {
    const policyId = (scope: string, name: string): string => `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}`;

    it('fires when policy assignments were read at the scope and the assignment is gone, naming the assignment and what it still holds', () => {
      const t = new TenantBuilder();
      const prod = t.subscription('prod');
      const sp = leftoverSp(t, 'inherit-tag', ['isExplicit=False', policyId(prod.scope, 'inherit-tag')]);
      t.assign(sp, 'Contributor', prod.scope);
      const [finding, ...rest] = about(runRule(rule, t), sp.id);
      assert.equal(rest.length, 0);
      assert.equal(finding?.evidence['variant'], 'policy-assignment');
      assert.equal(finding?.subject.kind, 'systemAssignedIdentity');
      assert.equal(finding?.severity, 'medium');
      assert.match(finding?.message ?? '', /policy assignment 'inherit-tag'.*no longer exists at subscription 'prod'.*1 role assignment/);
      assert.ok(finding?.related.some((ref) => ref.kind === 'policyAssignment' && ref.relation === 'deletedPolicyAssignment'));
    });

    it('fires for an assignment that now carries another principal (recreated), at management-group scope too', () => {
      const t = new TenantBuilder();
      const root = t.managementGroup('platform');
      t.subscription('prod', { managementGroup: root });
      t.raw.coverage.read.push({ source: 'policyAssignments', scope: root });
      t.policyAssignment({ name: 'deploy-diag', scope: root, systemAssigned: true });
      const old = leftoverSp(t, 'deploy-diag-old', ['isExplicit=False', policyId(root, 'deploy-diag')]);
      const findings = runRule(rule, t);
      assert.deepEqual(findings.map((finding) => finding.subject.principalId), [old.id]);
    });

    it('stays silent for a live assignment, for a management group whose assignments were not read, and under a gap', () => {
      const t = new TenantBuilder();
      const root = t.managementGroup('platform');
      const prod = t.subscription('prod', { managementGroup: root });
      const live = t.policyAssignment({ name: 'inherit-tag', scope: prod.scope, systemAssigned: true });
      t.assign(live, 'Contributor', prod.scope);
      leftoverSp(t, 'mg-unread', ['isExplicit=False', policyId(root, 'audit')]);
      const dev = t.subscription('dev');
      t.gap({ source: 'policyAssignments', scope: dev.scope, reason: '403 AuthorizationFailed' });
      leftoverSp(t, 'dev-gap', ['isExplicit=False', policyId(`${dev.scope}/resourceGroups/rg`, 'audit')]);
      assert.deepEqual(runRule(rule, t), []);
    });
  });

  it('stays silent for a policy assignment identity in a snapshot that predates policy assignments (field case: Azure/azure-policy#1290)', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const sp = leftoverSp(t, 'inherit-costcenter-tag', ['isExplicit=False', `${prod.scope}/providers/Microsoft.Authorization/policyAssignments/inherit-costcenter-tag`]);
    t.assign(sp, 'Contributor', prod.scope);
    const snapshot: Record<string, unknown> & { coverage: { read: { source: string }[] } } = t.build();
    delete snapshot['policyAssignments'];
    snapshot.coverage.read = snapshot.coverage.read.filter((entry) => entry.source !== 'policyAssignments');
    assert.deepEqual(runRuleOnSnapshot(rule, snapshot), []);
  });
});
