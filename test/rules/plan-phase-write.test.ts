import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import broadSubject from '../../src/rules/broad-subject.js';
import rule from '../../src/rules/plan-phase-write.js';
import { runRule } from '../helpers/rule-harness.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

const TFC = 'https://app.terraform.io';
const SPACELIFT = 'https://contoso.app.spacelift.io';
const WS = 'organization:contoso:project:platform:workspace:dns-prod';

describe('plan-phase-write', () => {
  it('grades a plan subject on an Owner identity critical and relates the grant', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const app = t.application({ displayName: 'tfc-dns-plan' });
    const assignment = t.assign(app, 'Owner', prod.scope);
    const fic = t.fic(app, { name: 'dns-plan', issuer: TFC, subject: `${WS}:run_phase:plan` });
    const [finding, ...rest] = runRule(rule, t);
    assert.equal(rest.length, 0);
    assert.equal(finding?.severity, 'critical');
    assert.equal(finding?.subject.id, app.id);
    assert.deepEqual(finding?.related.map((ref) => [ref.relation, ref.id]), [
      ['federatedCredential', fic.id],
      ['roleAssignment', assignment],
    ]);
    assert.equal(finding?.evidence['target'], 'workspace contoso/platform/dns-prod');
    // One workspace and phase is one context: the plan hazard is this rule's finding, not a breadth (B2).
    assert.equal(finding?.evidence['breadth'], 'B2');
    assert.equal(finding?.evidence['subject'], `${WS}:run_phase:plan`);
    assert.match(finding?.remediation ?? '', /TFC_AZURE_PLAN_CLIENT_ID/);
  });

  it('is high on T1, medium when the same identity also trusts apply of the workspace', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const planOnly = t.uami({ name: 'id-plan', subscription: prod });
    t.assign(planOnly, 'Website Contributor', t.resourceGroupScope(prod, 'rg-web'));
    t.fic(planOnly, { name: 'web-plan', issuer: TFC, subject: 'organization:contoso:project:web:workspace:web:run_phase:plan' });
    const shared = t.uami({ name: 'id-shared', subscription: prod });
    t.assign(shared, 'Owner', prod.scope);
    t.fic(shared, { name: 'dns-plan', issuer: TFC, subject: `${WS}:run_phase:plan` });
    const apply = t.fic(shared, { name: 'dns-apply', issuer: TFC, subject: `${WS}:run_phase:apply` });
    const findings = runRule(rule, t);
    assert.deepEqual(findings.map((finding) => [finding.related[0]?.displayName, finding.severity, finding.evidence['applyCredential']]).sort(), [
      ['dns-plan', 'medium', 'dns-apply'],
      ['web-plan', 'high', null],
    ]);
    const mixed = findings.find((finding) => finding.related[0]?.displayName === 'dns-plan');
    assert.deepEqual(mixed?.related[1], { relation: 'applyCredential', kind: 'federatedIdentityCredential', id: apply.id, displayName: 'dns-apply' });
  });

  it('fires for a flexible run_phase:* expression and for Spacelift read and PROPOSED subjects', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const app = t.application({ displayName: 'iac' });
    t.assign(app, 'Contributor', prod.scope);
    t.fic(app, { name: 'tfc-any', issuer: TFC, claimsMatchingExpression: { value: `claims['sub'] matches '${WS}:run_phase:*'` } });
    t.fic(app, { name: 'sl-pr', issuer: SPACELIFT, subject: 'space:root:stack:network:run_type:PROPOSED:scope:read' });
    t.fic(app, { name: 'sl-plan', issuer: SPACELIFT, subject: 'space:root:stack:network:run_type:TRACKED:scope:read' });
    const findings = runRule(rule, t);
    assert.deepEqual(findings.map((finding) => [finding.related[0]?.displayName, finding.severity, finding.evidence['phase'], finding.evidence['admitsApply']]).sort(), [
      ['sl-plan', 'critical', 'scope:read', false],
      ['sl-pr', 'critical', 'scope:read', false],
      ['tfc-any', 'critical', 'run_phase:*', true],
    ]);
  });

  it('Spacelift read runs next to the TRACKED write credential of the same stack are medium', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-spacelift', subscription: prod });
    t.assign(id, 'Contributor', t.resourceGroupScope(prod, 'rg-net'));
    t.fic(id, { name: 'read', issuer: SPACELIFT, subject: 'space:root:stack:network:run_type:TRACKED:scope:read' });
    t.fic(id, { name: 'write', issuer: SPACELIFT, subject: 'space:root:stack:network:run_type:TRACKED:scope:write' });
    const [finding, ...rest] = runRule(rule, t);
    assert.equal(rest.length, 0);
    assert.equal(finding?.severity, 'medium');
    assert.equal(finding?.evidence['applyCredential'], 'write');
  });

  it('stays silent for read-only plan identities, apply-only identities and flexible apply-only expressions', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const reader = t.uami({ name: 'id-plan-reader', subscription: prod });
    t.assign(reader, 'Reader', prod.scope);
    t.fic(reader, { name: 'plan', issuer: TFC, subject: `${WS}:run_phase:plan` });
    t.fic(reader, { name: 'sl-read', issuer: SPACELIFT, subject: 'space:root:stack:network:run_type:PROPOSED:scope:read' });
    const writer = t.uami({ name: 'id-apply', subscription: prod });
    t.assign(writer, 'Owner', prod.scope);
    t.fic(writer, { name: 'apply', issuer: TFC, subject: `${WS}:run_phase:apply` });
    t.fic(writer, { name: 'sl-write', issuer: SPACELIFT, subject: 'space:root:stack:network:run_type:TRACKED:scope:write' });
    t.fic(writer, { name: 'flex-apply', issuer: TFC, claimsMatchingExpression: { value: "claims['sub'] matches 'organization:contoso:project:platform:workspace:*:run_phase:apply'" } });
    t.fic(writer, { name: 'gh', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/plan:environment:plan' });
    assert.deepEqual(runRule(rule, t), []);
    // A read-only plan identity is the recommended split, not a broad subject; the workspace wildcard is broad-subject's.
    assert.deepEqual(runRule(broadSubject, t).map((finding) => [finding.related[0]?.displayName, finding.severity]).sort(), [['flex-apply', 'critical']]);
  });
});
