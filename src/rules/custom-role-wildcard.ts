import { isBroadScopeLevel } from '../azure/ids.js';
import type { RoleDefinition } from '../inventory/model.js';
import { defineRule } from '../engine/define-rule.js';
import type { Severity } from '../engine/severity.js';
import { actionMatches, isReadOnlyPattern } from './util/actions.js';
import { isIncidentalPattern } from './util/control-plane-writes.js';
import { assignmentEvidence, describeWorkload } from './util/refs.js';

/**
 * RBAC-005 ([S27][S26]): a custom role with a wildcard that writes, deletes or acts (`*`,
 * `*\/write`, `Microsoft.Compute/*`, `…/*\/action`) in actions or dataActions, assigned to a workload identity.
 * Read-only wildcards (`…/*\/read`) and incidental ones (`Microsoft.Support/*`) stay silent, as do wildcards a
 * notActions entry removes entirely.
 *
 * Severity: critical when the role can escalate (roleAssignments/write, roleDefinitions/write, elevateAccess,
 * or a bare `*`) at root, management group or subscription; high when it can escalate at a narrower scope or
 * writes by wildcard at a broad scope; medium for a write wildcard on a resource group or resource.
 */

const ESCALATION_ACTIONS: readonly string[] = [
  'Microsoft.Authorization/roleAssignments/write',
  'Microsoft.Authorization/roleDefinitions/write',
  'Microsoft.Authorization/elevateAccess/Action',
];

export default defineRule({
  meta: {
    id: 'MIA-1004',
    name: 'custom-role-wildcard',
    category: 'custom-role-wildcard',
    severity: 'high',
    title: 'Custom role with write, delete or action wildcards assigned to a workload identity',
    why: 'A wildcard grants every matching operation, including ones a resource provider adds later, so the role silently grows. Write wildcards over a whole provider usually include running code on compute or reading keys, which reaches other identities and data.',
    fix: 'List the operations the workload needs explicitly in the custom role (Actions and DataActions), without wildcards, and never include Microsoft.Authorization writes. Narrow the role assignable scopes to where it is used.',
    references: [
      { title: 'Best practices for Azure RBAC: avoid wildcards in custom roles', url: 'https://learn.microsoft.com/azure/role-based-access-control/best-practices' },
      { title: 'Azure custom roles', url: 'https://learn.microsoft.com/azure/role-based-access-control/custom-roles' },
    ],
    requires: ['roleAssignments', 'roleDefinitions'],
  },
  check({ facts, report }) {
    for (const { workload, assignment, definition } of facts.workloadAssignments()) {
      if (definition.roleType !== 'CustomRole') continue;
      const actions = writeWildcards(definition, 'actions');
      const dataActions = writeWildcards(definition, 'dataActions');
      if (actions.length === 0 && dataActions.length === 0) continue;
      const escalates = facts.canGrantAccess(definition) || ESCALATION_ACTIONS.some((action) => facts.grants(definition, action));
      const everything = actions.some((pattern) => pattern.trim() === '*');
      const broad = isBroadScopeLevel(assignment.scopeLevel);
      const severity: Severity =
        (escalates || everything) && broad ? 'critical' : escalates || everything || broad ? 'high' : 'medium';
      const patterns = [...actions, ...dataActions].map((pattern) => `'${pattern}'`).join(', ');
      report({
        subject: workload.ref,
        severity,
        message: `${describeWorkload(workload)} holds custom role ${definition.roleName} on ${facts.describeScope(assignment.scope)}, which grants ${patterns}.`,
        related: facts.assignmentRelated(assignment),
        evidence: assignmentEvidence(assignment, {
          wildcardActions: actions,
          wildcardDataActions: dataActions,
          canEscalate: escalates,
          assignableScopes: definition.assignableScopes,
        }),
        key: [assignment.roleDefinitionGuid, assignment.scope.toLowerCase()],
      });
    }
  },
});

/** Wildcard patterns that write, delete or act, and that no notActions/notDataActions entry removes entirely. */
function writeWildcards(definition: Pick<RoleDefinition, 'permissions'>, plane: 'actions' | 'dataActions'): string[] {
  const found: string[] = [];
  for (const block of definition.permissions) {
    const granted = plane === 'actions' ? block.actions : block.dataActions;
    const removed = plane === 'actions' ? block.notActions : block.notDataActions;
    for (const pattern of granted) {
      if (!pattern.includes('*') || isReadOnlyPattern(pattern) || isIncidentalPattern(pattern)) continue;
      if (removed.some((notPattern) => actionMatches(notPattern, pattern))) continue;
      if (!found.includes(pattern)) found.push(pattern);
    }
  }
  return found;
}
