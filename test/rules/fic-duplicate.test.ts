import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/fic-duplicate.js';
import { runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder, guid } from '../helpers/tenant-builder.js';

const TFC = 'https://app.terraform.io';

describe('fic-duplicate', () => {
  it('fires for a trailing-slash issuer variant, names the canonical one and keeps raw values', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const app = t.application({ displayName: 'tfc-dns' });
    const subject = 'organization:contoso:project:platform:workspace:dns:run_phase:apply';
    const good = t.fic(app, { name: 'dns-apply', issuer: TFC, subject });
    const slash = t.fic(app, { name: 'dns-apply-old', issuer: `${TFC}/`, subject });
    t.assign(app, 'Contributor', prod.scope);
    const [finding, ...rest] = runRule(rule, t);
    assert.equal(rest.length, 0);
    assert.equal(finding?.severity, 'low');
    assert.equal(finding?.subject.id, app.id);
    assert.equal(finding?.evidence['canonical'], 'dns-apply');
    assert.deepEqual(finding?.evidence['issuers'], [TFC, `${TFC}/`]);
    assert.deepEqual(finding?.evidence['differences'], ['trailing slash in the issuer']);
    assert.deepEqual(finding?.related.map((ref) => [ref.relation, ref.id, ref.displayName]), [
      ['federatedCredential', good.id, 'dns-apply'],
      ['federatedCredential', slash.id, 'dns-apply-old'],
    ]);
    assert.match(finding?.message ?? '', /'dns-apply' is the provider's canonical form\.$/);
    assert.match(finding?.remediation ?? '', /delete 'dns-apply-old'/);
  });

  it('fires for subject case and whitespace variants; canonical unknown when both issuers are canonical', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ci', subscription: prod });
    t.fic(id, { name: 'a', issuer: GITHUB_ISSUER, subject: 'repo:Contoso/App:environment:prod' });
    t.fic(id, { name: 'b', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:environment:prod' });
    t.fic(id, { name: 'c', issuer: ` ${GITHUB_ISSUER}`, subject: 'repo:contoso/web:environment:prod ' });
    t.fic(id, { name: 'd', issuer: GITHUB_ISSUER, subject: 'repo:contoso/web:environment:prod' });
    const findings = runRule(rule, t).sort((x, y) => (String(x.evidence['names']) < String(y.evidence['names']) ? -1 : 1));
    assert.deepEqual(
      findings.map((finding) => [finding.evidence['names'], finding.evidence['canonical'], finding.evidence['differences']]),
      [
        [['a', 'b'], null, ['case in the subject']],
        [['c', 'd'], 'd', ['surrounding whitespace in the issuer', 'surrounding whitespace in the subject']],
      ],
    );
    assert.match(findings[0]?.message ?? '', /depends on the exact iss and sub/);
    assert.equal(findings[0]?.remediation, rule.meta.fix);
  });

  it('stays silent for different subjects, different owners, flexible credentials and a lone credential', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const one = t.uami({ name: 'id-one', subscription: prod });
    const two = t.uami({ name: 'id-two', subscription: prod });
    t.fic(one, { name: 'prod', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:environment:prod' });
    t.fic(one, { name: 'staging', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:environment:staging' });
    // Same trust with different casing, but on another identity: not a duplicate of this identity's credential.
    t.fic(two, { name: 'prod', issuer: `${GITHUB_ISSUER}/`, subject: 'repo:Contoso/app:environment:prod' });
    const app = t.application({ displayName: 'app-flex' });
    t.fic(app, { name: 'x', issuer: GITHUB_ISSUER, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/*' and claims['repository_owner_id'] eq '1'" } });
    t.fic(app, { name: 'y', issuer: GITHUB_ISSUER, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:Contoso/*' and claims['repository_owner_id'] eq '1'" } });
    t.fic(app, { name: 'mi', issuer: `https://login.microsoftonline.com/${t.tenantId}/v2.0`, subject: guid('mi') });
    assert.deepEqual(runRule(rule, t), []);
  });
});
