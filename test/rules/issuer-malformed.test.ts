import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/issuer-malformed.js';
import { runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder } from '../helpers/tenant-builder.js';

describe('issuer-malformed', () => {
  it('fires for http://, surrounding whitespace and non-URLs, naming the intended issuer', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ci', subscription: prod });
    t.fic(id, { name: 'http', issuer: 'http://token.actions.githubusercontent.com', subject: 'repo:c/a:environment:prod' });
    t.fic(id, { name: 'space', issuer: 'https://app.terraform.io ', subject: 'organization:c:project:p:workspace:w:run_phase:apply' });
    const app = t.application({ displayName: 'app-deploy' });
    t.fic(app, { name: 'bare', issuer: 'token.actions.githubusercontent.com', subject: 'repo:c/a:environment:prod' });
    const findings = runRule(rule, t);
    const byName = new Map(findings.map((finding) => [finding.related[0]?.displayName, finding]));
    assert.deepEqual([...byName.keys()].sort(), ['bare', 'http', 'space']);
    assert.ok(findings.every((finding) => finding.severity === 'medium'));
    assert.equal(byName.get('http')?.evidence['intended'], 'https://token.actions.githubusercontent.com');
    assert.equal(byName.get('space')?.evidence['intended'], 'https://app.terraform.io');
    assert.equal(byName.get('space')?.evidence['issuer'], 'https://app.terraform.io ');
    assert.equal(byName.get('space')?.subject.id, id.id);
    assert.equal(byName.get('bare')?.subject.id, app.id);
    assert.equal(byName.get('http')?.related[0]?.relation, 'federatedCredential');
  });

  it('stays silent for well-formed issuers, even non-canonical or unknown ones', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ci', subscription: prod });
    t.fic(id, { name: 'gh', issuer: GITHUB_ISSUER, subject: 'repo:c/a:environment:prod' });
    t.fic(id, { name: 'gh-slash', issuer: `${GITHUB_ISSUER}/`, subject: 'repo:c/a:environment:dev' });
    t.fic(id, { name: 'tfc', issuer: 'https://app.terraform.io', subject: 'organization:c:project:p:workspace:w:run_phase:apply' });
    t.fic(id, { name: 'entra', issuer: `https://login.microsoftonline.com/${t.tenantId}/v2.0`, subject: id.principalId });
    t.fic(id, { name: 'idp', issuer: 'https://idp.contoso.com', subject: 'x' });
    assert.deepEqual(runRule(rule, t), []);
  });
});
