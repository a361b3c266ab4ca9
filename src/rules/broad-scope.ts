import { isBroadScopeLevel } from '../inventory/ids.js';
import { defineRule } from '../engine/define-rule.js';
import { canGrantAccess, canWriteControlPlane } from './util/actions.js';
import { assignmentRelated, describeScope, describeWorkload } from './util/refs.js';

// Broad = root, management group or subscription (rules-kb §D.4 [S27]). Roles that can grant access are
// reported by privileged-role instead, so one assignment is not reported twice.
export default defineRule({
  meta: {
    id: 'MIA-1002',
    name: 'broad-scope',
    category: 'broad-scope',
    severity: 'high',
    title: 'Workload identity can write at subscription, management group or root scope',
    why: 'A write-capable role at a broad scope reaches every resource group and resource below it, including ones created later. Contributor can also run code on compute that holds other managed identities and so escalate further.',
    fix: 'Assign the role at the resource group or resource the workload manages, or use a narrower role. Keep subscription-wide write for break-glass identities only.',
    references: [
      { title: 'Best practices for Azure RBAC: use narrow scope', url: 'https://learn.microsoft.com/azure/role-based-access-control/best-practices' },
      { title: 'Understand scope for Azure RBAC', url: 'https://learn.microsoft.com/azure/role-based-access-control/scope-overview' },
    ],
    requires: ['roleAssignments', 'roleDefinitions'],
  },
  check({ inventory, report }) {
    for (const workload of inventory.workloadIdentities) {
      if (workload.principalId === undefined) continue;
      for (const assignment of inventory.assignmentsOf(workload.principalId)) {
        const definition = assignment.definition;
        if (definition === undefined || !isBroadScopeLevel(assignment.scopeLevel)) continue;
        if (!canWriteControlPlane(definition) || canGrantAccess(definition)) continue;
        report({
          subject: workload.ref,
          severity: assignment.scopeLevel === 'subscription' ? 'high' : 'critical',
          message: `${describeWorkload(workload)} holds ${definition.roleName} on ${describeScope(inventory, assignment.scope)}.`,
          related: assignmentRelated(assignment),
          evidence: { roleName: definition.roleName, scope: assignment.scope, scopeLevel: assignment.scopeLevel },
          key: [assignment.roleDefinitionGuid, assignment.scope.toLowerCase()],
        });
      }
    }
  },
});
