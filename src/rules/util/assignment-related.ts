/**
 * Related objects of a role-assignment finding with display names on every entry, so a reader of the JSON
 * report sees which role, scope and assignment are meant without a second lookup.
 */
import type { Inventory, RelatedRef, RoleAssignment } from '../../inventory/model.js';
import { describeScope } from './refs.js';

export function namedAssignmentRelated(inventory: Inventory, assignment: RoleAssignment): RelatedRef[] {
  const roleName = assignment.definition?.roleName ?? assignment.roleDefinitionGuid;
  const scopeName = describeScope(inventory, assignment.scope);
  return [
    { relation: 'roleAssignment', kind: 'roleAssignment', id: assignment.id, displayName: `${roleName} on ${scopeName}` },
    { relation: 'role', kind: 'roleDefinition', id: assignment.roleDefinitionId, displayName: roleName },
    { relation: 'scope', kind: 'scope', id: assignment.scope, displayName: scopeName },
  ];
}
