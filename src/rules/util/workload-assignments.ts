import type { Inventory, RoleAssignment, RoleDefinition, WorkloadIdentity } from '../../inventory/model.js';

export interface WorkloadAssignment {
  readonly workload: WorkloadIdentity;
  readonly assignment: RoleAssignment;
  readonly definition: RoleDefinition;
}

/**
 * Every Azure role assignment held by a workload identity, with its resolved definition. Assignments whose
 * definition is not in the snapshot are skipped: without actions there is nothing to judge. Uncached: rules read the
 * join once per run through `context.facts.workloadAssignments()` (src/engine/facts.ts).
 */
export function workloadAssignments(inventory: Inventory): WorkloadAssignment[] {
  // A plain loop, not a generator: the join has one entry per assignment (100,000 on a large tenant).
  const joined: WorkloadAssignment[] = [];
  for (const workload of inventory.workloadIdentities) {
    if (workload.principalId === undefined) continue;
    for (const assignment of inventory.assignmentsOf(workload.principalId)) {
      if (assignment.definition !== undefined) joined.push({ workload, assignment, definition: assignment.definition });
    }
  }
  return joined;
}
