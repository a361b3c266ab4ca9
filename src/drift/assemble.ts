/**
 * The parts every drift shares, whatever it was computed from (two snapshots: diff.ts; two exports:
 * record-diff.ts): the tenant check, the summary counts and the gate count, so both inputs give one model.
 */
import { InputError } from '../core/errors.js';
import { escapeUntrusted } from '../core/untrusted-text.js';
import { VERSION } from '../core/version.js';
import { canonicalGuid } from '../azure/ids.js';
import type { FailOn } from '../policy/gate.js';
import type { Cloud } from '../snapshot/schema.js';
import { countFailing } from './gate.js';
import {
  type ChangeType,
  type CountByChange,
  type DanglingReference,
  type Drift,
  DRIFT_KIND,
  DRIFT_SCHEMA_VERSION,
  type DriftSide,
  type FederatedCredentialChange,
  type FindingChange,
  type GrantChange,
  type IdentityChange,
} from './model.js';

export interface DriftParts {
  readonly identities: readonly IdentityChange[];
  readonly grants: readonly GrantChange[];
  readonly federatedCredentials: readonly FederatedCredentialChange[];
  readonly dangling: readonly DanglingReference[];
  readonly findings: { readonly new: readonly FindingChange[]; readonly fixed: readonly FindingChange[] };
}

/**
 * @throws InputError (exit 2) when the tenants differ: their objects never match, so every object would read as
 *   removed and re-added. `noun` is `snapshots` or `exports`; origins are the file names.
 */
export function assertSameTenant(oldTenant: string, newTenant: string, noun: string, origins: { readonly oldOrigin?: string; readonly newOrigin?: string }): void {
  if (canonicalGuid(oldTenant) === canonicalGuid(newTenant)) return;
  throw new InputError(
    // Tenant ids come from the files: escaped like any tenant text before they reach the terminal.
    `cannot diff ${noun} of different tenants: ${origins.oldOrigin ?? 'OLD'} is tenant ${escapeUntrusted(oldTenant)}, ${origins.newOrigin ?? 'NEW'} is tenant ${escapeUntrusted(newTenant)}`,
  );
}

function countByChange(changes: readonly { readonly change: ChangeType }[]): CountByChange {
  const count = (change: ChangeType): number => changes.filter((entry) => entry.change === change).length;
  return { added: count('added'), removed: count('removed'), changed: count('changed') };
}

/** The Drift object: header, summary (counts and the gate's `failing`, gate.ts) and the sorted parts. */
export function assembleDrift(
  header: { readonly tenantId: string; readonly cloud: Cloud; readonly old: DriftSide; readonly new: DriftSide; readonly failOn: FailOn },
  parts: DriftParts,
): Drift {
  return {
    kind: DRIFT_KIND,
    schemaVersion: DRIFT_SCHEMA_VERSION,
    tool: { name: 'mi-audit', version: VERSION },
    tenantId: header.tenantId,
    cloud: header.cloud,
    old: header.old,
    new: header.new,
    failOn: header.failOn,
    summary: {
      identities: countByChange(parts.identities),
      grants: countByChange(parts.grants),
      federatedCredentials: countByChange(parts.federatedCredentials),
      dangling: parts.dangling.length,
      findings: { new: parts.findings.new.length, fixed: parts.findings.fixed.length },
      failing: countFailing(parts.grants, parts.findings.new, header.failOn),
    },
    identities: parts.identities,
    grants: parts.grants,
    federatedCredentials: parts.federatedCredentials,
    dangling: parts.dangling,
    findings: parts.findings,
  };
}
