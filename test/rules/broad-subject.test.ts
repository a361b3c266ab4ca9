import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/broad-subject.js';
import { runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder, guid } from '../helpers/tenant-builder.js';

const TFC = 'https://app.terraform.io';

describe('broad-subject', () => {
  it('grades a pull_request subject on an Owner identity critical and relates the grant', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-deploy', subscription: prod });
    const assignment = t.assign(id, 'Owner', prod.scope);
    t.fic(id, { name: 'pr', issuer: GITHUB_ISSUER, subject: 'repo:contoso/infra:pull_request' });
    const [finding, ...rest] = runRule(rule, t);
    assert.equal(rest.length, 0);
    assert.equal(finding?.severity, 'critical');
    assert.equal(finding?.subject.id, id.id);
    assert.equal(finding?.evidence['breadth'], 'B3');
    assert.equal(finding?.evidence['tier'], 'T0');
    assert.deepEqual(finding?.related.map((ref) => [ref.relation, ref.id]), [
      ['federatedCredential', `${id.id}/federatedIdentityCredentials/pr`],
      ['roleAssignment', assignment],
    ]);
    assert.match(finding?.message ?? '', /any pull request of contoso\/infra/);
  });

  it('uses the breadth × tier matrix for custom, repo-only and flexible subjects', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const reader = t.uami({ name: 'id-reader', subscription: prod });
    t.assign(reader, 'Reader', prod.scope);
    t.fic(reader, { name: 'owner-wide', issuer: GITHUB_ISSUER, subject: 'repository_owner:contoso' });
    const writer = t.uami({ name: 'id-web', subscription: prod });
    t.assign(writer, 'Website Contributor', t.resourceGroupScope(prod, 'rg-web'));
    t.fic(writer, { name: 'all-refs', issuer: GITHUB_ISSUER, subject: 'repo:contoso/web' });
    const app = t.application({ displayName: 'app-flex' });
    t.assign(app, 'Contributor', prod.scope);
    t.fic(app, { name: 'repo-wildcard', issuer: GITHUB_ISSUER, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/*' and claims['repository_owner_id'] eq '1234567'" } });
    t.fic(app, { name: 'tfc-any', issuer: TFC, claimsMatchingExpression: { value: "claims['sub'] matches 'organization:contoso:project:platform:workspace:*:run_phase:*'" } });
    const k8s = t.uami({ name: 'id-k8s', subscription: prod });
    t.fic(k8s, { name: 'ns-any', issuer: `https://westeurope.oic.prod-aks.azure.com/${t.tenantId}/${guid('oidc')}/`, claimsMatchingExpression: { value: "claims['sub'] matches 'system:serviceaccount:payments:*'" } });
    const findings = runRule(rule, t);
    assert.deepEqual(findings.map((finding) => [finding.related[0]?.displayName, finding.severity, finding.evidence['breadth'], finding.evidence['tier']]).sort(), [
      ['all-refs', 'high', 'B3', 'T1'],
      ['ns-any', 'low', 'B3', 'T3'],
      ['owner-wide', 'medium', 'B4', 'T3'],
      ['repo-wildcard', 'critical', 'B4', 'T0'],
      ['tfc-any', 'critical', 'B4', 'T0'],
    ]);
    const flexible = findings.find((finding) => finding.related[0]?.displayName === 'repo-wildcard');
    assert.equal(flexible?.evidence['claimsMatchingExpression'], "claims['sub'] matches 'repo:contoso/*' and claims['repository_owner_id'] eq '1234567'");
    assert.equal(flexible?.subject.id, app.id);
  });

  it('stays silent for exact subjects and pinned flexible expressions', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-deploy', subscription: prod });
    t.assign(id, 'Owner', prod.scope);
    t.fic(id, { name: 'aks', issuer: `https://westeurope.oic.prod-aks.azure.com/${t.tenantId}/${guid('oidc')}/`, subject: 'system:serviceaccount:payments:api' });
    t.fic(id, { name: 'tfc', issuer: TFC, subject: 'organization:contoso:project:platform:workspace:network:run_phase:apply' });
    t.fic(id, { name: 'env', issuer: GITHUB_ISSUER, subject: 'repo:contoso@1/infra@2:environment:production' });
    t.fic(id, { name: 'branch', issuer: GITHUB_ISSUER, subject: 'repo:contoso/infra:ref:refs/heads/main' });
    t.fic(id, { name: 'pinned', issuer: GITHUB_ISSUER, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/infra-*:environment:prod' and claims['repository_id'] eq '42'" } });
    t.fic(id, { name: 'mi', issuer: `https://login.microsoftonline.com/${t.tenantId}/v2.0`, subject: guid('mi') });
    assert.deepEqual(runRule(rule, t), []);
  });
});

describe('broad-subject: GitHub custom subject templates', () => {
  it('grades an id-based pull_request subject and leaves the same template pinned to a branch alone (field report azure-dev#8680)', () => {
    const t = new TenantBuilder();
    const dev = t.subscription('samples-dev');
    const app = t.application({ displayName: 'az-dev-09-14-2026' });
    t.assign(app, 'Contributor', dev.scope);
    t.assign(app, 'User Access Administrator', dev.scope);
    t.fic(app, { name: 'main', issuer: GITHUB_ISSUER, subject: 'repository_owner_id:1000001:repository_id:2000002:ref:refs/heads/main' });
    t.fic(app, { name: 'pull_request', issuer: GITHUB_ISSUER, subject: 'repository_owner_id:1000001:repository_id:2000002:pull_request' });
    t.fic(app, { name: 'staging', issuer: GITHUB_ISSUER, subject: 'repository_owner_id:1000001:repository_id:2000002:environment:staging' });
    const [finding, ...rest] = runRule(rule, t);
    assert.equal(rest.length, 0);
    assert.equal(finding?.related[0]?.displayName, 'pull_request');
    assert.equal(finding?.severity, 'critical');
    assert.equal(finding?.evidence['breadth'], 'B3');
    assert.match(finding?.message ?? '', /any pull request of repository id 2000002/);
  });

  it('reads job_workflow_ref and owner-wide templates by what they bind', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-deploy', subscription: prod });
    t.assign(id, 'Contributor', prod.scope);
    const workflow = 'org/shared/.github/workflows/deploy.yml@refs/heads/main';
    t.fic(id, { name: 'repo-workflow', issuer: GITHUB_ISSUER, subject: `repo:org/app:job_workflow_ref:${workflow}` });
    t.fic(id, { name: 'repo-env-workflow', issuer: GITHUB_ISSUER, subject: `repo:org/app:environment:prod:job_workflow_ref:${workflow}` });
    t.fic(id, { name: 'owner-env', issuer: GITHUB_ISSUER, subject: 'repository_owner_id:1000001:environment:production' });
    assert.deepEqual(runRule(rule, t).map((finding) => [finding.related[0]?.displayName, finding.evidence['breadth'], finding.evidence['who']]).sort(), [
      ['owner-env', 'B4', 'any repository of owner id 1000001, in environment production'],
      ['repo-workflow', 'B3', `runs of reusable workflow ${workflow} from any branch, tag or pull request of org/app`],
    ]);
  });

  it('leaves a Terraform Cloud plan subject pinned to one workspace to plan-phase-write', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-tfc', subscription: prod });
    t.assign(id, 'Owner', prod.scope);
    t.fic(id, { name: 'plan', issuer: TFC, subject: 'organization:contoso:project:platform:workspace:net:run_phase:plan' });
    t.fic(id, { name: 'phases', issuer: TFC, claimsMatchingExpression: { value: "claims['sub'] matches 'organization:contoso:project:platform:workspace:net:run_phase:*'" } });
    assert.deepEqual(runRule(rule, t), []);
  });
});
