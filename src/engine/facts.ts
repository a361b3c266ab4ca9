/**
 * Facts derived from the inventory that several rules need (an identity's privilege tier and grants), computed at
 * most once per principal and per run, and handed to every rule on its context. One `RunFacts` lives exactly as long
 * as one `runRules` call: no module-level cache outlives a scan or leaks between two inventories.
 *
 *   check({ inventory, facts, report }) { const { tier, grants } = facts.privilegeOf(workload.principalId); … }
 */
import type { Inventory } from '../inventory/model.js';
import { type Privilege, privilegeOf } from '../rules/util/privilege.js';

export interface RunFacts {
  /** The privilege of a principal (object id, any case): tier T0–T3 and every grant, most privileged first. Undefined → T3, no grants. */
  privilegeOf(principalId: string | undefined): Privilege;
}

export function createRunFacts(inventory: Inventory): RunFacts {
  const privileges = new Map<string, Privilege>();
  return {
    privilegeOf(principalId) {
      if (principalId === undefined) return privilegeOf(inventory, undefined);
      const key = principalId.trim().toLowerCase();
      let privilege = privileges.get(key);
      if (privilege === undefined) {
        privilege = privilegeOf(inventory, key);
        privileges.set(key, privilege);
      }
      return privilege;
    },
  };
}
