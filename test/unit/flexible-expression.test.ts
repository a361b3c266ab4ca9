import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { firstWildcard, parseClaimsExpression, wildcardMatches } from '../../src/rules/util/flexible-expression.js';

describe('parseClaimsExpression', () => {
  it('parses the documented examples (§A.6)', () => {
    assert.deepEqual(parseClaimsExpression("claims['sub'] matches 'repo:contoso/contoso-repo:ref:refs/heads/*' and claims['repository_id'] eq '456789'"), {
      ok: true,
      clauses: [
        { claim: 'sub', operator: 'matches', value: 'repo:contoso/contoso-repo:ref:refs/heads/*', quoted: true },
        { claim: 'repository_id', operator: 'eq', value: '456789', quoted: true },
      ],
    });
  });

  it('reads doubled quotes as a literal quote and tolerates an unquoted comparand', () => {
    const quoted = parseClaimsExpression("claims['sub'] eq 'it''s'");
    assert.ok(quoted.ok && quoted.clauses[0]?.value === "it's");
    const bare = parseClaimsExpression("claims['sub'] matches system:serviceaccount:ns:*");
    assert.ok(bare.ok && bare.clauses[0]?.quoted === false && bare.clauses[0].value === 'system:serviceaccount:ns:*');
  });

  it('rejects unknown operators, missing quotes and dangling conjunctions', () => {
    assert.equal(parseClaimsExpression("claims['sub'] like 'x'").ok, false);
    assert.equal(parseClaimsExpression("claims[sub] eq 'x'").ok, false);
    assert.equal(parseClaimsExpression("claims['sub'] eq 'x' or claims['a'] eq 'b'").ok, false);
    assert.equal(parseClaimsExpression("claims['sub'] eq 'x").ok, false);
  });
});

describe('wildcards', () => {
  it('finds and matches * and ?', () => {
    assert.equal(firstWildcard('repo:a/b:ref:refs/heads/????'), 24);
    assert.equal(firstWildcard('repo:a/*'), 7);
    assert.equal(firstWildcard('exact'), -1);
    assert.equal(wildcardMatches('repo:a/*', 'repo:a/b:pull_request'), true);
    assert.equal(wildcardMatches('refs/heads/????', 'refs/heads/main'), true);
    assert.equal(wildcardMatches('refs/heads/????', 'refs/heads/master'), false);
  });
});
