import { canonicalGuid } from '../azure/ids.js';
import type { DirectoryRoleAssignment, Inventory, RelatedRef } from '../inventory/model.js';
import { defineRule } from '../engine/define-rule.js';
import { shiftSeverity } from '../engine/severity.js';
import { DIRECTORY_READERS_TEMPLATE_ID, ENTRA_TIER0_ROLES } from './util/entra-roles.js';
import { describeWorkload } from './util/refs.js';

/**
 * ENTRA-001 ([S39][S31]): a privileged Entra directory role, i.e. Microsoft marks it
 * isPrivileged or it is on the AzTier tier-0 list (either suffices; evidence reports both). Critical at the
 * directory scope `/`; one step lower when scoped to an administrative unit or a single object. Other roles
 * (and Directory Readers) stay silent: the category is "privileged".
 */

type DirectoryScopeKind = 'directory' | 'administrativeUnit' | 'object';

export default defineRule({
  meta: {
    id: 'MIA-1006',
    name: 'directory-role',
    category: 'directory-role',
    severity: 'critical',
    title: 'Workload identity holds a privileged Entra directory role',
    why: 'A privileged directory role gives a direct or indirect path to Global Administrator: it can reset credentials, add secrets to applications or assign roles. Whoever can run code as, or federate into, the workload inherits that path to the whole tenant.',
    fix: 'Remove the directory role from the workload identity. Grant the narrowest Microsoft Graph permission the task needs, or scope the role to an administrative unit, and keep privileged roles for humans through PIM.',
    references: [
      { title: 'Privileged roles and permissions in Microsoft Entra ID', url: 'https://learn.microsoft.com/entra/identity/role-based-access-control/privileged-roles-permissions' },
      { title: 'Microsoft Entra built-in roles', url: 'https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference' },
    ],
    requires: ['directoryRoles'],
  },
  check({ inventory, report }) {
    for (const workload of inventory.workloadIdentities) {
      if (workload.principalId === undefined) continue;
      for (const grant of inventory.directoryRoleAssignmentsOf(workload.principalId)) {
        const definition = inventory.directoryRoleDefinition(grant.roleDefinitionId);
        const templateId = canonicalGuid(definition?.templateId ?? grant.roleDefinitionId);
        if (templateId === DIRECTORY_READERS_TEMPLATE_ID) continue;
        const microsoftPrivileged = definition?.isPrivileged ?? null;
        const azTierTier0 = ENTRA_TIER0_ROLES.has(templateId);
        if (microsoftPrivileged !== true && !azTierTier0) continue;
        const roleName = definition?.displayName ?? ENTRA_TIER0_ROLES.get(templateId) ?? grant.roleDefinitionId;
        const scopeKind = directoryScopeKind(grant.directoryScopeId);
        const where =
          scopeKind === 'directory'
            ? 'the whole directory'
            : scopeKind === 'administrativeUnit'
              ? `administrative unit ${grant.directoryScopeId.split('/').pop() ?? grant.directoryScopeId}`
              : `directory object ${grant.directoryScopeId.replace(/^\//, '')}`;
        report({
          subject: workload.ref,
          severity: shiftSeverity('critical', scopeKind === 'directory' ? 0 : -1),
          message: `${describeWorkload(workload)} holds the privileged Entra role ${roleName} over ${where}.`,
          related: directoryRelated(inventory, grant, roleName, scopeKind),
          evidence: {
            roleName,
            roleTemplateId: templateId,
            directoryScopeId: grant.directoryScopeId,
            scopeKind,
            microsoftPrivileged,
            azTierTier0,
          },
          key: [templateId, grant.directoryScopeId.toLowerCase()],
        });
      }
    }
  },
});

function directoryScopeKind(directoryScopeId: string): DirectoryScopeKind {
  const scope = directoryScopeId.trim();
  if (scope === '/' || scope === '') return 'directory';
  return /^\/administrativeUnits\//i.test(scope) ? 'administrativeUnit' : 'object';
}

function directoryRelated(
  inventory: Inventory,
  grant: DirectoryRoleAssignment,
  roleName: string,
  scopeKind: DirectoryScopeKind,
): RelatedRef[] {
  const related: RelatedRef[] = [
    { relation: 'directoryRole', kind: 'directoryRole', id: grant.roleDefinitionId, displayName: roleName },
    { relation: 'directoryRoleAssignment', kind: 'directoryRoleAssignment', id: grant.id, displayName: `${roleName} over ${grant.directoryScopeId}` },
  ];
  if (scopeKind !== 'directory') {
    const objectId = grant.directoryScopeId.split('/').pop() ?? grant.directoryScopeId;
    const known = inventory.directoryObject(objectId)?.displayName ?? inventory.application(objectId)?.displayName;
    related.push({
      relation: 'directoryScope',
      kind: 'directoryObject',
      id: grant.directoryScopeId,
      displayName: known ?? (scopeKind === 'administrativeUnit' ? 'administrative unit' : 'directory object'),
    });
  }
  return related;
}
