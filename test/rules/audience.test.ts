import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/audience.js';
import { runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder } from '../helpers/tenant-builder.js';

describe('audience', () => {
  it('fires for near-misses, another cloud, custom values and more than one audience', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ci', subscription: prod });
    const subject = 'repo:contoso/app:environment:prod';
    t.fic(id, { name: 'slash', issuer: GITHUB_ISSUER, subject, audiences: ['api://AzureADTokenExchange/'] });
    t.fic(id, { name: 'gov', issuer: GITHUB_ISSUER, subject: `${subject}2`, audiences: ['api://AzureADTokenExchangeUSGov'] });
    t.fic(id, { name: 'custom', issuer: GITHUB_ISSUER, subject: `${subject}3`, audiences: ['https://github.com/contoso'] });
    t.fic(id, { name: 'two', issuer: GITHUB_ISSUER, subject: `${subject}4`, audiences: ['api://AzureADTokenExchange', 'x'] });
    const findings = runRule(rule, t);
    const variants = Object.fromEntries(findings.map((finding) => [finding.related[0]?.displayName, finding.evidence['variant']]));
    assert.deepEqual(variants, { slash: 'near-miss', gov: 'other-cloud', custom: 'custom', two: 'count' });
    assert.ok(findings.every((finding) => finding.subject.id === id.id));
  });

  it('uses the audience of the tenant cloud', () => {
    const t = new TenantBuilder({ cloud: 'AzureUSGovernment' });
    const gov = t.subscription('gov');
    const id = t.uami({ name: 'id-ci', subscription: gov });
    t.fic(id, { name: 'ok', issuer: GITHUB_ISSUER, subject: 'repo:c/a:ref:refs/heads/main', audiences: ['api://AzureADTokenExchangeUSGov'] });
    t.fic(id, { name: 'public', issuer: GITHUB_ISSUER, subject: 'repo:c/a:ref:refs/heads/dev', audiences: ['api://AzureADTokenExchange'] });
    const findings = runRule(rule, t);
    assert.deepEqual(findings.map((finding) => finding.related[0]?.displayName), ['public']);
  });

  it('is informational for identity providers that pin their own audience', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ci', subscription: prod });
    t.fic(id, { name: 'circle', issuer: 'https://oidc.circleci.com/org/0e4bd5a8-1f2c-4f1e-9b55-5b4f0c7b1a22', subject: 'org/x/project/y/user/z', audiences: ['0e4bd5a8-1f2c-4f1e-9b55-5b4f0c7b1a22'] });
    t.fic(id, { name: 'gh', issuer: GITHUB_ISSUER, subject: 'repo:c/a:environment:prod', audiences: ['https://github.com/contoso'] });
    const severities = Object.fromEntries(runRule(rule, t).map((finding) => [finding.related[0]?.displayName, finding.severity]));
    assert.deepEqual(severities, { circle: 'info', gh: 'low' });
  });

  it('stays silent for the exact token-exchange audience, on identities and apps', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ci', subscription: prod });
    t.fic(id, { name: 'ok', issuer: GITHUB_ISSUER, subject: 'repo:c/a:environment:prod' });
    const app = t.application({ displayName: 'app' });
    t.fic(app, { name: 'ok', issuer: GITHUB_ISSUER, subject: 'repo:c/a:environment:prod' });
    assert.deepEqual(runRule(rule, t), []);
  });
});
