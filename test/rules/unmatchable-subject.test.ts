import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import blastRadius from '../../src/rules/blast-radius.js';
import broadSubject from '../../src/rules/broad-subject.js';
import kubernetesSharedNamespace from '../../src/rules/kubernetes-shared-namespace.js';
import mutableSubject from '../../src/rules/mutable-subject.js';
import planPhaseWrite from '../../src/rules/plan-phase-write.js';
import rule from '../../src/rules/unmatchable-subject.js';
import { runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder, guid } from '../helpers/tenant-builder.js';

const TFC = 'https://app.terraform.io';
const GITLAB = 'https://gitlab.com';
const ADO = `https://vstoken.dev.azure.com/${guid('ado-org')}`;

/** [credential name, evidence.suggestion] of every finding, sorted. */
function verdicts(t: TenantBuilder): [string | undefined, unknown][] {
  return runRule(rule, t)
    .map((finding): [string | undefined, unknown] => [finding.related[0]?.displayName, finding.evidence['suggestion']])
    .sort((a, b) => ((a[0] ?? '') < (b[0] ?? '') ? -1 : 1));
}

describe('unmatchable-subject', () => {
  it('fires on the portal separator bug (environment/dev) and names the subject GitHub emits', () => {
    const t = new TenantBuilder();
    const sub = t.subscription('iot');
    const id = t.uami({ name: 'id-iot-deploy', subscription: sub });
    t.assign(id, 'Contributor', sub.scope);
    t.fic(id, { name: 'iot-env-dev', issuer: GITHUB_ISSUER, subject: 'repo:northwind-iot/telemetry-hub:environment/dev' });
    const [finding, ...rest] = runRule(rule, t);
    assert.equal(rest.length, 0);
    assert.equal(finding?.severity, 'low');
    assert.equal(finding?.subject.id, id.id);
    assert.equal(finding?.evidence['provider'], 'github');
    assert.equal(finding?.evidence['suggestion'], 'repo:northwind-iot/telemetry-hub:environment:dev');
    assert.equal(finding?.evidence['subject'], 'repo:northwind-iot/telemetry-hub:environment/dev');
    assert.match(finding?.message ?? '', /GitHub Actions never emits .*wrong separator/);
    assert.match(finding?.remediation ?? '', /repo:northwind-iot\/telemetry-hub:environment:dev/);
  });

  it('reads a * in a standard subject as a literal: unmatchable, and the only finding on the credential', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-deploy', subscription: prod });
    t.assign(id, 'Owner', prod.scope);
    t.fic(id, { name: 'any-repo', issuer: GITHUB_ISSUER, subject: 'repo:*' });
    t.fic(id, { name: 'org-repos', issuer: GITHUB_ISSUER, subject: 'repo:contoso/*' });
    t.fic(id, { name: 'org-prefix', issuer: GITHUB_ISSUER, subject: 'repo:contoso*' });
    t.fic(id, { name: 'pr-any', issuer: GITHUB_ISSUER, subject: 'repo:contoso/*:pull_request' });
    t.fic(id, { name: 'tfc-any', issuer: TFC, subject: 'organization:contoso:project:platform:workspace:*:run_phase:plan' });
    t.fic(id, { name: 'ns-any', issuer: `https://westeurope.oic.prod-aks.azure.com/${t.tenantId}/${guid('oidc')}/`, subject: 'system:serviceaccount:kube-system:*' });
    const findings = runRule(rule, t);
    assert.deepEqual(findings.map((finding) => finding.related[0]?.displayName).sort(), ['any-repo', 'ns-any', 'org-prefix', 'org-repos', 'pr-any', 'tfc-any']);
    for (const finding of findings) {
      assert.match(finding.evidence['reason'] as string, /literal character/);
      assert.match(finding.remediation ?? '', /flexible credential/);
    }
    for (const other of [broadSubject, blastRadius, mutableSubject, kubernetesSharedNamespace, planPhaseWrite]) {
      assert.deepEqual(runRule(other, t), [], `${other.meta.name} stays silent on unmatchable subjects`);
    }
  });

  it('fires on GitHub subjects GitHub never emits', () => {
    const t = new TenantBuilder();
    const app = t.application({ displayName: 'app-gh' });
    t.fic(app, { name: 'dash', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:pull-request' });
    t.fic(app, { name: 'short-ref', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:ref:main' });
    t.fic(app, { name: 'heads-ref', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:ref:heads/release' });
    t.fic(app, { name: 'branch-key', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:branch:main' });
    t.fic(app, { name: 'bare', issuer: GITHUB_ISSUER, subject: 'production' });
    t.fic(app, { name: 'no-owner', issuer: GITHUB_ISSUER, subject: 'repo:app:environment:prod' });
    t.fic(app, { name: 'one-id', issuer: GITHUB_ISSUER, subject: 'repo:contoso@123/app:environment:prod' });
    t.fic(app, { name: 'spaces', issuer: GITHUB_ISSUER, subject: ' repo:contoso/app:environment:prod ' });
    t.fic(app, { name: 'no-value', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:environment' });
    t.fic(app, { name: 'unknown-claim', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:stage:prod' });
    t.fic(app, { name: 'id-not-numeric', issuer: GITHUB_ISSUER, subject: 'repository_owner_id:contoso:repository_id:2:ref:refs/heads/main' });
    assert.deepEqual(verdicts(t), [
      ['bare', null],
      ['branch-key', 'repo:contoso/app:ref:refs/heads/main'],
      ['dash', 'repo:contoso/app:pull_request'],
      ['heads-ref', 'repo:contoso/app:ref:refs/heads/release'],
      ['id-not-numeric', null],
      ['no-owner', null],
      ['no-value', null],
      ['one-id', null],
      ['short-ref', 'repo:contoso/app:ref:refs/heads/main'],
      ['spaces', 'repo:contoso/app:environment:prod'],
      ['unknown-claim', null],
    ]);
  });

  it('fires on GitLab, Kubernetes, HCP Terraform, Azure DevOps and Entra subjects those providers never emit', () => {
    const t = new TenantBuilder();
    const app = t.application({ displayName: 'app-ci' });
    const aks = `https://westeurope.oic.prod-aks.azure.com/${t.tenantId}/${guid('oidc')}/`;
    const entra = `https://login.microsoftonline.com/${t.tenantId}/v2.0`;
    t.fic(app, { name: 'gl-full-ref', issuer: GITLAB, subject: 'project_path:acme/billing:ref_type:branch:ref:refs/heads/main' });
    t.fic(app, { name: 'gl-ref-type', issuer: GITLAB, subject: 'project_path:acme/billing:ref_type:branches:ref:main' });
    t.fic(app, { name: 'gl-separator', issuer: GITLAB, subject: 'project_path/acme/billing' });
    t.fic(app, { name: 'k8s-group', issuer: aks, subject: 'system:serviceaccounts:payments:api' });
    t.fic(app, { name: 'k8s-slash', issuer: aks, subject: 'system:serviceaccount:payments/api' });
    t.fic(app, { name: 'k8s-short', issuer: aks, subject: 'payments:api' });
    t.fic(app, { name: 'k8s-case', issuer: aks, subject: 'system:serviceaccount:Payments:api' });
    t.fic(app, { name: 'tfc-no-project', issuer: TFC, subject: 'organization:contoso:workspace:net:run_phase:apply' });
    t.fic(app, { name: 'tfc-phase', issuer: TFC, subject: 'organization:contoso:project:platform:workspace:net:run_phase:Apply' });
    t.fic(app, { name: 'tfc-no-phase', issuer: TFC, subject: 'organization:contoso:project:platform:workspace:net' });
    t.fic(app, { name: 'ado-eid', issuer: ADO, subject: `/eid1/c/pub/t/abc/a/def/sc/${guid('ado-org')}/${guid('sc')}` });
    t.fic(app, { name: 'ado-short', issuer: ADO, subject: 'sc://contoso/sc-prod' });
    t.fic(app, { name: 'entra-upper', issuer: entra, subject: guid('mi').toUpperCase() });
    t.fic(app, { name: 'entra-sc', issuer: entra, subject: 'sc://contoso/platform/sc-prod' });
    assert.deepEqual(verdicts(t), [
      ['ado-eid', null],
      ['ado-short', null],
      ['entra-sc', null],
      ['entra-upper', guid('mi')],
      ['gl-full-ref', 'project_path:acme/billing:ref_type:branch:ref:main'],
      ['gl-ref-type', null],
      ['gl-separator', 'project_path:acme/billing'],
      ['k8s-case', 'system:serviceaccount:payments:api'],
      ['k8s-group', 'system:serviceaccount:payments:api'],
      ['k8s-short', 'system:serviceaccount:payments:api'],
      ['k8s-slash', 'system:serviceaccount:payments:api'],
      ['tfc-no-phase', null],
      ['tfc-no-project', 'organization:contoso:project:Default Project:workspace:net:run_phase:apply'],
      ['tfc-phase', 'organization:contoso:project:platform:workspace:net:run_phase:apply'],
    ]);
  });

  it('stays silent for every subject form the providers emit, flexible expressions and whitespace twins', () => {
    const t = new TenantBuilder();
    const app = t.application({ displayName: 'app-ok' });
    const aks = `https://westeurope.oic.prod-aks.azure.com/${t.tenantId}/${guid('oidc')}/`;
    const ok: readonly [string, string][] = [
      [GITHUB_ISSUER, 'repo:contoso/app:environment:Production%3AV1'],
      [GITHUB_ISSUER, 'repo:contoso@1234567/app@7654321:ref:refs/heads/main'],
      [GITHUB_ISSUER, 'repo:contoso/app:pull_request'],
      [GITHUB_ISSUER, 'repo:contoso/app:ref:refs/tags/v1.2'],
      [GITHUB_ISSUER, 'repo:contoso/app'],
      [GITHUB_ISSUER, 'repository_owner_id:1000001:repository_id:2000002:ref:refs/heads/main'],
      [GITHUB_ISSUER, 'repository_owner_id:1000001:repository_id:2000002:pull_request'],
      [GITHUB_ISSUER, 'repo:org/app:job_workflow_ref:org/shared/.github/workflows/deploy.yml@refs/heads/main'],
      [GITHUB_ISSUER, 'repository_owner:contoso:repository_visibility:private'],
      [GITHUB_ISSUER, 'repo:contoso/app:repo_property_tier:gold'],
      [GITHUB_ISSUER, 'pull_request'],
      ['https://github.contoso.com/_services/token', 'repo:contoso/app:environment:prod'],
      [GITLAB, 'project_path:acme/billing:ref_type:branch:ref:main'],
      [GITLAB, 'project_id:57382910:ref_type:tag:ref:v1'],
      [aks, 'system:serviceaccount:payments:payments-api'],
      [aks, 'system:serviceaccount:payments:api.v2'],
      [TFC, 'organization:contoso:project:Default Project:workspace:net:run_phase:plan'],
      [ADO, 'sc://contoso/platform/sc-prod'],
      [ADO, 'p://contoso-dev/platform/terraform-apply'],
      [`https://login.microsoftonline.com/${t.tenantId}/v2.0`, guid('mi')],
      [`https://login.microsoftonline.com/${t.tenantId}/v2.0`, `/eid1/c/pub/t/abc/a/def/sc/${guid('ado-org')}/${guid('sc')}`],
      ['https://idp.contoso.com', 'anything-goes:here'],
    ];
    ok.forEach(([issuer, subject], index) => t.fic(app, { name: `ok-${index}`, issuer, subject }));
    t.fic(app, { name: 'flex', issuer: GITHUB_ISSUER, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/*' and claims['repository_owner_id'] eq '1'" } });
    // The trimmed twin exists: fic-duplicate reports the pair, this rule does not repeat it.
    t.fic(app, { name: 'twin', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:environment:Production%3AV1 ' });
    assert.deepEqual(verdicts(t), []);
  });

  it('still fires on a whitespace subject whose trimmed twin trusts another issuer', () => {
    const t = new TenantBuilder();
    const app = t.application({ displayName: 'app-twins' });
    t.fic(app, { name: 'gitlab', issuer: GITLAB, subject: 'project_path:acme/billing:ref_type:branch:ref:main' });
    t.fic(app, { name: 'github-spaces', issuer: GITHUB_ISSUER, subject: 'project_path:acme/billing:ref_type:branch:ref:main ' });
    assert.deepEqual(verdicts(t).map(([name]) => name), ['github-spaces']);
  });
});

describe('unmatchable-subject: exact clauses of flexible credentials', () => {
  it('fires on an eq or wildcard-free sub clause the provider never emits, and the other rules stay silent', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const app = t.application({ displayName: 'app-flex' });
    t.assign(app, 'Owner', prod.scope);
    t.fic(app, { name: 'eq-star', issuer: GITHUB_ISSUER, claimsMatchingExpression: { value: "claims['sub'] eq 'repo:contoso/*' and claims['repository_owner_id'] eq '1'" } });
    t.fic(app, { name: 'plain-matches', issuer: GITHUB_ISSUER, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/app:pull-request' and claims['repository_id'] eq '2'" } });
    t.fic(app, { name: 'pattern', issuer: GITHUB_ISSUER, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*' and claims['repository_id'] eq '2'" } });
    const findings = runRule(rule, t);
    assert.deepEqual(findings.map((finding) => [finding.related[0]?.displayName, finding.evidence['unmatchableValue'], finding.evidence['suggestion']]).sort(), [
      ['eq-star', 'repo:contoso/*', null],
      ['plain-matches', 'repo:contoso/app:pull-request', 'repo:contoso/app:pull_request'],
    ]);
    assert.match(findings[0]?.message ?? '', /whose exact sub clause/);
    // The wildcard pattern is a real (broad) trust: broad-subject's, not this rule's.
    assert.deepEqual(runRule(broadSubject, t).map((finding) => finding.related[0]?.displayName), ['pattern']);
    assert.deepEqual(runRule(mutableSubject, t), []);
  });
});
