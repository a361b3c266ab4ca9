/**
 * Who can become an identity without being it: principals holding a role assignment that adds a federated
 * credential to a user-assigned identity or attaches it to compute (the takeover-path rule's reading,
 * src/rules/util/identity-control.ts), and the owners of an app registration (they can add credentials to it).
 * System-assigned identities are controlled through their host (whoever can deploy code to it); that is not
 * listed here.
 */
import { canonicalGuid } from '../azure/ids.js';
import type { Inventory, WorkloadIdentity } from '../inventory/model.js';
import type { RunFacts } from '../engine/facts.js';
import { principalRelated } from '../rules/util/principals.js';
import { describeScope } from '../rules/util/refs.js';
import type { Controller } from './schema.js';
import { compareText } from '../core/compare-text.js';

/** Controllers of a workload identity, sorted by capability then name; never the identity itself. */
export function controllersOf(
  inventory: Inventory,
  facts: Pick<RunFacts, 'controlGrantsOver'>,
  workload: Pick<WorkloadIdentity, 'kind' | 'ref' | 'principalId' | 'application'>,
): Controller[] {
  const controllers: Controller[] = [];
  const self = workload.principalId === undefined ? undefined : canonicalGuid(workload.principalId);
  if (workload.kind === 'userAssignedIdentity') {
    for (const { assignment, capability } of facts.controlGrantsOver(workload.ref.id)) {
      if (canonicalGuid(assignment.principalId) === self) continue;
      const roleName = assignment.definition?.roleName ?? assignment.roleDefinitionGuid;
      const principal = principalOf(inventory, assignment.principalId, assignment.principalType);
      controllers.push(controller(principal, principal.displayName, capability, `${roleName} on ${describeScope(inventory, assignment.scope)}`, assignment.id));
    }
  }
  for (const owner of workload.application?.owners ?? []) {
    if (canonicalGuid(owner.id) === self) continue;
    const principal = principalOf(inventory, owner.id, owner.type);
    controllers.push(controller(principal, owner.displayName ?? principal.displayName, 'owner', 'owner of the app registration', null));
  }
  return controllers.length > 1 ? controllers.sort(byCapabilityThenName) : controllers;
}

const CAPABILITY_ORDER = { 'add-federated-credential': 0, owner: 1, attach: 2 } as const;

function byCapabilityThenName(a: Controller, b: Controller): number {
  return CAPABILITY_ORDER[a.capability] - CAPABILITY_ORDER[b.capability] || compareText(a.displayName ?? a.id, b.displayName ?? b.id) || compareText(a.via, b.via);
}

/**
 * Every field named, in the record's member order: a spread followed by more members (`{ ...principal, capability }`)
 * gives each object a hidden class of its own in Node 20's V8, allocated in the old generation, where only a full
 * GC frees it; at 80,000 controllers on the 100k-assignment tenant that was 40 MB of the export's peak.
 */
function controller(principal: ReturnType<typeof principalOf>, displayName: string | null, capability: Controller['capability'], via: string, assignmentId: string | null): Controller {
  return { id: principal.id, type: principal.type, displayName, capability, via, assignmentId };
}

/** A principal id with what Graph (or the identity inventory) says about it; type `unknown` when unresolved. */
export function principalOf(inventory: Inventory, id: string, typeHint?: string): { id: string; type: string; displayName: string | null } {
  const related = principalRelated(inventory, id, 'principal', typeHint);
  return { id, type: related.kind === 'directoryObject' ? 'unknown' : related.kind, displayName: related.displayName ?? null };
}
