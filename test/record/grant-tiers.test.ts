import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import { createRunFacts } from '../../src/engine/facts.js';
import { buildInventory } from '../../src/inventory/build.js';
import { grantReachOf } from '../../src/record/grants.js';
import { accessPolicyGrantTier, azureRoleGrantTier, directoryRoleGrantTier, graphPermissionGrantTier, privilegeOf, roleReach } from '../../src/rules/util/privilege.js';
import { readSnapshotFile } from '../../src/snapshot/read.js';
import type { Inventory, KeyVaultAccessPolicy, Resource } from '../../src/inventory/model.js';

describe('per-grant tiers (what the identity record ranks and shows)', () => {
  it('equal the tiers privilegeOf lists, grant by grant, and its best tier, for every principal of the demo', async () => {
    const inventory = buildInventory(await readSnapshotFile(DEMO_SNAPSHOT_PATH));
    const facts = createRunFacts(inventory);
    const principals = new Set<string>();
    for (const workload of inventory.workloadIdentities) if (workload.principalId !== undefined) principals.add(workload.principalId);
    for (const assignment of inventory.roleAssignments) principals.add(assignment.principalId);
    let grantsSeen = 0;
    const kinds = new Set<string>();
    for (const principal of principals) {
      const privilege = privilegeOf(inventory, principal);
      const perGrant = [
        ...inventory.assignmentsOf(principal).map((assignment) => azureRoleGrantTier(assignment, (definition) => roleReach(definition))),
        ...inventory.appRoleAssignmentsOf(principal).map((appRole) => graphPermissionGrantTier(appRole)),
        ...inventory.directoryRoleAssignmentsOf(principal).map((grant) => directoryRoleGrantTier(inventory, grant)),
        ...inventory.accessPoliciesOf(principal).map(({ vault, policy }) => accessPolicyGrantTier(vault, policy)),
      ].filter((tier) => tier !== undefined);
      assert.deepEqual(perGrant.sort(), privilege.grants.map((grant) => grant.tier).sort(), principal);
      assert.equal(grantReachOf(inventory, facts, principal).tier, privilege.tier, principal);
      grantsSeen += privilege.grants.length;
      for (const grant of privilege.grants) kinds.add(grant.kind);
    }
    assert.ok(grantsSeen > 50, 'the demo holds grants');
    assert.ok(kinds.has('azureRole') && kinds.has('graphPermission') && kinds.has('keyVaultAccessPolicy'), [...kinds].join());
  });

  it('tier Key Vault access policies and Entra roles as the privilege model says', () => {
    const vault = (rbac: boolean): Resource => ({ keyVault: { enableRbacAuthorization: rbac } }) as unknown as Resource;
    const policy = (permissions: KeyVaultAccessPolicy['permissions']): KeyVaultAccessPolicy => ({ permissions }) as KeyVaultAccessPolicy;
    assert.equal(accessPolicyGrantTier(vault(false), policy({ secrets: ['Get', 'List'], keys: ['get'] })), 2, 'get/list only: T2');
    assert.equal(accessPolicyGrantTier(vault(false), policy({ secrets: ['get'], certificates: ['Import'] })), 1, 'anything else: T1');
    assert.equal(accessPolicyGrantTier(vault(false), policy({})), 2, 'no permissions');
    assert.equal(accessPolicyGrantTier(vault(true), policy({ secrets: ['set'] })), undefined, 'inert on an RBAC vault');
    const noDefinitions = { directoryRoleDefinition: () => undefined } as unknown as Inventory;
    assert.equal(directoryRoleGrantTier(noDefinitions, { roleDefinitionId: '62E90394-69F5-4237-9190-012177145E10' }), 0, 'Global Administrator');
    assert.equal(directoryRoleGrantTier(noDefinitions, { roleDefinitionId: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b' }), undefined, 'Directory Readers');
    assert.equal(directoryRoleGrantTier(noDefinitions, { roleDefinitionId: '00000000-0000-4000-8000-000000000000' }), 1, 'another role');
  });
});
