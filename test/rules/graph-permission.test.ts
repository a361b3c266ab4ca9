import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/graph-permission.js';
import { about, runRule } from '../helpers/rule-harness.js';
import { TenantBuilder, guid } from '../helpers/tenant-builder.js';

describe('graph-permission', () => {
  it('fires critical for tier-0 permissions and records the path to Global Administrator', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-governance', subscription: prod });
    t.graphPermission(id, 'Application.ReadWrite.All');
    t.graphPermission(id, 'RoleManagement.ReadWrite.Directory');
    const findings = about(runRule(rule, t), id.id);
    assert.equal(findings.length, 2);
    assert.ok(findings.every((finding) => finding.severity === 'critical'));
    const direct = findings.find((finding) => finding.evidence['permission'] === 'RoleManagement.ReadWrite.Directory');
    assert.equal(direct?.evidence['pathToGlobalAdmin'], 'direct');
    const indirect = findings.find((finding) => finding.evidence['permission'] === 'Application.ReadWrite.All');
    assert.equal(indirect?.evidence['pathToGlobalAdmin'], 'indirect');
    assert.ok(indirect?.related.some((ref) => ref.relation === 'appRoleAssignment' && ref.displayName === 'Application.ReadWrite.All'));
    assert.ok(indirect?.related.some((ref) => ref.relation === 'resourceApi' && ref.kind === 'servicePrincipal' && ref.displayName === 'Microsoft Graph'));
  });

  it('grades tier 1: high for writes and mail/files/sites/chat reads, medium for other reads', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const fn = t.resource({ type: 'Microsoft.Web/sites', name: 'func-mail', subscription: prod, systemAssigned: true });
    const app = t.application({ displayName: 'gh-audit-export' });
    t.fic(app, { name: 'main', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:c/audit:environment:prod' });
    t.graphPermission(fn, 'Mail.Read');
    t.graphPermission(fn, 'Sites.ReadWrite.All');
    t.graphPermission(app, 'AuditLog.Read.All');
    const findings = runRule(rule, t);
    const severityOf = (permission: string): string | undefined => findings.find((finding) => finding.evidence['permission'] === permission)?.severity;
    assert.equal(severityOf('Mail.Read'), 'high');
    assert.equal(severityOf('Sites.ReadWrite.All'), 'high');
    assert.equal(severityOf('AuditLog.Read.All'), 'medium');
    assert.equal(about(findings, app.id)[0]?.subject.kind, 'application');
  });

  it('keeps the finding with medium confidence when the Graph service principal is missing from the snapshot', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-orphan-graph', subscription: prod });
    t.raw.appRoleAssignments.push({
      id: guid('ara:missing-graph'),
      principalId: id.principalId,
      resourceId: guid('sp:not-collected'),
      resourceDisplayName: 'Microsoft Graph',
      appRoleId: '19dbc75e-c2e2-444c-a770-ec69d8559fc7', // Directory.ReadWrite.All
    });
    const [finding] = runRule(rule, t);
    assert.equal(finding?.severity, 'critical');
    assert.equal(finding?.confidence, 'medium');
  });

  it('stays silent for tier-2 reads, app roles of other APIs with the same id, and non-workload principals', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-directory-reader', subscription: prod });
    t.graphPermission(id, 'User.Read.All');
    t.graphPermission(id, 'Group.Read.All');
    const otherApi = { id: guid('sp:contoso-api'), appId: guid('appId:contoso-api'), displayName: 'Microsoft Graph', servicePrincipalType: 'Application', alternativeNames: [] };
    t.raw.servicePrincipals.push(otherApi);
    t.raw.appRoleAssignments.push({
      id: guid('ara:other-api'),
      principalId: id.principalId,
      resourceId: otherApi.id,
      resourceDisplayName: 'Microsoft Graph',
      appRoleId: '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8', // a look-alike API reusing RoleManagement.ReadWrite.Directory's id
    });
    const plainApp = t.application({ displayName: 'no-federation' }); // no FIC: not a workload identity
    t.graphPermission(plainApp, 'Application.ReadWrite.All');
    assert.deepEqual(runRule(rule, t), []);
  });
});
