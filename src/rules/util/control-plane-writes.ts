/**
 * Which control-plane action patterns of a role really change something. Read-only patterns (`…/read`) and
 * incidental ones that many built-in roles carry without gaining reach (support tickets, resource-provider
 * registration, deployment records, which run with the caller's own permissions) do not count.
 * Basis: [S26][S27]; the incidental list is an inference from the built-in role JSON.
 */
import type { RoleDefinition } from '../../inventory/model.js';
import { actionMatches, isReadOnlyPattern } from './actions.js';

const INCIDENTAL_PATTERNS: readonly RegExp[] = [
  /^microsoft\.support\/\*$/i,
  /^microsoft\.[a-z0-9.]+\/register\/action$/i,
  /^microsoft\.resources\/deployments\/\*$/i,
];

/** True for patterns such as `Microsoft.Support/*` that do not widen what the holder can change. */
export function isIncidentalPattern(pattern: string): boolean {
  const trimmed = pattern.trim();
  return INCIDENTAL_PATTERNS.some((incidental) => incidental.test(trimmed));
}

/**
 * The role's `actions` patterns that can write, delete or act, minus incidental ones and minus patterns a
 * `notActions` entry of the same block removes entirely (NotActions is subtraction).
 */
export function controlPlaneWritePatterns(definition: Pick<RoleDefinition, 'permissions'>): string[] {
  const found: string[] = [];
  for (const block of definition.permissions) {
    for (const pattern of block.actions) {
      if (isReadOnlyPattern(pattern) || isIncidentalPattern(pattern)) continue;
      if (block.notActions.some((notAction) => actionMatches(notAction, pattern))) continue;
      if (!found.includes(pattern)) found.push(pattern);
    }
  }
  return found;
}
