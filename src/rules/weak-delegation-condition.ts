import { defineRule } from '../engine/define-rule.js';
import type { Severity } from '../engine/severity.js';
import { describeWorkload } from './util/refs.js';
import type { DelegationConditionAssessment, GrantingRole } from './util/role-assignment-condition.js';

// RBAC-007 (strength test), [S32] (attributes, operators, weak variants), [S27] (Microsoft recommends
// constraining conditions). The condition is parsed and evaluated for "grant role R" / "delete an assignment of role R"
// probes (util/role-assignment-condition.ts). No condition at all is privileged-role's finding, not this one.

function lowerFirst(text: string): string {
  return `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

function names(roles: readonly GrantingRole[]): string {
  const list = roles.map((role) => role.name);
  if (list.length <= 2) return list.join(' and ');
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1] ?? ''}`;
}

function gradeOf(assessment: DelegationConditionAssessment): { severity: Severity; weakness: string } | undefined {
  const { grantableRoles, deletableRoles } = assessment;
  switch (assessment.verdict) {
    case 'strong':
      return undefined;
    case 'not-evaluated':
      return { severity: 'info', weakness: `mi-audit could not evaluate (${assessment.notEvaluatedReason ?? 'unsupported form'}), so whether it constrains the roles granted is unknown` };
    case 'complete-deny-list':
      return { severity: 'low', weakness: 'excludes every role that can grant access but is a deny-list, so it lets the identity grant any other role, Contributor and Key Vault Administrator included' };
    case 'weak': {
      const parts: string[] = [];
      if (grantableRoles.length > 0) parts.push(`still lets the identity grant ${names(grantableRoles)}`);
      const deleteOnly = deletableRoles.filter((role) => !grantableRoles.some((granted) => granted.id === role.id));
      if (deletableRoles.length > 0 && grantableRoles.length === 0) parts.push(`does not stop it deleting assignments of ${names(deletableRoles)}`);
      else if (deleteOnly.length > 0) parts.push(`does not stop it deleting assignments of ${names(deleteOnly)}`);
      if (!assessment.versionOk) parts.push('is not a version 2.0 condition');
      return { severity: 'medium', weakness: parts.join(', and ') };
    }
  }
}

export default defineRule({
  meta: {
    id: 'MIA-1008',
    name: 'weak-delegation-condition',
    category: 'privileged-role',
    severity: 'medium',
    title: 'Role-assignment condition on a workload identity does not stop it granting privileged roles',
    why: "A condition on a role that can create role assignments is the only thing keeping the holder from granting Owner or User Access Administrator. A deny-list that misses one of them, an allow-list that includes one, or a condition that gates roleAssignments/write but not /delete leaves the escalation path open while looking constrained.",
    fix: "Replace the condition with Microsoft's 'Constrain roles' template: version 2.0, both roleAssignments/write and roleAssignments/delete gated, and an allow-list (ForAnyOfAnyValues:GuidEquals) of the data-plane roles the workload must grant; optionally constrain PrincipalType or PrincipalId too.",
    references: [
      { title: 'Delegate Azure role assignment management to others with conditions', url: 'https://learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-overview' },
      { title: 'Examples to delegate Azure role assignment management with conditions', url: 'https://learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-examples' },
      { title: 'Azure role assignment condition format and syntax', url: 'https://learn.microsoft.com/azure/role-based-access-control/conditions-format' },
    ],
    requires: ['roleAssignments', 'roleDefinitions'],
  },
  check({ facts, report }) {
    for (const { workload, assignment, definition } of facts.workloadAssignments()) {
      if (!facts.canGrantAccess(definition)) continue;
      const assessment = facts.delegationAssessment(assignment);
      if (assessment === undefined) continue;
      const grade = gradeOf(assessment);
      if (grade === undefined) continue;
      const scope = facts.describeScope(assignment.scope);
      report({
        subject: { ...assignment.ref, displayName: `${definition.roleName} on ${scope}` },
        severity: grade.severity,
        message: `${definition.roleName} on ${scope}, held by ${lowerFirst(describeWorkload(workload))}, has a condition that ${grade.weakness}.`,
        related: [{ ...workload.ref, relation: 'assignee' }, ...facts.assignmentRelated(assignment).filter((ref) => ref.relation !== 'roleAssignment')],
        evidence: {
          verdict: assessment.verdict,
          roleName: definition.roleName,
          scope: assignment.scope,
          conditionVersion: assignment.conditionVersion ?? null,
          condition: assignment.condition ?? null,
          grantablePrivilegedRoles: assessment.grantableRoles.map((role) => role.name),
          deletablePrivilegedRoles: assessment.deletableRoles.map((role) => role.name),
          writeAllowsUnnamedRoles: assessment.writeAllowsUnnamedRoles,
          deleteAllowsUnnamedRoles: assessment.deleteAllowsUnnamedRoles,
          notEvaluatedReason: assessment.notEvaluatedReason ?? null,
        },
        ...(grade.severity === 'info'
          ? { remediation: "Review the condition by hand against Microsoft's 'Constrain roles' template (both actions gated, an allow-list of data-plane roles, version 2.0), or rewrite it in that form so it can be checked." }
          : {}),
      });
    }
  },
});
