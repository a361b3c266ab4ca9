/**
 * Grant records of an identity-record export (`record.grants`), keyed and compared as grants.ts keys and compares
 * a snapshot's, so the two inputs give the same changes: Azure role assignments by assignment id (a moved one
 * by principal + name), access policies by vault + principal, Graph app role and Entra role assignments by id.
 * An export has no applicationId of an access policy (compound identities), so it keys those by vault + object id.
 */
import { canonicalArmId, canonicalGuid, parseArmId } from '../azure/ids.js';
import type { IdentityRecord } from '../record/schema.js';
import type { GrantRecord } from './grants.js';
import { sortedList } from './keyed.js';

function lowerSorted(values: readonly string[]): readonly string[] {
  return sortedList(values.map((value) => value.toLowerCase()));
}

/** Every grant of every record, once by key (a principal's grants appear under one record only). */
export function recordGrants(records: readonly IdentityRecord[]): GrantRecord[] {
  const byKey = new Map<string, GrantRecord>();
  for (const record of records) {
    if (record.ids.principalId === null) continue;
    const principalId = canonicalGuid(record.ids.principalId);
    const principal = { id: principalId, displayName: record.name };
    for (const grant of record.grants) {
      const base = { principal, label: grant.summary, tier: grant.tier };
      let entry: GrantRecord;
      switch (grant.kind) {
        case 'azureRole': {
          const id = canonicalArmId(grant.assignmentId);
          const name = parseArmId(grant.assignmentId).name;
          entry = {
            ...base,
            key: `azureRole:${id}`,
            kind: 'azureRole',
            id: grant.assignmentId,
            name: name === undefined ? null : canonicalGuid(name),
            values: { principalId, roleDefinitionId: canonicalGuid(grant.roleDefinitionId), scope: canonicalArmId(grant.scope), condition: grant.condition },
          };
          break;
        }
        case 'keyVaultAccessPolicy':
          entry = {
            ...base,
            key: `keyVaultAccessPolicy:${canonicalArmId(grant.vaultId)}:${principalId}:`,
            kind: 'keyVaultAccessPolicy',
            id: grant.vaultId,
            name: null,
            values: {
              keys: lowerSorted(grant.permissions.keys),
              secrets: lowerSorted(grant.permissions.secrets),
              certificates: lowerSorted(grant.permissions.certificates),
              storage: lowerSorted(grant.permissions.storage),
              enableRbacAuthorization: grant.inert,
            },
          };
          break;
        case 'graphPermission':
          entry = {
            ...base,
            key: `graphAppRole:${canonicalGuid(grant.assignmentId)}`,
            kind: 'graphAppRole',
            id: grant.assignmentId,
            name: null,
            values: { principalId, resourceId: canonicalGuid(grant.resourceId), appRoleId: canonicalGuid(grant.appRoleId) },
          };
          break;
        case 'directoryRole':
          entry = {
            ...base,
            key: `directoryRole:${canonicalGuid(grant.assignmentId)}`,
            kind: 'directoryRole',
            id: grant.assignmentId,
            name: null,
            values: { principalId, roleDefinitionId: canonicalGuid(grant.roleDefinitionId), directoryScopeId: grant.directoryScopeId },
          };
          break;
      }
      if (!byKey.has(entry.key)) byKey.set(entry.key, entry);
    }
  }
  return [...byKey.values()];
}
