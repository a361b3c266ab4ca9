/**
 * Effective-action evaluation for Azure role definitions (`grants()`):
 * an action is granted when some `actions` pattern matches it and no `notActions` pattern of the same
 * permission block does. `*` is a wildcard; matching is case-insensitive. NotActions is subtraction, not deny.
 */
import type { RoleDefinition } from '../../inventory/model.js';

/** Answers `grants(definition, action)`; the per-run facts (engine/facts.ts) pass a memoised one to helpers. */
export type GrantsQuestion = (definition: Pick<RoleDefinition, 'permissions'>, action: string) => boolean;

// Plain ASCII without line breaks: a case-insensitive glob compare answers exactly what the regex below would, without
// building one per call (rules ask per assignment; a per-run memo of whole answers lives in engine/facts.ts).
const PLAIN_ASCII = /^[\x00-\x09\x0b\x0c\x0e-\x7f]*$/;

/** True when the action pattern (`*` wildcard, case-insensitive, surrounding whitespace ignored) matches `action`. */
export function actionMatches(pattern: string, action: string): boolean {
  const trimmed = pattern.trim();
  if (PLAIN_ASCII.test(trimmed) && PLAIN_ASCII.test(action)) return globMatches(trimmed.toLowerCase().split('*'), action.toLowerCase());
  const source = trimmed
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(action);
}

/** `parts` are the pattern split at `*`: the first anchors the start, the last the end, the others match leftmost in order. */
function globMatches(parts: readonly string[], text: string): boolean {
  const first = parts[0] ?? '';
  if (parts.length === 1) return first === text;
  const last = parts[parts.length - 1] ?? '';
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  const end = text.length - last.length;
  let at = first.length;
  for (let index = 1; index < parts.length - 1; index += 1) {
    const part = parts[index] ?? '';
    const found = text.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/**
 * True when the definition's control-plane actions grant `action`. Uncached: rules ask through
 * `context.facts.grants`, which answers once per definition and action per run.
 */
export function grants(definition: Pick<RoleDefinition, 'permissions'>, action: string): boolean {
  return definition.permissions.some(
    (block) =>
      block.actions.some((pattern) => actionMatches(pattern, action)) &&
      !block.notActions.some((pattern) => actionMatches(pattern, action)),
  );
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
