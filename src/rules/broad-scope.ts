import { isBroadScopeLevel } from '../inventory/ids.js';
import { defineRule } from '../engine/define-rule.js';
import { workloadAssignments } from './util/workload-assignments.js';
import { canGrantAccess } from './util/actions.js';
import { IDENTITY_TAKEOVER_ROLE_IDS, ROLE } from './util/azure-roles.js';
import { controlPlaneWritePatterns } from './util/control-plane-writes.js';
import { assignmentEvidence, assignmentRelated, describeScope, describeWorkload } from './util/refs.js';

// Broad = root, management group or subscription ([S27]; RBAC-003, RBAC-006). High at
// subscription, critical at management group or root. Roles that can grant access are reported by
// privileged-role instead, so one assignment is not reported twice. Roles whose only non-read actions are
// incidental (Microsoft.Support/*, provider registration) stay silent: they cannot change resources.
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
    for (const { workload, assignment, definition } of workloadAssignments(inventory)) {
      if (!isBroadScopeLevel(assignment.scopeLevel) || canGrantAccess(definition)) continue;
      const writes = controlPlaneWritePatterns(definition);
      if (writes.length === 0) continue;
      // AzTier tier 0 ([S31]): can run code as, attach or federate other managed identities.
      const identityTakeover =
        assignment.roleDefinitionGuid === ROLE.contributor || IDENTITY_TAKEOVER_ROLE_IDS.has(assignment.roleDefinitionGuid);
      report({
        subject: workload.ref,
        severity: assignment.scopeLevel === 'subscription' ? 'high' : 'critical',
        message: `${describeWorkload(workload)} holds ${definition.roleName} on ${describeScope(inventory, assignment.scope)}.`,
        related: assignmentRelated(inventory, assignment),
        evidence: {
          ...assignmentEvidence(assignment),
          writeActions: writes,
          identityTakeover,
        },
        key: [assignment.roleDefinitionGuid, assignment.scope.toLowerCase()],
      });
    }
  },
});
