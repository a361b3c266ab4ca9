import { isBroadScopeLevel } from '../azure/ids.js';
import type { Inventory, WorkloadIdentity } from '../inventory/model.js';
import { defineRule } from '../engine/define-rule.js';
import { IDENTITY_TAKEOVER_ROLE_IDS, ROLE } from './util/azure-roles.js';
import { controlPlaneWritePatterns } from './util/control-plane-writes.js';
import { assignmentEvidence, describeWorkload } from './util/refs.js';

// Broad = root, management group or subscription ([S27]; RBAC-003, RBAC-006). High at
// subscription, critical at management group or root. Roles that can grant access are reported by
// privileged-role instead, so one assignment is not reported twice. Roles whose only non-read actions are
// incidental (Microsoft.Support/*, provider registration) stay silent: they cannot change resources.
//
// Identities of Azure Policy assignments (DeployIfNotExists/Modify) get a finding-specific fix: the roles they need are
// the ones the policy definition lists in roleDefinitionIds, and tag-only Modify policies need Tag Contributor, not
// Contributor (https://learn.microsoft.com/azure/governance/policy/how-to/remediate-resources#configure-the-policy-definition).
const POLICY_ASSIGNMENT_ID = /\/providers\/microsoft\.authorization\/policyassignments\/[^/]+$/i;

/** True when the identity is (or is used by) a policy assignment, whether or not the assignment was collected. */
function belongsToPolicy(inventory: Inventory, workload: WorkloadIdentity): boolean {
  if (workload.hostPolicyAssignment !== undefined) return true;
  if (workload.hostNotFound !== undefined) return POLICY_ASSIGNMENT_ID.test(workload.hostNotFound.hostId ?? '');
  return workload.kind === 'userAssignedIdentity' && inventory.policyAssignmentsUsing(workload.ref.id).length > 0;
}

const POLICY_FIX =
  'This identity does the remediation of an Azure Policy assignment. Grant it only the roles listed in the policy definition (roleDefinitionIds), at the narrowest scope the assignment needs; for policies that only modify tags, Tag Contributor replaces Contributor. Re-assign the role, then remove the broad one.';

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
  check({ inventory, facts, report }) {
    for (const { workload, assignment, definition, grantsAccess, scopeName, scopeKey } of facts.workloadAssignments()) {
      if (!isBroadScopeLevel(assignment.scopeLevel) || grantsAccess) continue;
      const writes = controlPlaneWritePatterns(definition);
      if (writes.length === 0) continue;
      // AzTier tier 0 ([S31]): can run code as, attach or federate other managed identities.
      const identityTakeover =
        assignment.roleDefinitionGuid === ROLE.contributor || IDENTITY_TAKEOVER_ROLE_IDS.has(assignment.roleDefinitionGuid);
      report({
        subject: workload.ref,
        severity: assignment.scopeLevel === 'subscription' ? 'high' : 'critical',
        message: `${describeWorkload(workload)} holds ${definition.roleName} on ${scopeName}.`,
        related: facts.assignmentRelated(assignment),
        evidence: assignmentEvidence(assignment, {
          writeActions: writes,
          identityTakeover,
        }),
        key: [assignment.roleDefinitionGuid, scopeKey],
        ...(belongsToPolicy(inventory, workload) ? { remediation: POLICY_FIX } : {}),
      });
    }
  },
});
