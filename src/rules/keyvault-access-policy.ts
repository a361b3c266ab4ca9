import { defineRule } from '../engine/define-rule.js';
import type { Severity } from '../engine/severity.js';
import type { KeyVaultAccessPolicy } from '../inventory/model.js';
import { describeWorkload } from './util/refs.js';

/**
 * G.0 tier T1 ("a Key Vault access policy beyond get/list") and [S28]: on a vault that uses the
 * access-policy model (enableRbacAuthorization false), a policy that lets a workload identity do more than read.
 * High when it can change, export or destroy (set, delete, purge, backup, restore, import, all, …); medium when
 * the only extra permissions are cryptographic use of keys (encrypt, decrypt, wrapKey, unwrapKey, sign, verify).
 * Vaults on the RBAC model ignore their access policies and stay silent.
 */

const PERMISSION_GROUPS = ['keys', 'secrets', 'certificates', 'storage'] as const;
type PermissionGroup = (typeof PERMISSION_GROUPS)[number];

// Read-only permissions (lowercase). get/list plus their issuer and rotation-policy counterparts.
const READ_PERMISSIONS: ReadonlySet<string> = new Set(['get', 'list', 'getissuers', 'listissuers', 'getrotationpolicy']);
// Using a key without being able to read, change or export it.
const KEY_USE_PERMISSIONS: ReadonlySet<string> = new Set(['encrypt', 'decrypt', 'wrapkey', 'unwrapkey', 'sign', 'verify']);

export default defineRule({
  meta: {
    id: 'MIA-1007',
    name: 'keyvault-access-policy',
    category: 'keyvault-access-policy',
    severity: 'high',
    title: 'Key Vault access policy grants a workload identity more than get/list',
    why: 'Access policies apply to the whole vault: a policy with set, delete, purge or backup lets whoever controls the identity overwrite, export or destroy every secret, key or certificate in it, not only the one the workload reads.',
    fix: 'Reduce the policy to get and list on the object types the workload reads, or move the vault to the Azure RBAC permission model and grant Key Vault Secrets User (or Certificate/Crypto User) on the vault.',
    references: [
      { title: 'Azure RBAC vs. access policies in Key Vault', url: 'https://learn.microsoft.com/azure/key-vault/general/rbac-access-policy' },
      { title: 'Migrate to Azure RBAC from access policies', url: 'https://learn.microsoft.com/azure/key-vault/general/rbac-migration' },
    ],
    requires: ['resources'],
  },
  check({ inventory, report }) {
    for (const vault of inventory.resources) {
      const properties = vault.keyVault;
      if (properties === undefined || properties.enableRbacAuthorization) continue;
      for (const policy of properties.accessPolicies) {
        const workload = inventory.workloadByPrincipal(policy.objectId);
        if (workload === undefined) continue;
        const beyond = permissionsBeyondRead(policy);
        if (beyond.length === 0) continue;
        const onlyKeyUse = beyond.every((entry) => entry.group === 'keys' && KEY_USE_PERMISSIONS.has(entry.permission.toLowerCase()));
        const severity: Severity = onlyKeyUse ? 'medium' : 'high';
        const labels = beyond.map((entry) => `${entry.group}:${entry.permission}`);
        report({
          subject: workload.ref,
          severity,
          message: `${describeWorkload(workload)} has an access policy on Key Vault '${vault.name}' that grants ${labels.join(', ')} beyond get/list.`,
          remediation: `Reduce the access policy of ${describeWorkload(workload)} on '${vault.name}' to get and list, or move the vault to the Azure RBAC permission model and grant Key Vault Secrets User, Certificate User or Crypto User instead.`,
          related: [{ relation: 'keyVault', kind: 'resource', id: vault.id, displayName: vault.name }],
          evidence: {
            vaultName: vault.name,
            enableRbacAuthorization: false,
            beyondGetList: labels,
            keys: policy.permissions.keys ?? [],
            secrets: policy.permissions.secrets ?? [],
            certificates: policy.permissions.certificates ?? [],
            storage: policy.permissions.storage ?? [],
            applicationId: policy.applicationId ?? null,
          },
          key: [vault.id.toLowerCase(), ...(typeof policy.applicationId === 'string' ? [policy.applicationId.toLowerCase()] : [])],
        });
      }
    }
  },
});

function permissionsBeyondRead(policy: KeyVaultAccessPolicy): { group: PermissionGroup; permission: string }[] {
  return PERMISSION_GROUPS.flatMap((group) =>
    (policy.permissions[group] ?? [])
      .filter((permission) => !READ_PERMISSIONS.has(permission.trim().toLowerCase()))
      .map((permission) => ({ group, permission })),
  );
}
