import { defineRule } from '../engine/define-rule.js';
import { canonicalGuid } from '../azure/ids.js';
import { describeWorkload } from './util/refs.js';

/**
 * A Key Vault access policy names a principal by its Entra object id (AccessPolicyEntry.objectId). A policy written
 * with a workload identity's client id (app id) instead names nobody: Key Vault grants it to no principal, the
 * workload is denied, and the identity looks unused. Reported on vaults that use access policies (on the RBAC model
 * the vault ignores its access policies). An objectId that is also some principal's object id is left alone.
 * Sources: https://learn.microsoft.com/rest/api/keyvault/keyvault/vaults/create-or-update#accesspolicyentry,
 * https://learn.microsoft.com/azure/key-vault/general/assign-access-policy.
 */
export default defineRule({
  meta: {
    id: 'MIA-1009',
    name: 'keyvault-policy-client-id',
    category: 'keyvault-access-policy',
    severity: 'low',
    title: 'Key Vault access policy names an identity by its client id, so it grants nothing',
    why: 'Access policies are matched on the object id of the principal. A policy that holds a client (application) id matches no principal: the workload it was meant for is denied at run time, the identity looks unused in reviews, and the broken entry hides what access was intended.',
    fix: 'Replace the access policy with one for the object (principal) id of the identity, e.g. az keyvault set-policy --object-id <principal id>, and delete the entry keyed by the client id; or move the vault to the Azure RBAC permission model and assign a Key Vault data role to the principal.',
    references: [
      { title: 'Key Vault AccessPolicyEntry: objectId is the object id of a user, service principal or group', url: 'https://learn.microsoft.com/rest/api/keyvault/keyvault/vaults/create-or-update#accesspolicyentry' },
      { title: 'Assign a Key Vault access policy', url: 'https://learn.microsoft.com/azure/key-vault/general/assign-access-policy' },
    ],
    requires: ['resources', 'servicePrincipals'],
  },
  check({ inventory, report }) {
    for (const vault of inventory.resources) {
      const properties = vault.keyVault;
      if (properties === undefined || properties.enableRbacAuthorization) continue;
      for (const policy of properties.accessPolicies) {
        if (inventory.servicePrincipal(policy.objectId) !== undefined || inventory.directoryObject(policy.objectId) !== undefined) continue;
        const sp = inventory.servicePrincipalByAppId(policy.objectId);
        const workload = sp === undefined ? undefined : inventory.workloadByPrincipal(sp.id);
        if (sp === undefined || workload === undefined) continue;
        const granted = [...(policy.permissions.keys ?? []), ...(policy.permissions.secrets ?? []), ...(policy.permissions.certificates ?? []), ...(policy.permissions.storage ?? [])];
        report({
          subject: workload.ref,
          message: `The access policy on Key Vault '${vault.name}' names ${policy.objectId}, the client id of ${describeWorkload(workload)}, not its object id ${sp.id}: it matches no principal and grants nothing.`,
          remediation: `Add an access policy on '${vault.name}' for object id ${sp.id} with the permissions the workload needs, then remove the entry for ${policy.objectId}; or move the vault to the Azure RBAC permission model and assign a Key Vault data role to ${sp.id}.`,
          related: [
            { relation: 'keyVault', kind: 'resource', id: vault.id, displayName: vault.name },
            { relation: 'servicePrincipal', kind: 'servicePrincipal', id: sp.id, displayName: sp.displayName },
          ],
          evidence: {
            vaultName: vault.name,
            policyObjectId: policy.objectId,
            clientId: sp.appId,
            principalId: sp.id,
            intendedPermissions: granted,
          },
          key: [vault.id.toLowerCase(), canonicalGuid(policy.objectId)],
        });
      }
    }
  },
});
