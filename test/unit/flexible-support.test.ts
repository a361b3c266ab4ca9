import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { flexibleIssuerSupport } from '../../src/rules/providers/index.js';
import { checkClaimsExpression, clauseAccepts } from '../../src/rules/util/flexible-expression.js';

describe('checkClaimsExpression and flexibleIssuerSupport (§A.6 [S5])', () => {
  it('knows the documented issuers byte for byte', () => {
    assert.equal(flexibleIssuerSupport('https://token.actions.githubusercontent.com')?.provider, 'github');
    assert.equal(flexibleIssuerSupport('https://gitlab.example.ca')?.provider, 'gitlab');
    assert.equal(flexibleIssuerSupport('https://app.eu.terraform.io')?.provider, 'terraform-cloud');
    assert.equal(flexibleIssuerSupport('https://app.terraform.io/'), undefined);
    assert.equal(flexibleIssuerSupport('https://gitlab.example.org'), undefined);
    assert.equal(flexibleIssuerSupport('https://token.actions.githubusercontent.com/contoso'), undefined);
  });

  it('checks claims, operators, the sub clause and GitHub immutable pins', () => {
    const github = flexibleIssuerSupport('https://token.actions.githubusercontent.com');
    assert.deepEqual(checkClaimsExpression("claims['sub'] matches 'repo:c/*' and claims['repository_owner_id'] eq '1'", github), { problems: [], missingImmutableClaim: false });
    assert.deepEqual(checkClaimsExpression("claims['ref'] eq 'main'", github).problems, [
      "claim 'ref' is not supported for GitHub",
      "no claims['sub'] clause",
      "no eq clause on claims['repository_id'] or claims['repository_owner_id']",
    ]);
    assert.equal(checkClaimsExpression("claims['sub'] matches 'x:*'", undefined).problems.length, 0);
    assert.match(checkClaimsExpression("claims['sub'] like 'x'", github).problems[0] ?? '', /^grammar: unknown operator/);
    assert.equal(clauseAccepts({ claim: 'sub', operator: 'matches', value: 'a:*', quoted: true }, 'a:b'), true);
    assert.equal(clauseAccepts({ claim: 'sub', operator: 'eq', value: 'a:*', quoted: true }, 'a:b'), false);
  });
});
