import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { breadthTierSeverity } from '../../src/rules/util/breadth-matrix.js';
import { type Breadth, subjectBreadth } from '../../src/rules/util/subject-breadth.js';

const GITHUB = 'https://token.actions.githubusercontent.com';
const TFC = 'https://app.terraform.io';
const AKS = 'https://westeurope.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/0e4bd5a8-1f2c-4f1e-9b55-5b4f0c7b1a22/';

function exact(issuer: string, subject: string): Breadth {
  return subjectBreadth({ issuer, subject }).breadth;
}
function flexible(issuer: string, value: string): Breadth {
  return subjectBreadth({ issuer, subject: null, claimsMatchingExpression: { value, languageVersion: 1 } }).breadth;
}

describe('subjectBreadth: exact subjects', () => {
  it('grades GitHub subjects', () => {
    assert.equal(exact(GITHUB, 'repository_owner:contoso'), 4);
    assert.equal(exact(GITHUB, 'repository_owner_id:1234567'), 4);
    assert.equal(exact(GITHUB, 'repository_owner:contoso:repository_visibility:private'), 4);
    assert.equal(exact(GITHUB, 'repo:contoso/app:pull_request'), 3);
    assert.equal(exact(GITHUB, 'repo:contoso@1/app@2:pull_request'), 3);
    assert.equal(exact(GITHUB, 'repo:contoso/app'), 3);
    assert.equal(exact(GITHUB, 'repository_id:456789'), 3);
    assert.equal(exact(GITHUB, 'repo:contoso/app:environment:prod'), 2);
    assert.equal(exact(GITHUB, 'repo:contoso/app:ref:refs/heads/main'), 2);
    assert.equal(exact(GITHUB, 'repo:contoso/app:ref:refs/tags/v1'), 2);
    assert.equal(exact(GITHUB, 'repo:contoso/app:environment:prod:job_workflow_ref:contoso/wf/.github/workflows/d.yml@refs/heads/main'), 2);
    // Custom templates (include_claim_keys): ids and a context pin one repository and one context.
    assert.equal(exact(GITHUB, 'repository_owner_id:1000001:repository_id:2000002:ref:refs/heads/main'), 2);
    assert.equal(exact(GITHUB, 'repository_owner_id:1000001:repository_id:2000002:environment:production'), 2);
    assert.equal(exact(GITHUB, 'repository_owner_id:1000001:repository_id:2000002:pull_request'), 3);
    assert.equal(exact(GITHUB, 'repository_owner_id:1000001:repository_id:2000002'), 3);
    assert.equal(exact(GITHUB, 'repo:org/app:job_workflow_ref:org/shared/.github/workflows/deploy.yml@refs/heads/main'), 3);
    assert.equal(exact(GITHUB, 'repo:org/app:environment:prod:job_workflow_ref:org/shared/.github/workflows/deploy.yml@refs/heads/main'), 2);
    assert.equal(exact(GITHUB, 'repository:org/app:ref:refs/tags/v1'), 2);
    assert.equal(exact(GITHUB, 'job_workflow_ref:org/shared/.github/workflows/deploy.yml@refs/heads/main'), 3);
    // Owner-wide stays owner-wide whatever the context: anyone who can create a repository adds an environment.
    assert.equal(exact(GITHUB, 'repository_owner_id:1000001:environment:production'), 4);
  });

  it('reads the pull_request description, also for custom id templates', () => {
    assert.equal(subjectBreadth({ issuer: GITHUB, subject: 'repo:contoso/app:pull_request' }).who, 'any pull request of contoso/app');
    assert.equal(subjectBreadth({ issuer: GITHUB, subject: 'repository_owner_id:1:repository_id:2:pull_request' }).who, 'any pull request of repository id 2');
    assert.equal(subjectBreadth({ issuer: GITHUB, subject: 'repository_owner_id:1:repository_id:2:environment:prod' }).who, 'workflows of repository id 2 in environment prod');
  });

  it('grades Terraform Cloud, GitLab, Kubernetes and MI-as-FIC subjects', () => {
    assert.equal(exact(TFC, 'organization:contoso:project:platform:workspace:net:run_phase:apply'), 2);
    // One workspace and phase is one context; a plan phase on a write identity is plan-phase-write's finding.
    assert.equal(exact(TFC, 'organization:contoso:project:platform:workspace:net:run_phase:plan'), 2);
    assert.equal(exact('https://gitlab.com', 'project_path:acme/billing:ref_type:branch:ref:main'), 2);
    assert.equal(exact('https://gitlab.com', 'project_path:acme/billing'), 3);
    assert.equal(exact(AKS, 'system:serviceaccount:payments:payments-api'), 2);
    assert.equal(exact('https://idp.contoso.com', 'system:serviceaccount:payments:api'), 2);
    assert.equal(exact('https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0', '9d6f1c6e-1111-4a4a-8b8b-123456789abc'), 1);
    assert.equal(exact('https://idp.contoso.com', 'anything'), 2);
  });
});

