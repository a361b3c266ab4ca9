/**
 * diffSnapshots: two snapshots of one tenant in, the drift out. Pure (no I/O, no clock): each snapshot is
 * analysed as of its own collectedAt. Used by `mi-audit diff` and usable as a library.
 */
import type { Rule } from '../engine/types.js';
import { buildInventory } from '../inventory/build.js';
import type { FailOn } from '../policy/gate.js';
import type { Snapshot } from '../snapshot/schema.js';
import { assembleDrift, assertSameTenant } from './assemble.js';
import { diffDangling } from './dangling.js';
import { diffFederatedCredentials } from './federated-credentials.js';
import { diffFindings } from './findings.js';
import { diffGrants } from './grants.js';
import { diffIdentities } from './identities.js';
import type { Drift, DriftSide } from './model.js';

export interface DiffOptions {
  readonly failOn: FailOn;
  /** The rules to run for new/fixed findings; default: the whole catalog. */
  readonly rules?: readonly Rule[];
  /** File names (or other labels) for error messages. */
  readonly oldOrigin?: string;
  readonly newOrigin?: string;
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
  assertSameTenant(before.tenantId, after.tenantId, 'snapshots', options);
  const oldInventory = buildInventory(before);
  const newInventory = buildInventory(after);
  const side = (snapshot: Snapshot, complete: boolean): DriftSide => ({ input: 'snapshot', collectedAt: snapshot.collectedAt, scope: snapshot.scope, coverageComplete: complete });
  return assembleDrift(
    {
      tenantId: after.tenantId,
      cloud: after.cloud,
      old: side(before, oldInventory.coverage.complete),
      new: side(after, newInventory.coverage.complete),
      failOn: options.failOn,
    },
    {
      identities: diffIdentities(oldInventory, newInventory),
      grants: diffGrants(oldInventory, newInventory),
      federatedCredentials: diffFederatedCredentials(oldInventory, newInventory),
      dangling: diffDangling(oldInventory, newInventory),
      findings: diffFindings({ inventory: oldInventory, collectedAt: before.collectedAt }, { inventory: newInventory, collectedAt: after.collectedAt }, options.rules),
    },
  );
}
