import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/mutable-subject.js';
import { runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder } from '../helpers/tenant-builder.js';

describe('mutable-subject', () => {
  it('fires low on an unprivileged identity and medium on a privileged one', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const reader = t.uami({ name: 'id-reader', subscription: prod });
    t.fic(reader, { name: 'named', issuer: GITHUB_ISSUER, subject: 'repo:contoso/reports:environment:prod' });
    const owner = t.uami({ name: 'id-owner', subscription: prod });
    t.assign(owner, 'Owner', prod.scope);
    t.fic(owner, { name: 'half', issuer: GITHUB_ISSUER, subject: 'repo:contoso/infra:environment:prod' });
    // GitHub never emits one id without the other: unmatchable-subject's, not this rule's.
    t.fic(owner, { name: 'one-id', issuer: GITHUB_ISSUER, subject: 'repo:contoso@1234567/infra:environment:prod' });
    t.fic(owner, { name: 'org', issuer: GITHUB_ISSUER, subject: 'repository_owner:contoso' });
    const findings = runRule(rule, t);
    assert.deepEqual(findings.map((finding) => [finding.related[0]?.displayName, finding.severity, finding.evidence['mutable']]).sort(), [
      ['half', 'medium', 'github-repository'],
      ['named', 'low', 'github-repository'],
      ['org', 'medium', 'github-owner'],
    ]);
  });

  it('raises severity when the tenant already uses immutable subjects and names the known owner id', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const modern = t.uami({ name: 'id-modern', subscription: prod });
    t.fic(modern, { name: 'immutable', issuer: GITHUB_ISSUER, subject: 'repo:contoso@1234567/orders@7654321:environment:prod' });
    const legacy = t.uami({ name: 'id-legacy', subscription: prod });
    t.fic(legacy, { name: 'named', issuer: GITHUB_ISSUER, subject: 'repo:contoso/billing:environment:prod' });
    const [finding, ...rest] = runRule(rule, t);
    assert.equal(rest.length, 0);
    assert.equal(finding?.severity, 'medium');
    assert.equal(finding?.evidence['knownOwnerId'], '1234567');
    assert.equal(finding?.evidence['tenantUsesImmutableSubjects'], true);
    assert.match(finding?.message ?? '', /contoso@1234567/);
  });

  it('fires for GitLab project_path and name-only flexible GitHub expressions', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ci', subscription: prod });
    t.fic(id, { name: 'gitlab', issuer: 'https://gitlab.com', subject: 'project_path:acme/billing:ref_type:branch:ref:main' });
    const app = t.application({ displayName: 'app-flex' });
    t.fic(app, { name: 'flex', issuer: GITHUB_ISSUER, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*'" } });
    const findings = runRule(rule, t);
    assert.deepEqual(findings.map((finding) => [finding.related[0]?.displayName, finding.evidence['mutable']]).sort(), [
      ['flex', 'github-repository'],
      ['gitlab', 'gitlab-project'],
    ]);
  });

  it('stays silent for immutable subjects, id-pinned expressions, GHES, GitLab project_id and other providers', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ci', subscription: prod });
    t.fic(id, { name: 'immutable', issuer: GITHUB_ISSUER, subject: 'repo:contoso@1/app@2:pull_request' });
    t.fic(id, { name: 'ghes', issuer: 'https://ghes.contoso.com/_services/token', subject: 'repo:contoso/app:environment:prod' });
    t.fic(id, { name: 'gitlab-id', issuer: 'https://gitlab.com', subject: 'project_id:57382910:ref_type:branch:ref:main' });
    t.fic(id, { name: 'tfc', issuer: 'https://app.terraform.io', subject: 'organization:c:project:p:workspace:w:run_phase:apply' });
    t.fic(id, { name: 'aks', issuer: 'https://oidc.prod-aks.azure.com/0e4bd5a8-1f2c-4f1e-9b55-5b4f0c7b1a22/', subject: 'system:serviceaccount:ns:sa' });
    const app = t.application({ displayName: 'app-flex' });
    t.fic(app, { name: 'pinned', issuer: GITHUB_ISSUER, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*' and claims['repository_id'] eq '42'" } });
    assert.deepEqual(runRule(rule, t), []);
  });
});

describe('mutable-subject: Azure DevOps names', () => {
  it('fires for sc:// and p:// subjects on the Azure DevOps issuer, each with its own fix (field report terraform-provider-azuredevops#1443)', () => {
    const t = new TenantBuilder();
    const sub = t.subscription('iac');
    const id = t.uami({ name: 'id-tf-pipeline', subscription: sub });
    const issuer = 'https://vstoken.dev.azure.com/33ed5427-dbbb-4662-8df3-c1728ab0500b';
    t.fic(id, { name: 'ado-sc-terraform', issuer, subject: 'sc://contoso-dev/platform/sc-terraform' });
    t.fic(id, { name: 'ado-pipeline-terraform', issuer, subject: 'p://contoso-dev/platform/terraform-apply' });
    const findings = runRule(rule, t);
    assert.deepEqual(findings.map((finding) => [finding.related[0]?.displayName, finding.evidence['mutable'], finding.evidence['name']]).sort(), [
      ['ado-pipeline-terraform', 'azure-devops-pipeline', 'Azure DevOps pipeline contoso-dev/platform/terraform-apply'],
      ['ado-sc-terraform', 'azure-devops-connection', 'Azure DevOps service connection contoso-dev/platform/sc-terraform'],
    ]);
    const pipeline = findings.find((finding) => finding.related[0]?.displayName === 'ado-pipeline-terraform');
    const connection = findings.find((finding) => finding.related[0]?.displayName === 'ado-sc-terraform');
    assert.doesNotMatch(pipeline?.remediation ?? '', /service connection/);
    assert.match(connection?.remediation ?? '', /Microsoft Entra issuer/);
  });

  it('stays silent for the id-based Entra-issuer subject and for unmatchable Azure DevOps subjects', () => {
    const t = new TenantBuilder();
    const app = t.application({ displayName: 'app-ado' });
    t.fic(app, { name: 'entra', issuer: `https://login.microsoftonline.com/${t.tenantId}/v2.0`, subject: '/eid1/c/pub/t/abc/a/def/sc/org/conn' });
    t.fic(app, { name: 'short', issuer: 'https://vstoken.dev.azure.com/33ed5427-dbbb-4662-8df3-c1728ab0500b', subject: 'p://contoso-dev/terraform-apply' });
    assert.deepEqual(runRule(rule, t), []);
  });
});
