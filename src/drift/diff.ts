/**
 * diffSnapshots: two snapshots of one tenant in, the drift out. Pure (no I/O, no clock): each snapshot is
 * analysed as of its own collectedAt. Used by `mi-audit diff` and usable as a library.
 */
import { InputError } from '../core/errors.js';
import { escapeUntrusted } from '../core/untrusted-text.js';
import { VERSION } from '../core/version.js';
import type { Rule } from '../engine/types.js';
import { buildInventory } from '../inventory/build.js';
import { canonicalGuid } from '../azure/ids.js';
import type { FailOn } from '../policy/gate.js';
import type { Snapshot } from '../snapshot/schema.js';
import { diffDangling } from './dangling.js';
import { diffFederatedCredentials } from './federated-credentials.js';
import { diffFindings } from './findings.js';
import { countFailing } from './gate.js';
import { diffGrants } from './grants.js';
import { diffIdentities } from './identities.js';
import { type ChangeType, type CountByChange, type Drift, DRIFT_KIND, DRIFT_SCHEMA_VERSION } from './model.js';

export interface DiffOptions {
  readonly failOn: FailOn;
  /** The rules to run for new/fixed findings; default: the whole catalog. */
  readonly rules?: readonly Rule[];
  /** File names (or other labels) for error messages. */
  readonly oldOrigin?: string;
  readonly newOrigin?: string;
}

function countByChange(changes: readonly { readonly change: ChangeType }[]): CountByChange {
  const count = (change: ChangeType): number => changes.filter((entry) => entry.change === change).length;
  return { added: count('added'), removed: count('removed'), changed: count('changed') };
}

/**
 * The drift from OLD to NEW: identities, grants and FICs added/removed/changed (matched by canonical id),
 * references that became dangling, findings new/fixed (by fingerprint), and `summary.failing`, the number of new
 * or escalated grants and new findings at or above `options.failOn` (gate.ts). Semantics and JSON: docs/drift.md;
 * why a deleted identity leaves references behind:
 * https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-manage-user-assigned-managed-identities
 *
 * @returns the drift from `before` (OLD) to `after` (NEW); every list sorted deterministically.
 * @throws InputError (exit 2) when the snapshots are of different tenants: their objects never match, so every
 *   object would read as removed and re-added.
 */
export function diffSnapshots(before: Snapshot, after: Snapshot, options: DiffOptions): Drift {
  if (canonicalGuid(before.tenantId) !== canonicalGuid(after.tenantId)) {
    throw new InputError(
      // Tenant ids come from the files: escaped like any tenant text before they reach the terminal.
      `cannot diff snapshots of different tenants: ${options.oldOrigin ?? 'OLD'} is tenant ${escapeUntrusted(before.tenantId)}, ${options.newOrigin ?? 'NEW'} is tenant ${escapeUntrusted(after.tenantId)}`,
    );
  }
  const oldInventory = buildInventory(before);
  const newInventory = buildInventory(after);
  const identities = diffIdentities(oldInventory, newInventory);
  const grants = diffGrants(oldInventory, newInventory);
  const federatedCredentials = diffFederatedCredentials(oldInventory, newInventory);
  const dangling = diffDangling(oldInventory, newInventory);
  const findings = diffFindings(before, after, options.rules);
  return {
    kind: DRIFT_KIND,
    schemaVersion: DRIFT_SCHEMA_VERSION,
    tool: { name: 'mi-audit', version: VERSION },
    tenantId: after.tenantId,
    cloud: after.cloud,
    old: { collectedAt: before.collectedAt, scope: before.scope, coverageComplete: oldInventory.coverage.complete },
    new: { collectedAt: after.collectedAt, scope: after.scope, coverageComplete: newInventory.coverage.complete },
    failOn: options.failOn,
    summary: {
      identities: countByChange(identities),
      grants: countByChange(grants),
      federatedCredentials: countByChange(federatedCredentials),
      dangling: dangling.length,
      findings: { new: findings.new.length, fixed: findings.fixed.length },
      failing: countFailing(grants, findings.new, options.failOn),
    },
    identities,
    grants,
    federatedCredentials,
    dangling,
    findings,
  };
}
