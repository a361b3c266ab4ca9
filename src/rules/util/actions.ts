/**
 * Effective-action evaluation for Azure role definitions (`grants()`):
 * an action is granted when some `actions` pattern matches it and no `notActions` pattern of the same
 * permission block does. `*` is a wildcard; matching is case-insensitive. NotActions is subtraction, not deny.
 */
import type { RoleDefinition } from '../../inventory/model.js';

const patternCache = new Map<string, RegExp>();

export function actionMatches(pattern: string, action: string): boolean {
  let regex = patternCache.get(pattern);
  if (regex === undefined) {
    const source = pattern
      .trim()
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    regex = new RegExp(`^${source}$`, 'i');
    patternCache.set(pattern, regex);
  }
  return regex.test(action);
}

// Rules ask the same question of the same definition for every assignment (100k on large tenants): memoize.
const grantCache = new WeakMap<object, Map<string, boolean>>();

/** True when the definition's control-plane actions grant `action`. */
export function grants(definition: Pick<RoleDefinition, 'permissions'>, action: string): boolean {
  let answers = grantCache.get(definition);
  if (answers === undefined) {
    answers = new Map();
    grantCache.set(definition, answers);
  }
  const cached = answers.get(action);
  if (cached !== undefined) return cached;
  const granted = definition.permissions.some(
    (block) =>
      block.actions.some((pattern) => actionMatches(pattern, action)) &&
      !block.notActions.some((pattern) => actionMatches(pattern, action)),
  );
  answers.set(action, granted);
  return granted;
}

/**
 * Actions that only read, although they are not named `…/read`: Key Vault secret retrieval and metadata,
 * and the user-delegation key a blob reader needs for a SAS limited to its own read rights. Without them
 * Key Vault Secrets User and Storage Blob Data Reader would rank as write-capable (they belong
 * in T2, read-only data access).
 */
const READ_LIKE_ACTIONS = /\/(getSecret|readMetadata|generateUserDelegationKey)\/action$/i;

/** A pattern that only reads: it ends in /read (e.g. "*\/read", "Microsoft.Storage/*\/read") or is a read-like action. */
export function isReadOnlyPattern(pattern: string): boolean {
  const trimmed = pattern.trim();
  return /\/read$/i.test(trimmed) || READ_LIKE_ACTIONS.test(trimmed);
}

/** True when any data action can write, delete or act (anything beyond reading). */
export function canWriteDataPlane(definition: Pick<RoleDefinition, 'permissions'>): boolean {
  return definition.permissions.some((block) => block.dataActions.some((pattern) => !isReadOnlyPattern(pattern)));
}

export const ROLE_ASSIGNMENT_WRITE = 'Microsoft.Authorization/roleAssignments/write';
export const FIC_WRITE = 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write';
export const IDENTITY_ASSIGN = 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action';

/** Can grant access: effective actions include roleAssignments/write (Owner, UAA, RBAC Admin, such custom roles). */
export function canGrantAccess(definition: Pick<RoleDefinition, 'permissions'>): boolean {
  return grants(definition, ROLE_ASSIGNMENT_WRITE);
}
