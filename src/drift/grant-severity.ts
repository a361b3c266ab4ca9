/**
 * A grant's severity in the diff gate comes from its privilege tier (src/rules/util/privilege.ts):
 *   T0 (can take over the tenant or a subscription: grant access, Contributor/identity-takeover role at a broad
 *       scope, tier-0 Graph permission, privileged Entra role)            → critical
 *   T1 (any other write, write data role, tier-1 Graph permission, other Entra role, writing access policy) → high
 *   T2 (read-only data access)                                             → medium
 *   T3 (metadata reads only; Directory Readers; a policy the vault ignores) → low
 *   unknown (the role definition is not in the snapshot)                   → high: a grant that cannot be graded
 *       must not pass the default gate silently.
 */
import type { Severity } from '../engine/severity.js';
import type { Tier } from '../rules/util/privilege.js';

const BY_TIER: Readonly<Record<Tier, Severity>> = { 0: 'critical', 1: 'high', 2: 'medium', 3: 'low' };

export const UNKNOWN_TIER_SEVERITY: Severity = 'high';

export function grantSeverity(tier: Tier | null): Severity {
  return tier === null ? UNKNOWN_TIER_SEVERITY : BY_TIER[tier];
}
