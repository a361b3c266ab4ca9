/** diffSnapshots, one change kind at a time, on a small built tenant. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { InputError } from '../../src/core/errors.js';
import { diffSnapshots } from '../../src/drift/diff.js';
import { buildTenant, driftOf, type Handles } from './tenant.js';
import { asPrincipal, GITHUB_ISSUER, guid } from '../helpers/tenant-builder.js';

const EMPTY_COUNTS = { added: 0, removed: 0, changed: 0 };

describe('diffSnapshots', () => {
  it('reports nothing for two builds of the same tenant, and the gate passes', () => {
    const drift = diffSnapshots(buildTenant(), buildTenant(), { failOn: 'info' });
    assert.deepEqual(drift.summary, {
      identities: EMPTY_COUNTS,
      grants: EMPTY_COUNTS,
      federatedCredentials: EMPTY_COUNTS,
      dangling: 0,
      findings: { new: 0, fixed: 0 },
      failing: 0,
    });
    assert.equal(drift.kind, 'mi-audit/diff');
    assert.equal(drift.schemaVersion, 1);
  });

  it('refuses snapshots of two tenants with an input error (exit 2) naming both', () => {
    const other = buildTenant(() => undefined, { tenantId: guid('other-tenant') });
    assert.throws(
      () => diffSnapshots(buildTenant(), other, { failOn: 'high', oldOrigin: 'a.json', newOrigin: 'b.json' }),
      (error: unknown) => error instanceof InputError && error.exitCode === 2 && /a\.json is tenant .*b\.json is tenant/.test(error.message),
    );
  });

  it('escapes a hostile tenant id in that error line', () => {
    const hostile = buildTenant(() => undefined, { tenantId: 'evil\u001b]0;title\u0007' });
    assert.throws(
      () => diffSnapshots(buildTenant(), hostile, { failOn: 'high' }),
      (error: unknown) => error instanceof InputError && !/[\u0000-\u001f]/.test(error.message) && error.message.includes('evil\\x1b]0;title\\x07'),
    );
  });

  describe('identities', () => {
    it('an added user-assigned identity', () => {
      const drift = driftOf(({ t, prod }) => t.uami({ name: 'id-new', subscription: prod }));
      assert.deepEqual(
        drift.identities.map((entry) => [entry.change, entry.kind, entry.displayName]),
        [['added', 'userAssignedIdentity', 'id-new']],
      );
    });

    it('a removed user-assigned identity', () => {
      const drift = diffSnapshots(buildTenant(({ t, prod }) => t.uami({ name: 'id-old', subscription: prod })), buildTenant(), { failOn: 'high' });
      assert.deepEqual(drift.identities.map((entry) => [entry.change, entry.displayName]), [['removed', 'id-old']]);
    });

    it('an identity recreated under the same name is changed: same ARM id, new principal', () => {
      const before = buildTenant(({ t, prod }) => t.uami({ name: 'id-batch', subscription: prod }));
      const after = buildTenant(({ t, prod }) => t.uami({ name: 'id-batch', subscription: prod, principalId: guid('recreated') }));
      const [entry] = diffSnapshots(before, after, { failOn: 'high' }).identities;
      assert.equal(entry?.change, 'changed');
      assert.deepEqual(entry?.changes.map((change) => [change.field, change.new]), [['principalId', guid('recreated')]]);
    });

    it("a deleted identity whose service principal Graph still lists is removed, not replaced by a 'new' service principal", () => {
      const before = buildTenant(({ t, prod }) => t.uami({ name: 'id-gone', subscription: prod }));
      const after = buildTenant(({ t, prod }) => {
        const gone = t.uami({ name: 'id-gone', subscription: prod });
        t.raw.userAssignedIdentities.splice(t.raw.userAssignedIdentities.indexOf(gone), 1);
      });
      const drift = diffSnapshots(before, after, { failOn: 'high', rules: [] });
      assert.deepEqual(drift.identities.map((entry) => [entry.change, entry.kind]), [['removed', 'userAssignedIdentity']]);
    });

    it('a managed identity whose host subscription is out of scope counts through its service principal', () => {
      const drift = driftOf(({ t }) => {
        t.raw.servicePrincipals.push({
          id: guid('sp:elsewhere'),
          appId: guid('app:elsewhere'),
          displayName: 'id-elsewhere',
          servicePrincipalType: 'ManagedIdentity',
          alternativeNames: ['isExplicit=True', `/subscriptions/${guid('unread')}/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-elsewhere`],
        });
      }, { rules: [] });
      assert.deepEqual(drift.identities.map((entry) => [entry.change, entry.kind, entry.displayName]), [['added', 'managedIdentityServicePrincipal', 'id-elsewhere']]);
    });

    it('a new system-assigned identity and a newly federated app registration', () => {
      const drift = driftOf(({ t, prod }) => {
        t.resource({ type: 'Microsoft.Web/sites', name: 'app-api', subscription: prod, systemAssigned: true });
        t.fic(t.application({ displayName: 'release-bot' }), { name: 'gh', issuer: GITHUB_ISSUER, subject: 'repo:contoso/bot:ref:refs/heads/main' });
      });
      assert.deepEqual(
        drift.identities.map((entry) => [entry.change, entry.kind, entry.displayName]).sort(),
        [
          ['added', 'application', 'release-bot'],
          ['added', 'systemAssignedIdentity', 'app-api'],
        ],
      );
    });
  });

  describe('grants', () => {
    it('an added Owner at subscription scope is T0, critical, and fails the gate; a Reader at a resource group is low and does not', () => {
      const owner = driftOf(({ t, prod, deploy }) => t.assign(deploy, 'Owner', prod.scope));
      assert.equal(owner.grants.length, 1);
      assert.equal(owner.grants[0]?.change, 'added');
      assert.equal(owner.grants[0]?.tier, 0);
      assert.equal(owner.grants[0]?.severity, 'critical');
      assert.match(owner.grants[0]?.label ?? '', /^Owner on subscription 'prod'$/);
      assert.equal(owner.summary.failing >= 1, true);

      const reader = driftOf(({ t, prod, deploy }) => t.assign(deploy, 'Reader', t.resourceGroupScope(prod, 'rg-other')), { rules: [] });
      assert.deepEqual(reader.grants.map((grant) => [grant.change, grant.tier, grant.severity]), [['added', 3, 'low']]);
      assert.equal(reader.summary.failing, 0);
      assert.equal(diffSnapshots(buildTenant(), buildTenant(({ t, prod, deploy }) => t.assign(deploy, 'Reader', prod.scope)), { failOn: 'low', rules: [] }).summary.failing, 1);
    });

    it('a removed role assignment is reported and never fails the gate', () => {
      const drift = diffSnapshots(buildTenant(({ t, prod, deploy }) => t.assign(deploy, 'Owner', prod.scope)), buildTenant(), { failOn: 'info', rules: [] });
      assert.deepEqual(drift.grants.map((grant) => [grant.change, grant.severity]), [['removed', 'critical']]);
      assert.equal(drift.summary.failing, 0);
    });

    it('the same assignment id with another role is changed, and an escalation fails the gate', () => {
      const before = buildTenant(({ t, prod, deploy }) => t.assign(deploy, 'Reader', prod.scope, { name: guid('fixed-assignment') }));
      const after = buildTenant(({ t, prod, deploy }) => t.assign(deploy, 'Contributor', prod.scope, { name: guid('fixed-assignment') }));
      const drift = diffSnapshots(before, after, { failOn: 'high', rules: [] });
      assert.equal(drift.grants.length, 1);
      const [grant] = drift.grants;
      assert.equal(grant?.change, 'changed');
      assert.deepEqual(grant?.changes.map((change) => change.field), ['roleDefinitionId']);
      assert.equal(grant?.previousLabel, "Reader on subscription 'prod'");
      assert.equal(grant?.label, "Contributor on subscription 'prod'");
      assert.deepEqual([grant?.previousSeverity, grant?.severity], ['low', 'critical']);
      assert.equal(drift.summary.failing, 1);
      // The way back is a de-escalation: reported, not failing.
      assert.equal(diffSnapshots(after, before, { failOn: 'info', rules: [] }).summary.failing, 0);
    });

    it("one principal's assignment that keeps its name but moves scope is changed, not removed plus added", () => {
      const before = buildTenant(({ t, prod, deploy }) => t.assign(deploy, 'Reader', t.resourceGroupScope(prod, 'rg-a'), { name: guid('moving') }));
      const after = buildTenant(({ t, prod, deploy }) => t.assign(deploy, 'Reader', t.resourceGroupScope(prod, 'rg-b'), { name: guid('moving') }));
      const drift = diffSnapshots(before, after, { failOn: 'high', rules: [] });
      assert.deepEqual(drift.grants.map((grant) => [grant.change, grant.changes.map((change) => change.field)]), [['changed', ['scope']]]);
    });

    it('Key Vault access policy: permissions changed, and grading by write access', () => {
      const drift = driftOf(({ vault }) => {
        const policy = vault.keyVault?.accessPolicies[0];
        if (policy !== undefined) policy.permissions.secrets = ['get', 'set'];
      }, { rules: [] });
      assert.equal(drift.grants.length, 1);
      assert.equal(drift.grants[0]?.kind, 'keyVaultAccessPolicy');
      assert.deepEqual(drift.grants[0]?.changes, [{ field: 'secrets', old: ['get'], new: ['get', 'set'] }]);
      assert.deepEqual([drift.grants[0]?.previousSeverity, drift.grants[0]?.severity], ['medium', 'high']);
    });

    it('a changed grant of a principal gone in NEW is still named, from OLD', () => {
      const drift = driftOf(({ t, vault, deploy }) => {
        const policy = vault.keyVault?.accessPolicies[0];
        if (policy !== undefined) policy.permissions.secrets = ['list'];
        t.raw.servicePrincipals = t.raw.servicePrincipals.filter((sp) => sp.id !== deploy.principalId);
        t.raw.userAssignedIdentities = t.raw.userAssignedIdentities.filter((uami) => uami !== deploy);
      }, { rules: [] });
      const policy = drift.grants.find((grant) => grant.kind === 'keyVaultAccessPolicy');
      assert.equal(policy?.change, 'changed');
      assert.equal(policy?.principal.displayName, 'id-deploy');
    });

    it('Graph app role and Entra directory role assignments added, graded by tier', () => {
      const drift = driftOf(({ t, app, deploy }) => {
        t.graphPermission(app, 'RoleManagement.ReadWrite.Directory');
        t.graphPermission(deploy, 'User.Read.All');
        t.directoryRole(deploy, 'Global Administrator');
        t.directoryRole(app, 'Directory Readers');
      }, { rules: [] });
      assert.deepEqual(
        drift.grants.map((grant) => [grant.kind, grant.label, grant.severity]).sort(),
        [
          ['directoryRole', 'Entra role Directory Readers', 'low'],
          ['directoryRole', 'Entra role Global Administrator', 'critical'],
          ['graphAppRole', 'Microsoft Graph RoleManagement.ReadWrite.Directory', 'critical'],
          ['graphAppRole', 'Microsoft Graph User.Read.All', 'medium'],
        ],
      );
    });

    it('grants to users and groups are out of scope', () => {
      const drift = driftOf(({ t, prod }) => {
        t.assign(asPrincipal(t.user('alice')), 'Owner', prod.scope);
        t.assign(asPrincipal(t.group('ops')), 'Contributor', prod.scope);
      }, { rules: [] });
      assert.deepEqual(drift.grants, []);
    });
  });

  describe('federated credentials', () => {
    it('a changed subject, and an issuer that only changed case, are both changes (Entra compares verbatim)', () => {
      const drift = driftOf(({ t }) => {
        const fic = t.raw.federatedIdentityCredentials[0];
        const appFic = t.raw.federatedIdentityCredentials[1];
        if (fic === undefined || appFic === undefined) throw new Error('fixture changed');
        fic.subject = 'repo:contoso/app:pull_request';
        appFic.issuer = GITHUB_ISSUER.toUpperCase();
      });
      assert.deepEqual(
        drift.federatedCredentials.map((entry) => [entry.change, entry.name, entry.changes.map((change) => [change.field, change.new])]),
        [
          ['changed', 'gh-main', [['subject', 'repo:contoso/app:pull_request']]],
          ['changed', 'gh-release', [['issuer', GITHUB_ISSUER.toUpperCase()]]],
        ],
      );
    });

    it('added and removed credentials, audiences and claimsMatchingExpression compared', () => {
      const drift = driftOf(({ t, deploy }) => {
        t.raw.federatedIdentityCredentials.splice(1, 1);
        t.fic(deploy, { name: 'flex', issuer: GITHUB_ISSUER, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/*'" } });
        const fic = t.raw.federatedIdentityCredentials[0];
        if (fic !== undefined) fic.audiences = ['api://other'];
      }, { rules: [] });
      const summary = drift.federatedCredentials.map((entry) => [entry.change, entry.name, entry.changes.map((change) => change.field)]);
      assert.deepEqual(summary.sort(), [
        ['added', 'flex', []],
        ['changed', 'gh-main', ['audiences']],
        ['removed', 'gh-release', []],
      ]);
      const flex = drift.federatedCredentials.find((entry) => entry.name === 'flex');
      assert.equal(flex?.values['claimsMatchingExpression'], "claims['sub'] matches 'repo:contoso/*'");
      assert.equal(flex?.values['subject'], null);
    });
  });

  describe('dangling references', () => {
    it('a deleted identity still attached to a resource, and its role assignment whose principal is gone', () => {
      const drift = driftOf(({ t, deploy }) => {
        t.raw.userAssignedIdentities.splice(t.raw.userAssignedIdentities.indexOf(deploy), 1);
        t.raw.servicePrincipals.splice(t.raw.servicePrincipals.findIndex((sp) => sp.id === deploy.principalId), 1);
        t.raw.federatedIdentityCredentials.splice(0, 1);
      }, { rules: [] });
      assert.deepEqual(
        drift.dangling.map((entry) => [entry.kind, entry.displayName, entry.targetName]),
        [
          ['identityReference', 'app-web', 'id-deploy'],
          ['roleAssignmentPrincipal', `Reader at ${buildTenantScope('rg-app')}`, 'id-deploy'],
        ],
      );
      assert.deepEqual(drift.identities.map((entry) => [entry.change, entry.displayName]), [['removed', 'id-deploy']]);
    });

    it('what already dangled in OLD is not new; a principal Graph reports as not found is gone', () => {
      const gone = (handles: Handles): void => {
        handles.t.assignDeleted('ServicePrincipal', 'Reader', handles.prod.scope, 'old-app');
      };
      assert.deepEqual(diffSnapshots(buildTenant(gone), buildTenant(gone), { failOn: 'high', rules: [] }).dangling, []);
      const drift = diffSnapshots(
        buildTenant(({ t, prod }) => t.assign({ principalId: guid('deleted:old-app'), principalType: 'ServicePrincipal' }, 'Reader', prod.scope)),
        buildTenant(gone),
        { failOn: 'high', rules: [] },
      );
      assert.deepEqual(drift.dangling.map((entry) => [entry.kind, entry.target]), [['roleAssignmentPrincipal', guid('deleted:old-app')]]);
    });
  });

  describe('findings', () => {
    it('new and fixed findings by fingerprint, and a new high finding fails the gate', () => {
      const risky = ({ t, prod, deploy }: Handles): void => {
        t.assign(deploy, 'Owner', prod.scope);
      };
      const added = diffSnapshots(buildTenant(), buildTenant(risky), { failOn: 'high' });
      assert.ok(added.findings.new.some((finding) => finding.rule === 'privileged-role' && finding.severity === 'critical'));
      assert.deepEqual(added.findings.fixed, []);
      const fixed = diffSnapshots(buildTenant(risky), buildTenant(), { failOn: 'high' });
      assert.deepEqual(
        fixed.findings.fixed.map((finding) => finding.fingerprint).sort(),
        added.findings.new.map((finding) => finding.fingerprint).sort(),
      );
      assert.equal(fixed.summary.failing, 0);
      assert.equal(diffSnapshots(buildTenant(), buildTenant(risky), { failOn: 'none' }).summary.failing, 0);
    });
  });
});

function buildTenantScope(resourceGroup: string): string {
  return `/subscriptions/${guid('subscription:prod')}/resourceGroups/${resourceGroup}`;
}
