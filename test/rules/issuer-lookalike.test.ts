import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/issuer-lookalike.js';
import { runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder } from '../helpers/tenant-builder.js';

describe('issuer-lookalike', () => {
  it('fires high for label tricks and typos of known issuer hosts', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ci', subscription: prod });
    t.fic(id, { name: 'suffix', issuer: 'https://token.actions.githubusercontent.com.evil.net', subject: 'repo:c/a:environment:prod' });
    t.fic(id, { name: 'typo', issuer: 'https://token.action.githubusercontent.com', subject: 'repo:c/a:environment:prod' });
    t.fic(id, { name: 'tfc', issuer: 'https://app.terraform.co', subject: 'organization:c:project:p:workspace:w:run_phase:apply' });
    const findings = runRule(rule, t);
    assert.deepEqual(findings.map((finding) => [finding.related[0]?.displayName, finding.evidence['technique']]).sort(), [
      ['suffix', 'extra-labels'],
      ['tfc', 'typo'],
      ['typo', 'typo'],
    ]);
    assert.ok(findings.every((finding) => finding.severity === 'high' && finding.subject.id === id.id));
  });

  it('stays silent for real issuers, unrelated hosts and non-canonical spellings of real hosts', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ci', subscription: prod });
    t.fic(id, { name: 'gh', issuer: GITHUB_ISSUER, subject: 'repo:c/a:environment:prod' });
    t.fic(id, { name: 'slash', issuer: `${GITHUB_ISSUER}/`, subject: 'repo:c/a:environment:dev' });
    t.fic(id, { name: 'eu', issuer: 'https://app.eu.terraform.io', subject: 'organization:c:project:p:workspace:w:run_phase:apply' });
    t.fic(id, { name: 'gitea', issuer: 'https://gitea.com', subject: 'x' });
    t.fic(id, { name: 'gitlab-self', issuer: 'https://gitlab.contoso.com', subject: 'project_path:g/p:ref_type:branch:ref:main' });
    assert.deepEqual(runRule(rule, t), []);
  });
});
