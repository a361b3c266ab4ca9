import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/idle-privileged-identity.js';
import { runRule } from '../helpers/rule-harness.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

// TEST_NOW is 2026-11-25T00:00:00Z.
function tenant(): { t: TenantBuilder; signIn: (appId: string, last: string | null, appOnly?: string | null) => void } {
  const t = new TenantBuilder();
  t.raw.signInActivity = [];
  const signIn = (appId: string, last: string | null, appOnly?: string | null): void => {
    t.raw.signInActivity?.push({ appId, lastSignInDateTime: last, ...(appOnly === undefined ? {} : { lastAppOnlyClientSignInDateTime: appOnly }) });
  };
  return { t, signIn };
}

describe('idle-privileged-identity', () => {
  it('fires for a T0 identity idle for more than 90 days (high) and a T1 one (medium)', () => {
    const { t, signIn } = tenant();
    const sub = t.subscription('prod');
    const owner = t.uami({ name: 'id-old-owner', subscription: sub });
    t.assign(owner, 'Contributor', sub.scope);
    signIn(owner.clientId, '2026-06-01T10:00:00Z');
    const writer = t.uami({ name: 'id-old-writer', subscription: sub });
    t.assign(writer, 'Storage Blob Data Contributor', t.resourceGroupScope(sub, 'rg-data'));
    signIn(writer.clientId.toUpperCase(), '2026-08-01T00:00:00Z');
    const findings = runRule(rule, t);
    assert.deepEqual(
      findings.map((finding) => [finding.subject.displayName, finding.severity]).sort(),
      [
        ['id-old-owner', 'high'],
        ['id-old-writer', 'medium'],
      ],
    );
    const owned = findings.find((finding) => finding.subject.displayName === 'id-old-owner');
    assert.equal(owned?.evidence['daysSinceSignIn'], 176);
    assert.match(owned?.message ?? '', /last signed in 176 days ago \(2026-06-01T10:00:00Z\) yet still holds T0 access: Contributor on subscription 'prod'\./);
  });

  it('stays silent when activity is unknown, recent, unparsable, or the identity holds nothing privileged', () => {
    const { t, signIn } = tenant();
    const sub = t.subscription('prod');
    const unknown = t.uami({ name: 'id-no-record', subscription: sub });
    t.assign(unknown, 'Owner', sub.scope);
    const recent = t.uami({ name: 'id-recent', subscription: sub });
    t.assign(recent, 'Owner', sub.scope);
    signIn(recent.clientId, '2026-10-01T00:00:00Z');
    const appOnly = t.uami({ name: 'id-app-only-recent', subscription: sub });
    t.assign(appOnly, 'Owner', sub.scope);
    signIn(appOnly.clientId, '2026-01-01T00:00:00Z', '2026-11-20T00:00:00Z');
    const boundary = t.uami({ name: 'id-ninety-days', subscription: sub });
    t.assign(boundary, 'Owner', sub.scope);
    signIn(boundary.clientId, '2026-08-27T00:00:00Z');
    const garbled = t.uami({ name: 'id-bad-date', subscription: sub });
    t.assign(garbled, 'Owner', sub.scope);
    signIn(garbled.clientId, '2021-03-01T00:00:00-8:00', null);
    const reader = t.uami({ name: 'id-old-reader', subscription: sub });
    t.assign(reader, 'Reader', sub.scope);
    t.assign(reader, 'Storage Blob Data Reader', sub.scope);
    signIn(reader.clientId, '2025-01-01T00:00:00Z');
    const nothing = t.uami({ name: 'id-old-nothing', subscription: sub });
    signIn(nothing.clientId, null);
    assert.deepEqual(runRule(rule, t), []);
  });

  it('judges federated app registrations and system-assigned identities too', () => {
    const { t, signIn } = tenant();
    const sub = t.subscription('prod');
    const app = t.application({ displayName: 'gh-old-deploy' });
    t.fic(app, { name: 'main', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/app:ref:refs/heads/main' });
    t.directoryRole(app, 'Application Administrator');
    signIn(app.appId, '2025-11-01T00:00:00Z');
    const site = t.resource({ type: 'Microsoft.Web/sites', name: 'func-old', subscription: sub, systemAssigned: true });
    t.assign(site, 'Contributor', t.resourceGroupScope(sub, 'rg-workloads'));
    const sp = t.raw.servicePrincipals.find((candidate) => candidate.displayName === 'func-old');
    assert.ok(sp);
    signIn(sp.appId, '2026-01-01T00:00:00Z');
    assert.deepEqual(runRule(rule, t).map((finding) => [finding.subject.kind, finding.subject.displayName]).sort(), [
      ['application', 'gh-old-deploy'],
      ['systemAssignedIdentity', 'func-old'],
    ]);
  });
});
