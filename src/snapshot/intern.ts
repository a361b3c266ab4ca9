import { createInterner } from '../core/intern.js';

/**
 * Shares one copy of each repeated string in a parsed snapshot. JSON.parse makes a new string for every
 * occurrence, and a tenant's snapshot repeats the same role-definition ids, principal ids, scopes, types and dates
 * across 100,000 role assignments: about half its string bytes are copies. Walks plain objects and arrays in
 * place (the value must be freshly parsed and not yet shared) and returns it; a string on its own comes back
 * interned. Members named `name` are left alone, and so is the `id` of an item of a collection whose ids nothing
 * else names (OWN_ID_COLLECTIONS): looking them up would cost time and save nothing. Every other `id` is shared:
 * a service principal's is the principal of role assignments, a resource's is in its identity's alternative names,
 * a user-assigned identity's is attached to resources (about 7 MB at 100,000 role assignments).
 * Time: one Map lookup per other string (about 0.5 s for the 87 MB bench snapshot).
 */
export function internStrings<T>(value: T): T {
  const intern = stringInterner();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return intern(value);
  // A whole snapshot: each collection as the file reader does it, item by item.
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const item = record[key];
    if (Array.isArray(item)) record[key] = intern(item, key);
    else record[key] = intern(item);
  }
  return value;
}

/**
 * Snapshot collections whose items' ids appear nowhere else in a snapshot (a role assignment's id is its own; a
 * principal is named by its object id, a credential by its owner).
 */
const OWN_ID_COLLECTIONS: ReadonlySet<string> = new Set(['roleAssignments', 'federatedIdentityCredentials', 'appRoleAssignments', 'directoryRoleAssignments']);

/**
 * `internStrings` with one table shared by every value given to the returned function (a snapshot read piece by
 * piece). `collection`: the snapshot member the value is an item of (or the whole array of), for its ids.
 */
export function stringInterner(): <T>(value: T, collection?: string) => T {
  const intern = createInterner();
  const visit = (node: unknown, internIds: boolean): void => {
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index += 1) {
        const item: unknown = node[index];
        if (typeof item === 'string') node[index] = intern(item);
        else if (typeof item === 'object' && item !== null) visit(item, internIds);
      }
      return;
    }
    const record = node as Record<string, unknown>;
    for (const key in record) {
      const item = record[key];
      if (typeof item === 'string') {
        if (key !== 'name' && (internIds || key !== 'id')) record[key] = intern(item);
      } else if (typeof item === 'object' && item !== null) visit(item, true);
    }
  };
  return <T>(value: T, collection?: string): T => {
    // A string on its own is an item of a list of strings (unresolvedPrincipalIds) read one item at a time.
    if (typeof value === 'string') return intern(value) as T;
    if (typeof value === 'object' && value !== null) visit(value, collection === undefined || !OWN_ID_COLLECTIONS.has(collection));
    return value;
  };
}
