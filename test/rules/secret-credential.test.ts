import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/secret-credential.js';
import { about, runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder } from '../helpers/tenant-builder.js';

const SUBJECT = 'repo:contoso/app:environment:prod';

describe('secret-credential', () => {
  it('fires medium for a federated app with a client secret, low with only a certificate', () => {
    const t = new TenantBuilder();
    const withSecret = t.application({ displayName: 'deployer', secrets: 1, certificates: 1 });
    const fic = t.fic(withSecret, { name: 'gh-prod', issuer: GITHUB_ISSUER, subject: SUBJECT });
    const withCertificate = t.application({ displayName: 'cert-only', certificates: 1 });
    t.fic(withCertificate, { name: 'gh-prod', issuer: GITHUB_ISSUER, subject: SUBJECT });

    const findings = runRule(rule, t);
    const secret = about(findings, withSecret.id)[0];
    assert.equal(secret?.severity, 'medium');
    assert.equal(secret?.subject.kind, 'application');
    assert.ok(secret?.related.some((ref) => ref.relation === 'federatedCredential' && ref.id === fic.id && ref.displayName === 'gh-prod'));
    assert.match(secret?.message ?? '', /1 client secret\(s\) and 1 certificate\(s\)/);
    assert.equal(about(findings, withCertificate.id)[0]?.severity, 'low');
  });

  it('still reports an expired secret, says so, and rates it low', () => {
    const t = new TenantBuilder({ collectedAt: '2026-11-20T09:00:00Z' });
    const app = t.application({ displayName: 'old-deployer', secrets: 1 });
    const secret = app.passwordCredentials[0];
    assert.ok(secret);
    secret.endDateTime = '2026-06-30T00:00:00Z';
    t.fic(app, { name: 'gh-prod', issuer: GITHUB_ISSUER, subject: SUBJECT });
    const finding = about(runRule(rule, t), app.id)[0];
    assert.equal(finding?.severity, 'low');
    assert.match(finding?.message ?? '', /1 client secret\(s\) \(1 expired\)/);
    assert.equal(finding?.evidence['expiredSecrets'], 1);
  });

  it('stays silent for apps without federated credentials, federated apps without credentials, and managed identities', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    t.application({ displayName: 'classic-secret-app', secrets: 2 });
    const clean = t.application({ displayName: 'federated-only' });
    t.fic(clean, { name: 'gh-prod', issuer: GITHUB_ISSUER, subject: SUBJECT });
    const id = t.uami({ name: 'id-federated', subscription: prod });
    t.fic(id, { name: 'gh-prod', issuer: GITHUB_ISSUER, subject: SUBJECT });
    assert.deepEqual(runRule(rule, t), []);
  });
});
