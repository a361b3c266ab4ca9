/**
 * A small tenant for drift tests, built twice (OLD and NEW) from one recipe: TenantBuilder's GUIDs are
 * deterministic, so everything the recipe does not change is identical in both snapshots.
 */
import { diffSnapshots, type DiffOptions } from '../../src/drift/diff.js';
import type { Drift } from '../../src/drift/model.js';
import type { Snapshot, SnapshotApplication, SnapshotResource, SnapshotUserAssignedIdentity } from '../../src/snapshot/schema.js';
import { GITHUB_ISSUER, type SubscriptionHandle, TenantBuilder } from '../helpers/tenant-builder.js';

export interface Handles {
  readonly t: TenantBuilder;
  readonly prod: SubscriptionHandle;
  readonly deploy: SnapshotUserAssignedIdentity;
  readonly web: SnapshotResource;
  readonly vault: SnapshotResource;
  readonly app: SnapshotApplication;
}

/** id-deploy (GitHub FIC, Reader on rg-app) used by app-web; a vault with an access policy; a federated app. */
export function buildTenant(change: (handles: Handles) => void = () => undefined, options: { tenantId?: string; collectedAt?: string } = {}): Snapshot {
  const t = new TenantBuilder(options);
  const prod = t.subscription('prod');
  const deploy = t.uami({ name: 'id-deploy', subscription: prod });
  t.fic(deploy, { name: 'gh-main', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:ref:refs/heads/main' });
  t.assign(deploy, 'Reader', t.resourceGroupScope(prod, 'rg-app'));
  const web = t.resource({ type: 'Microsoft.Web/sites', name: 'app-web', subscription: prod, userAssigned: [deploy] });
  const vault = t.resource({
    type: 'Microsoft.KeyVault/vaults',
    name: 'kv-app',
    subscription: prod,
    keyVault: { enableRbacAuthorization: false, accessPolicies: [{ tenantId: t.tenantId, objectId: deploy.principalId, permissions: { secrets: ['get'] } }] },
  });
  const app = t.application({ displayName: 'ci-deployer' });
  t.fic(app, { name: 'gh-release', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:environment:release' });
  change({ t, prod, deploy, web, vault, app });
  return t.build();
}

/** OLD = the base tenant, NEW = the base tenant with `change` applied. */
export function driftOf(change: (handles: Handles) => void, options: Partial<DiffOptions> = {}): Drift {
  return diffSnapshots(buildTenant(), buildTenant(change), { failOn: 'high', ...options });
}
