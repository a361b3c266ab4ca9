import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isImmutableRepository, parseGitHubSubject } from '../../src/rules/providers/github.js';
import { isGuid } from '../../src/azure/ids.js';
import { parseEntraIssuer } from '../../src/rules/providers/entra.js';

describe('parseGitHubSubject', () => {
  it('reads repository and context', () => {
    const subject = parseGitHubSubject('repo:octo-org@123456/octo-repo@456789:ref:refs/heads/main');
    assert.deepEqual(subject?.repository, { owner: 'octo-org', ownerId: '123456', name: 'octo-repo', nameId: '456789' });
    assert.deepEqual(subject?.context, { kind: 'branch', name: 'main' });
    assert.deepEqual(parseGitHubSubject('repo:o/r:pull_request')?.context, { kind: 'pull_request' });
    assert.deepEqual(parseGitHubSubject('repo:o/r:environment:Production%3AV1')?.context, { kind: 'environment', name: 'Production%3AV1' });
    assert.deepEqual(parseGitHubSubject('repo:o/r:ref:refs/tags/v1')?.context, { kind: 'tag', name: 'v1' });
    assert.equal(parseGitHubSubject('repo:o/r')?.context, undefined);
  });

  it('reads custom templates and rejects broken chains', () => {
    assert.deepEqual(parseGitHubSubject('repository_owner:contoso')?.claims, [['repository_owner', 'contoso']]);
    assert.equal(parseGitHubSubject('repository_owner:contoso')?.repository, undefined);
    assert.equal(parseGitHubSubject('repo:o/r:environment'), undefined);
    assert.equal(parseGitHubSubject('repo::x'), undefined);
  });

  it('tells immutable repositories from name-based ones', () => {
    const immutable = parseGitHubSubject('repo:o@1/r@2:pull_request')?.repository;
    const half = parseGitHubSubject('repo:o@1/r:pull_request')?.repository;
    const named = parseGitHubSubject('repo:o/r:pull_request')?.repository;
    assert.ok(immutable !== undefined && isImmutableRepository(immutable));
    assert.ok(half !== undefined && !isImmutableRepository(half));
    assert.ok(named !== undefined && !isImmutableRepository(named));
  });
});

describe('parseEntraIssuer', () => {
  it('reads the tenant of v2, v1 and sovereign issuers', () => {
    const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    assert.deepEqual(parseEntraIssuer(`https://login.microsoftonline.com/${tenant}/v2.0`), { host: 'login.microsoftonline.com', tenant, tenantIsGuid: true });
    assert.equal(parseEntraIssuer(`https://sts.windows.net/${tenant}/`)?.tenant, tenant);
    assert.equal(parseEntraIssuer(`https://login.microsoftonline.us/${tenant}/v2.0`)?.host, 'login.microsoftonline.us');
    assert.equal(parseEntraIssuer('https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0')?.tenantIsGuid, false);
    assert.equal(parseEntraIssuer('https://token.actions.githubusercontent.com/x'), undefined);
    assert.equal(isGuid(tenant), true);
  });
});
