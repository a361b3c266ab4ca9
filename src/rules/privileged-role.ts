import { isBroadScopeLevel } from '../azure/ids.js';
import { defineRule } from '../engine/define-rule.js';
import { shiftSeverity } from '../engine/severity.js';
import { assignmentEvidence, describeWorkload } from './util/refs.js';
import { conditionConstrainsGrantedRoles } from './util/role-assignment-condition.js';

// Privileged = effective actions include roleAssignments/write ([S26][S28], RBAC-001/002).
// Contributor is not: its notActions remove Microsoft.Authorization/*/Write. Critical at root, MG or subscription,
// high below; one step lower when a v2.0 condition allow-lists the roles it may grant ([S32], RBAC-007).
export default defineRule({
  meta: {
    id: 'MIA-1001',
    name: 'privileged-role',
    category: 'privileged-role',
    severity: 'critical',
    title: 'Workload identity holds a role that can grant access',
    why: 'A role with Microsoft.Authorization/roleAssignments/write lets whoever controls the identity grant any role, including Owner, to any principal at or below the scope. Compromise of the workload becomes compromise of the scope.',
    fix: 'Replace the role with the job-function role the workload needs at the narrowest scope. If the workload must create role assignments, constrain it with a role-assignment condition that allow-lists the roles it may grant.',
    references: [
      { title: 'Azure built-in roles: privileged', url: 'https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/privileged' },
      { title: 'Best practices for Azure RBAC', url: 'https://learn.microsoft.com/azure/role-based-access-control/best-practices' },
      { title: 'Delegate Azure role assignment management using conditions', url: 'https://learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-overview' },
    ],
    requires: ['roleAssignments', 'roleDefinitions'],
  },
  check({ facts, report }) {
    for (const { workload, assignment, definition, grantsAccess, scopeName: scope, scopeKey } of facts.workloadAssignments()) {
      if (!grantsAccess) continue;
      const broad = isBroadScopeLevel(assignment.scopeLevel);
      const constrained = conditionConstrainsGrantedRoles(facts, assignment);
      const hasCondition = typeof assignment.condition === 'string' && assignment.condition.trim() !== '';
      report({
        subject: workload.ref,
        severity: shiftSeverity(broad ? 'critical' : 'high', constrained ? -1 : 0),
        message: constrained
          ? `${describeWorkload(workload)} holds ${definition.roleName} on ${scope}, so it can grant the roles its condition allows there.`
          : `${describeWorkload(workload)} holds ${definition.roleName} on ${scope}, so it can grant any role there.`,
        related: facts.assignmentRelated(assignment),
        evidence: assignmentEvidence(assignment, {
          roleType: definition.roleType,
          hasCondition,
          conditionConstrainsRoles: constrained,
        }),
        key: [assignment.roleDefinitionGuid, scopeKey],
      });
    }
  },
});
