import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/flexible-credential-invalid.js';
import { runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder, guid } from '../helpers/tenant-builder.js';

describe('flexible-credential-invalid', () => {
  it('is medium when a GitHub expression lacks the immutable eq clause on a write-capable identity', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const app = t.application({ displayName: 'gh-deploy' });
    const assignment = t.assign(app, 'Contributor', t.resourceGroupScope(prod, 'rg-app'));
    const value = "claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*'";
    const fic = t.fic(app, { name: 'branches', issuer: GITHUB_ISSUER, claimsMatchingExpression: { value } });
    const [finding, ...rest] = runRule(rule, t);
    assert.equal(rest.length, 0);
    assert.equal(finding?.severity, 'medium');
    assert.equal(finding?.evidence['missingImmutableClaim'], true);
    assert.equal(finding?.evidence['claimsMatchingExpression'], value);
    assert.equal(finding?.evidence['host'], null);
    assert.deepEqual(finding?.related.map((ref) => [ref.relation, ref.id]), [
      ['federatedCredential', fic.id],
      ['roleAssignment', assignment],
    ]);
  });

  it('is low for the same gap on a read-only (T2) identity', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const app = t.application({ displayName: 'gh-docs' });
    t.assign(app, 'Storage Blob Data Reader', prod.scope); // T2: reads data, cannot write
    t.fic(app, { name: 'docs', issuer: GITHUB_ISSUER, claimsMatchingExpression: { value: "claims['sub'] eq 'repo:contoso/docs:environment:publish'" } });
    const [finding] = runRule(rule, t);
    assert.equal(finding?.severity, 'low');
    assert.deepEqual(finding?.related.map((ref) => ref.relation), ['federatedCredential']);
  });

  it('reports the ARM spec example on a user-assigned identity: unsupported issuer, unquoted comparand, preview note', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-aks', subscription: prod });
    t.assign(id, 'Owner', prod.scope);
    t.fic(id, {
      name: 'spec-example',
      issuer: `https://westeurope.oic.prod-aks.azure.com/${t.tenantId}/${guid('oidc')}/`,
      claimsMatchingExpression: { value: "claims['sub'] matches system:serviceaccount:ns:*" },
    });
    const [finding] = runRule(rule, t);
    assert.equal(finding?.severity, 'low');
    assert.deepEqual(finding?.evidence['problems'], [
      'issuer is not supported for flexible credentials (only GitHub, GitLab and Terraform Cloud are)',
      "unquoted comparand for claim 'sub' (the grammar requires single quotes)",
    ]);
    assert.match(String(finding?.evidence['host']), /preview API versions/);
  });

  it('reports languageVersion, a subject alongside, grammar failures and claims the provider does not allow', () => {
    const t = new TenantBuilder();
    const app = t.application({ displayName: 'app-flex' });
    t.fic(app, { name: 'v2', issuer: 'https://gitlab.com', claimsMatchingExpression: { value: "claims['sub'] matches 'project_id:42:*'", languageVersion: 2 } });
    t.fic(app, { name: 'tfc-claim', issuer: 'https://app.terraform.io', claimsMatchingExpression: { value: "claims['sub'] matches 'organization:c:*' and claims['terraform_workspace_id'] eq 'ws-1'" } });
    t.fic(app, { name: 'or', issuer: GITHUB_ISSUER, claimsMatchingExpression: { value: "claims['sub'] eq 'a' or claims['repository_id'] eq '1'" } });
    t.fic(app, { name: 'matches-id', issuer: GITHUB_ISSUER, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:c/*' and claims['repository_id'] matches '1*'" } });
    const both = t.fic(app, { name: 'both', issuer: GITHUB_ISSUER, claimsMatchingExpression: { value: "claims['sub'] eq 'repo:c/a:environment:prod' and claims['repository_id'] eq '1'" } });
    both.subject = 'repo:c/a:environment:prod';
    const findings = runRule(rule, t);
    const problems = new Map(findings.map((finding) => [finding.related[0]?.displayName, finding.evidence['problems']]));
    assert.deepEqual([...problems.keys()].sort(), ['both', 'matches-id', 'or', 'tfc-claim', 'v2']);
    assert.deepEqual(problems.get('v2'), ['languageVersion 2 (must be 1)']);
    assert.deepEqual(problems.get('tfc-claim'), ["claim 'terraform_workspace_id' is not supported for Terraform Cloud"]);
    assert.match(String(problems.get('or')), /^grammar: expected "and"/);
    assert.deepEqual(problems.get('matches-id'), [
      "operator matches is not allowed on claim 'repository_id'",
      "no eq clause on claims['repository_id'] or claims['repository_owner_id']",
    ]);
    assert.deepEqual(problems.get('both'), ['subject is also set (subject and claimsMatchingExpression are mutually exclusive)']);
  });

  it('stays silent for documented expressions and standard credentials, and leaves a slash-ended issuer to issuer-non-canonical', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const app = t.application({ displayName: 'app-flex' });
    t.assign(app, 'Owner', prod.scope);
    t.fic(app, { name: 'gh', issuer: GITHUB_ISSUER, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*' and claims['repository_id'] eq '456789'" } });
    t.fic(app, { name: 'gh-owner', issuer: GITHUB_ISSUER, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/app-*:ref:refs/heads/????' and claims['repository_owner_id'] eq '123456' and claims['job_workflow_ref'] matches 'contoso/ci/.github/workflows/*@refs/heads/main'" } });
    t.fic(app, { name: 'gitlab', issuer: 'https://gitlab.contoso.ca', claimsMatchingExpression: { value: "claims['sub'] matches 'project_id:57382910:*'" } });
    t.fic(app, { name: 'tfc', issuer: 'https://app.eu.terraform.io/', claimsMatchingExpression: { value: "claims['sub'] matches 'organization:c:project:p:workspace:w:run_phase:*'" } });
    t.fic(app, { name: 'standard', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:pull_request' });
    assert.deepEqual(runRule(rule, t), []);
  });
});