describe('subjectBreadth: flexible expressions', () => {
  it('puts wildcards over owners, repositories and workspaces at B4', () => {
    assert.equal(flexible(GITHUB, "claims['sub'] matches 'repo:contoso/*' and claims['repository_owner_id'] eq '1'"), 4);
    assert.equal(flexible(GITHUB, "claims['sub'] matches 'repo:*/infra:ref:refs/heads/main'"), 4);
    assert.equal(flexible(GITHUB, "claims['sub'] matches '*'"), 4);
    assert.equal(flexible(TFC, "claims['sub'] matches 'organization:contoso:project:devops:workspace:*:run_phase:*'"), 4);
    assert.equal(flexible('https://gitlab.com', "claims['sub'] matches 'project_path:acme/*'"), 4);
    assert.equal(flexible(AKS, "claims['sub'] matches 'system:serviceaccount:*'"), 4);
  });

  it('puts wildcards over refs, contexts, run phases and service accounts at B3', () => {
    assert.equal(flexible(GITHUB, "claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*' and claims['repository_id'] eq '456789'"), 3);
    assert.equal(flexible(GITHUB, "claims['sub'] matches 'repo:contoso/app:*' and claims['repository_id'] eq '456789'"), 3);
    assert.equal(flexible(GITHUB, "claims['sub'] matches 'repo:contoso/app:environment:*'"), 3);
    assert.equal(flexible(GITHUB, "claims['sub'] matches 'repo:contoso/app:ref:refs/heads/????' and claims['repository_id'] eq '4'"), 3);
    assert.equal(flexible('https://gitlab.com', "claims['sub'] matches 'project_id:57382910:*'"), 3);
    assert.equal(flexible(AKS, 'claims[\'sub\'] matches system:serviceaccount:ns:*'), 3);
  });

  it('keeps a phase wildcard inside one bound workspace at B2 (plan-phase-write judges the phase)', () => {
    assert.equal(flexible(TFC, "claims['sub'] matches 'organization:contoso:project:devops:workspace:net:run_phase:*'"), 2);
    assert.equal(flexible(TFC, "claims['sub'] matches 'organization:contoso:project:devops:workspace:net*'"), 4);
  });

  it('lets a repository_id pin neutralise a repository-name wildcard', () => {
    assert.equal(flexible(GITHUB, "claims['sub'] matches 'repo:contoso/app-*:environment:prod' and claims['repository_id'] eq '456789'"), 2);
    assert.equal(flexible(GITHUB, "claims['sub'] matches 'repo:contoso/app-*:environment:prod' and claims['repository_owner_id'] eq '1'"), 4);
    assert.equal(flexible(GITHUB, "claims['sub'] matches 'repo:*/infra:environment:prod' and claims['repository_owner_id'] eq '1'"), 2);
    assert.equal(flexible(GITHUB, "claims['sub'] matches 'repo:*/infra:*' and claims['repository_owner_id'] eq '1'"), 3);
    assert.equal(flexible(GITHUB, "claims['sub'] matches 'repo:*' and claims['repository_owner_id'] eq '1'"), 4);
  });

  it('keeps exact and tag-pattern expressions narrow', () => {
    assert.equal(flexible(GITHUB, "claims['sub'] eq 'repo:contoso/app:environment:prod' and claims['repository_id'] eq '4'"), 2);
    assert.equal(flexible(GITHUB, "claims['sub'] matches 'repo:contoso/app:ref:refs/tags/v*' and claims['repository_id'] eq '4'"), 2);
    assert.equal(flexible(GITHUB, "claims['sub'] matches 'repo:contoso/app:ref:refs/heads/main' and claims['repository_id'] eq '4'"), 2);
  });

  it('treats a missing sub clause by its pins', () => {
    assert.equal(flexible(GITHUB, "claims['repository_owner_id'] eq '1'"), 4);
    assert.equal(flexible(GITHUB, "claims['repository_id'] eq '4'"), 3);
  });
});

describe('breadthTierSeverity', () => {
  it('follows the §G.0 matrix', () => {
    assert.equal(breadthTierSeverity(4, 0), 'critical');
    assert.equal(breadthTierSeverity(3, 1), 'high');
    assert.equal(breadthTierSeverity(3, 3), 'low');
    assert.equal(breadthTierSeverity(2, 0), 'high');
    assert.equal(breadthTierSeverity(1, 3), 'info');
  });
});
