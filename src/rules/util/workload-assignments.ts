import type { Inventory, RoleAssignment, RoleDefinition, WorkloadIdentity } from '../../inventory/model.js';
import { ROLE_ASSIGNMENT_WRITE, grants } from './actions.js';
import { describeScope } from './refs.js';

/**
 * A workload identity's Azure role assignment with its resolved definition, and what privileged-role,
 * data-role-preferred, broad-scope and others ask of every entry, answered once per run in the join instead of once
 * per rule and entry (docs/performance.md, "Rule pass, round 5").
 */
export interface WorkloadAssignment {
  readonly workload: WorkloadIdentity;
  readonly assignment: RoleAssignment;
  readonly definition: RoleDefinition;
  /** The definition's effective actions include roleAssignments/write (Owner, UAA, RBAC Administrator, such custom roles). */
  readonly grantsAccess: boolean;
  /** `describeScope` of the assignment's scope: "resource group 'rg-app' (contoso-prod)". */
  readonly scopeName: string;
  /** The scope lowercased, as findings put it in their fingerprint key; one string per distinct scope string. */
  readonly scopeKey: string;
}

/** What the join asks per definition and scope; the run's facts (src/engine/facts.ts) answer each once per run. */
export interface JoinLookups {
  readonly canGrantAccess: (definition: RoleDefinition) => boolean;
  readonly describeScope: (scope: string) => string;
}

/**
 * Every Azure role assignment held by a workload identity, with its resolved definition, in inventory order (workload
 * by workload). Assignments whose definition is not in the snapshot are skipped: without actions there is nothing to
 * judge; so is an assignment that repeats an earlier one's role and scope for the same principal (the first is kept;
 * https://learn.microsoft.com/azure/role-based-access-control/troubleshooting, RoleAssignmentExists). Uncached
 * (`lookups` default to the uncached functions): rules read the join once per run through
 * `context.facts.workloadAssignments()` (src/engine/facts.ts). Role assignments:
 * https://learn.microsoft.com/azure/role-based-access-control/role-assignments
 */
export function workloadAssignments(
  inventory: Inventory,
  lookups: JoinLookups = {
    canGrantAccess: (definition) => grants(definition, ROLE_ASSIGNMENT_WRITE),
    describeScope: (scope) => describeScope(inventory, scope),
  },
): WorkloadAssignment[] {
  // Per scope string (a tenant has far fewer scopes than assignments): its name and its lowercase key, made once.
  const scopes = new Map<string, { readonly name: string; readonly key: string }>();
  // A plain loop, not a generator: the join has one entry per assignment (100,000 on a large tenant).
  const joined: WorkloadAssignment[] = [];
  const seen = new Set<string>();
  for (const workload of inventory.workloadIdentities) {
    if (workload.principalId === undefined) continue;
    const held = inventory.assignmentsOf(workload.principalId);
    // This workload's entries start here; a few are searched in place, many through a set of "role|scope" texts.
    const first = joined.length;
    const many = held.length > FEW;
    seen.clear();
    for (const assignment of held) {
      const definition = assignment.definition;
      if (definition === undefined) continue;
      let scope = scopes.get(assignment.scope);
      if (scope === undefined) {
        scope = { name: lookups.describeScope(assignment.scope), key: assignment.scope.toLowerCase() };
        scopes.set(assignment.scope, scope);
      }
      // A second assignment of one role to one principal at one scope (ARM refuses it, RoleAssignmentExists, but a
      // snapshot can carry both, e.g. read twice under two ids) grants nothing more: it is joined once, so rules
      // that key a finding by role and scope report one root cause once instead of failing on a repeated fingerprint.
      if (many) {
        const key = `${assignment.roleDefinitionGuid}|${scope.key}`;
        if (seen.has(key)) continue;
        seen.add(key);
      } else if (joinedBefore(joined, first, assignment.roleDefinitionGuid, scope.key)) {
        continue;
      }
      joined.push({ workload, assignment, definition, grantsAccess: lookups.canGrantAccess(definition), scopeName: scope.name, scopeKey: scope.key });
    }
  }
  return joined;
}

// Up to this many assignments per principal, a repeated role and scope is found by comparing with the principal's
// entries so far: no "role|scope" text per assignment (92,000 on the 100k tenant, each hashed into a set).
const FEW = 16;

/** Whether `joined[first…]` already has an entry of this role at this (lowercase) scope. */
function joinedBefore(joined: readonly WorkloadAssignment[], first: number, roleDefinitionGuid: string, scopeKey: string): boolean {
  for (let at = first; at < joined.length; at++) {
    const entry = joined[at];
    if (entry !== undefined && entry.scopeKey === scopeKey && entry.assignment.roleDefinitionGuid === roleDefinitionGuid) return true;
  }
  return false;
}
