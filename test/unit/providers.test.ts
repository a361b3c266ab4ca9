import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { PROVIDERS, describeSubject, hasUnmatchableSubject, providerOf, unmatchableSubject } from '../../src/rules/providers/index.js';
import { PROVIDER_IDS } from '../../src/rules/providers/types.js';

const GITHUB = 'https://token.actions.githubusercontent.com';
const ADO = 'https://vstoken.dev.azure.com/33ed5427-dbbb-4662-8df3-c1728ab0500b';

describe('provider descriptors', () => {
  it('has one descriptor per provider id, and every issuer family belongs to at most one', () => {
    assert.deepEqual(PROVIDERS.map((provider) => provider.id).sort(), [...PROVIDER_IDS].sort());
    const families = PROVIDERS.flatMap((provider) => provider.issuers);
    assert.equal(new Set(families).size, families.length);
  });

  it('finds the provider by issuer first, by subject shape only for unknown issuers', () => {
    assert.equal(providerOf(GITHUB, 'system:serviceaccount:a:b')?.id, 'github');
    assert.equal(providerOf('https://idp.contoso.com', 'system:serviceaccount:a:b')?.id, 'kubernetes');
    assert.equal(providerOf('https://idp.contoso.com', 'p://org/project/pipeline')?.id, 'azure-devops');
    assert.equal(providerOf('https://idp.contoso.com', '9d6f1c6e-1111-4a4a-8b8b-123456789abc'), undefined);
    // A known issuer without a descriptor is not guessed from the subject.
    assert.equal(providerOf('https://accounts.google.com', 'repo:contoso/app'), undefined);
  });
});

describe('describeSubject', () => {
  it('decodes a GitHub custom template with ids and context (field report azure-dev#8680)', () => {
    const described = describeSubject(GITHUB, 'repository_owner_id:1000001:repository_id:2000002:ref:refs/heads/main');
    assert.equal(described.provider, 'github');
    assert.equal(described.breadth, 2);
    assert.equal(described.whoCanMint, 'workflows of repository id 2000002 in branch main');
    assert.deepEqual(described.fields, { repository_owner_id: '1000001', repository_id: '2000002', ref: 'refs/heads/main' });
    assert.equal(described.unmatchable, undefined);
  });

  it('decodes Azure DevOps pipeline and Kubernetes subjects', () => {
    assert.deepEqual(describeSubject(ADO, 'p://contoso-dev/platform/terraform-apply').fields, { kind: 'pipeline', organization: 'contoso-dev', project: 'platform', name: 'terraform-apply' });
    assert.equal(describeSubject(ADO, 'p://contoso-dev/platform/terraform-apply').whoCanMint, 'runs of Azure DevOps pipeline contoso-dev/platform/terraform-apply');
    assert.deepEqual(describeSubject('https://idp.contoso.com', 'system:serviceaccount:payments:api').fields, { namespace: 'payments', serviceAccount: 'api' });
  });

  it('says nobody can mint an unmatchable subject, and why', () => {
    const described = describeSubject(GITHUB, 'repo:northwind-iot/telemetry-hub:environment/dev');
    assert.match(described.whoCanMint, /^nobody: .*wrong separator/);
    assert.equal(described.unmatchable?.suggestion, 'repo:northwind-iot/telemetry-hub:environment:dev');
    assert.equal(describeSubject('https://idp.contoso.com', 'anything').provider, 'other');
  });
});

describe('unmatchableSubject', () => {
  it('judges whitespace and a literal * for every issuer, known or not', () => {
    assert.match(unmatchableSubject('https://idp.contoso.com', 'a:b ')?.reason ?? '', /whitespace/);
    assert.equal(unmatchableSubject('https://idp.contoso.com', 'a:b ')?.suggestion, 'a:b');
    assert.match(unmatchableSubject('https://idp.contoso.com', 'tenant/*')?.reason ?? '', /literal character/);
    assert.equal(unmatchableSubject('https://idp.contoso.com', 'tenant/prod'), undefined);
  });

  it('suggests nothing when trimming alone does not make the subject valid', () => {
    assert.equal(unmatchableSubject(GITHUB, ' repo:contoso/app:ref:main')?.suggestion, undefined);
  });

  it('applies to standard credentials only', () => {
    assert.equal(hasUnmatchableSubject({ issuer: GITHUB, subject: 'repo:contoso/*' }), true);
    assert.equal(hasUnmatchableSubject({ issuer: GITHUB, subject: null, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/*'" } }), false);
    // An exact clause is judged like a subject: clauses are joined by and, so it sinks the expression.
    assert.equal(hasUnmatchableSubject({ issuer: GITHUB, subject: null, claimsMatchingExpression: { value: "claims['sub'] eq 'repo:contoso/*' and claims['repository_id'] eq '2'" } }), true);
    assert.equal(hasUnmatchableSubject({ issuer: GITHUB, subject: null, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/app:environment/prod' and claims['repository_id'] eq '2'" } }), true);
    assert.equal(hasUnmatchableSubject({ issuer: GITHUB, subject: 'repo:contoso/app:environment:prod' }), false);
  });
});

describe('unmatchableSubject: which grammar applies', () => {
  it('judges a provider grammar only when the issuer names the provider, Kubernetes everywhere', () => {
    assert.equal(unmatchableSubject('https://forge.contoso.com', 'repo:contoso/app:environment/dev'), undefined);
    assert.notEqual(unmatchableSubject(GITHUB, 'repo:contoso/app:environment/dev'), undefined);
    assert.notEqual(unmatchableSubject('https://contosoedgeoidc.blob.core.windows.net/oidc/', 'system:serviceaccounts:edge:collector'), undefined);
  });

  it('explains pull_request_target instead of guessing a subject', () => {
    const verdict = unmatchableSubject(GITHUB, 'repo:contoso/app:pull_request_target');
    assert.match(verdict?.reason ?? '', /base branch ref/);
    assert.equal(verdict?.suggestion, undefined);
  });

  it('names repositories and owner-wide pull requests the way every rule does', () => {
    assert.equal(describeSubject(GITHUB, 'repo:contoso@1/web@2:pull_request').whoCanMint, 'any pull request of contoso/web');
    assert.equal(describeSubject(GITHUB, 'repository_owner:contoso:pull_request').whoCanMint, 'any pull request of any repository of owner contoso');
  });
});
