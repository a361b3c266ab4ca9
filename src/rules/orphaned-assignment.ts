import { defineRule } from '../engine/define-rule.js';
import { isBroadScopeLevel } from '../azure/ids.js';
import type { RoleAssignment } from '../inventory/model.js';
import { principalRelated } from './util/principals.js';

// Role assignments are not deleted with their principal ([S34]); ARM keeps the original
// principalType, so only a Graph lookup tells ([S41][S33]). Freshly created principals can look missing
// while Entra replicates, hence the grace period ([S33], ORPH-001). Foreign-tenant groups cannot be
// resolved in this tenant and are skipped.
const GRACE_MINUTES = 60;

/** True when the assignment was created less than the grace period before the snapshot (or after it). */
function isRecent(assignment: RoleAssignment, collectedAt: string): boolean {
  if (typeof assignment.createdOn !== 'string') return false;
  const created = Date.parse(assignment.createdOn);
  const collected = Date.parse(collectedAt);
  if (Number.isNaN(created) || Number.isNaN(collected)) return false;
  return collected - created < GRACE_MINUTES * 60_000;
}

export default defineRule({
  meta: {
    id: 'MIA-3002',
    name: 'orphaned-assignment',
    category: 'orphaned-assignment',
    severity: 'low',
    title: 'Role assignment to a principal that no longer exists',
    why: 'Azure does not delete role assignments when their principal is deleted. The leftovers count toward the role-assignment limit of the subscription and clutter access reviews, where they hide the assignments that matter.',
    fix: 'Delete the role assignment (az role assignment delete --ids <id>). If the principal was a managed identity that was recreated, grant the role to the new principal instead.',
    references: [
      { title: 'Troubleshoot Azure RBAC: role assignments with identity not found', url: 'https://learn.microsoft.com/azure/role-based-access-control/troubleshooting' },
      { title: 'Managed identity best practice recommendations', url: 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identity-best-practice-recommendations' },
    ],
    requires: ['roleAssignments', 'directoryObjects'],
  },
  check({ inventory, facts, report }) {
    for (const assignment of inventory.roleAssignments) {
      const principalType = assignment.principalType.toLowerCase();
      if (principalType === 'foreigngroup') continue;
      const notFound = inventory.isUnresolvedPrincipal(assignment.principalId);
      const unknownType = principalType === 'unknown' && inventory.directoryObject(assignment.principalId) === undefined;
      if (!notFound && !unknownType) continue;
      if (isRecent(assignment, inventory.collectedAt)) continue;

      const definition = assignment.definition;
      const roleName = definition?.roleName ?? assignment.roleDefinitionGuid;
      const grantsAccess = definition !== undefined && facts.canGrantAccess(definition);
      const broad = isBroadScopeLevel(assignment.scopeLevel);
      report({
        subject: { ...assignment.ref, displayName: facts.assignmentLabel(assignment) },
        severity: grantsAccess || broad ? 'medium' : 'low',
        message: `${facts.assignmentLabel(assignment)} is assigned to ${assignment.principalType} ${assignment.principalId}, which no longer exists in the directory.`,
        related: [
          principalRelated(inventory, assignment.principalId, 'deletedPrincipal', assignment.principalType),
          { relation: 'role', kind: 'roleDefinition', id: assignment.roleDefinitionId, displayName: roleName },
          { relation: 'scope', kind: 'scope', id: assignment.scope },
        ],
        evidence: {
          principalId: assignment.principalId,
          principalType: assignment.principalType,
          reason: notFound ? 'not found by Graph directoryObjects/getByIds' : 'principalType Unknown',
          roleName,
          canGrantAccess: grantsAccess,
          scope: assignment.scope,
          scopeLevel: assignment.scopeLevel,
          createdOn: assignment.createdOn ?? null,
          createdBy: assignment.createdBy ?? null,
        },
      });
    }
  },
});
