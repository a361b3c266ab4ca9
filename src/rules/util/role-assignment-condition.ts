/**
 * Does a role-assignment condition really constrain which roles the holder can grant? A simplified form of
 * the rules-kb RBAC-007 strength test (§D.6 [S32][S27]): version 2.0, both roleAssignments/write and /delete
 * gated by ActionMatches, RoleDefinitionId checked with an allow-list (ForAnyOfAnyValues:GuidEquals, never
 * GuidNotEquals), and no GUID in the condition naming a role that can itself grant access.
 * Conditions this cannot read count as not constraining, so the finding keeps its full severity.
 */
import { canonicalGuid } from '../../inventory/ids.js';
import type { Inventory, RoleAssignment } from '../../inventory/model.js';
import { canGrantAccess } from './actions.js';
import { ROLE } from './azure-roles.js';

const GRANTING_ROLE_IDS: ReadonlySet<string> = new Set([
  ROLE.owner,
  ROLE.userAccessAdministrator,
  ROLE.rbacAdministrator,
  ROLE.reservationsAdministrator,
]);

const GUID_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function conditionConstrainsGrantedRoles(inventory: Inventory, assignment: RoleAssignment): boolean {
  const condition = assignment.condition ?? '';
  if (condition.trim() === '' || assignment.conditionVersion !== '2.0') return false;
  const text = condition.replace(/\s+/g, ' ');
  const gatesWrite = /ActionMatches\s*\{\s*'Microsoft\.Authorization\/roleAssignments\/write'\s*\}/i.test(text);
  const gatesDelete = /ActionMatches\s*\{\s*'Microsoft\.Authorization\/roleAssignments\/delete'\s*\}/i.test(text);
  const allowList = /RoleDefinitionId\]\s*ForAnyOfAnyValues:GuidEquals/i.test(text);
  const denyList = /GuidNotEquals/i.test(text);
  if (!gatesWrite || !gatesDelete || !allowList || denyList) return false;
  for (const match of text.matchAll(GUID_ANYWHERE)) {
    const id = canonicalGuid(match[0]);
    if (GRANTING_ROLE_IDS.has(id)) return false;
    const definition = inventory.roleDefinition(id);
    if (definition !== undefined && canGrantAccess(definition)) return false;
  }
  return true;
}
