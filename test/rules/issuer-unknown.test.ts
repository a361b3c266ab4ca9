import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/issuer-unknown.js';
import { runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder } from '../helpers/tenant-builder.js';

describe('issuer-unknown', () => {
  it('fires low for an unknown issuer and medium on reclaimable hosting', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-k8s', subscription: prod });
    t.fic(id, { name: 'idp', issuer: 'https://idp.contoso.com', subject: 'svc-reports' });
    t.fic(id, { name: 'blob', issuer: 'https://oidcissuer42.blob.core.windows.net/oidc/', subject: 'system:serviceaccount:ns:api' });
    const findings = runRule(rule, t);
    assert.deepEqual(findings.map((finding) => [finding.related[0]?.displayName, finding.severity, finding.evidence['reclaimableHosting']]), [
      ['blob', 'medium', 'Azure Storage account'],
      ['idp', 'low', null],
    ]);
  });

  it('stays silent for known providers and for look-alikes (reported by issuer-lookalike)', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ci', subscription: prod });
    t.fic(id, { name: 'gh', issuer: GITHUB_ISSUER, subject: 'repo:c/a:environment:prod' });
    t.fic(id, { name: 'ghes', issuer: 'https://ghes.contoso.com/_services/token', subject: 'repo:c/a:environment:prod' });
    t.fic(id, { name: 'aks-blob', issuer: 'https://aksoicweu.blob.core.windows.net/0e4bd5a8-1f2c-4f1e-9b55-5b4f0c7b1a22/', subject: 'system:serviceaccount:ns:a' });
    t.fic(id, { name: 'google', issuer: 'https://accounts.google.com', subject: '1234567890' });
    t.fic(id, { name: 'fake', issuer: 'https://token.actions.githubusercontent.com.evil.net', subject: 'repo:c/a:environment:prod' });
    assert.deepEqual(runRule(rule, t), []);
  });
});
