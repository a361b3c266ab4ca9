/**
 * diffRecords: two identity-record exports (`mi-audit export --format json`, kind mi-audit/identity-records) of
 * one tenant in, the same Drift model as diffSnapshots out. Pure (no I/O, no clock). Identities are matched by
 * record key, grants and federated credentials by id as in a snapshot diff, findings by fingerprint; what an
 * export cannot show (grants of principals that are not workload identities, FIC languageVersion, findings'
 * own subjects) is listed in docs/drift.md.
 */
import { InputError } from '../core/errors.js';
import { escapeUntrusted } from '../core/untrusted-text.js';
import { canonicalArmId, canonicalGuid } from '../azure/ids.js';
import type { IdentityRecord, RecordDocument } from '../record/schema.js';
import { CLOUDS, type Cloud } from '../snapshot/schema.js';
import { assembleDrift, assertSameTenant } from './assemble.js';
import type { DiffOptions } from './diff.js';
import { findingChange, findingChanges } from './findings.js';
import { grantChanges } from './grants.js';
import { pairByKey, sortedList, type Keyed } from './keyed.js';
import type { Drift, DriftSide, FederatedCredentialChange, FindingChange, IdentityChange, IdentityKind } from './model.js';
import { diffRecordDangling } from './record-dangling.js';
import { recordGrants } from './record-grants.js';
import { compareText } from '../core/compare-text.js';

/** What an identity change names: ARM id (user-assigned, or host of system-assigned), app object id, or SP id. */
function identityOf(record: IdentityRecord): { kind: IdentityKind; id: string } {
  // `sp:` and `mi:` records are managed-identity service principals whose host the export's scopes did not include.
  if (isHostless(record)) return { kind: 'managedIdentityServicePrincipal', id: record.ids.principalId ?? record.key.slice(3) };
  if (record.kind === 'application') return { kind: 'application', id: record.ids.applicationObjectId ?? record.key };
  return { kind: record.kind, id: record.ids.armId ?? record.key };
}

/**
 * A managed identity whose host was not found is keyed `mi:<principal>` while it holds a grant (the rules judge it)
 * and `sp:<principal>` once it holds none (the record's sweep of the remaining managed-identity principals). For
 * drift it is one service principal either way, as in a snapshot diff (identities.ts): losing its last grant is a
 * grant change, not the identity being removed and another added.
 */
function isHostless(record: IdentityRecord): boolean {
  return record.key.startsWith('sp:') || record.key.startsWith('mi:');
}

function pairingKey(record: IdentityRecord): string {
  return record.key.startsWith('mi:') ? `sp:${record.key.slice(3)}` : record.key;
}

function diffRecordIdentities(before: readonly IdentityRecord[], after: readonly IdentityRecord[]): IdentityChange[] {
  const keyed = (records: readonly IdentityRecord[]): (Keyed & { record: IdentityRecord })[] =>
    records.map((record) => ({
      key: pairingKey(record),
      record,
      // A user-assigned identity deleted and recreated under the same name keeps its key, not its principal.
      values: { principalId: record.ids.principalId === null ? null : canonicalGuid(record.ids.principalId) },
    }));
  return pairByKey(keyed(before), keyed(after)).map(({ change, current, changes }) => ({
    change,
    ...identityOf(current.record),
    displayName: current.record.name,
    principalId: current.record.ids.principalId,
    changes,
  }));
}

function diffRecordFics(before: readonly IdentityRecord[], after: readonly IdentityRecord[]): FederatedCredentialChange[] {
  const keyed = (records: readonly IdentityRecord[]): (Keyed & { change: Omit<FederatedCredentialChange, 'change' | 'changes'> })[] =>
    records.flatMap((record) => {
      const application = record.kind === 'application';
      const owner = { kind: application ? ('application' as const) : ('userAssignedIdentity' as const), id: identityOf(record).id, displayName: record.name };
      return record.trust.map((trust) => {
        // The export has no languageVersion: compared values are those both inputs carry, plus the expression.
        const values = {
          issuer: trust.issuer,
          subject: trust.subject,
          audiences: sortedList(trust.audiences),
          claimsMatchingExpression: trust.claimsMatchingExpression,
        };
        return { key: application ? `app:${canonicalGuid(trust.id)}` : canonicalArmId(trust.id), values, change: { id: trust.id, name: trust.name, owner, values } };
      });
    });
  return pairByKey(keyed(before), keyed(after)).map(({ change, current, changes }) => ({ change, ...current.change, changes }));
}

/** One FindingChange per fingerprint; its subject is the first identity (by key) the export lists it under. */
function recordFindings(records: readonly IdentityRecord[]): FindingChange[] {
  const byPrint = new Map<string, FindingChange>();
  for (const record of [...records].sort((a, b) => compareText(a.key, b.key))) {
    const { kind, id } = identityOf(record);
    for (const finding of record.findings) {
      if (byPrint.has(finding.fingerprint)) continue;
      byPrint.set(finding.fingerprint, findingChange(finding, { kind, id, displayName: record.name }));
    }
  }
  return [...byPrint.values()];
}

function cloudOf(document: RecordDocument, origin: string | undefined): Cloud {
  const cloud = CLOUDS.find((known) => known === document.cloud);
  if (cloud === undefined) throw new InputError(`export ${origin ?? 'NEW'}: at cloud: unknown cloud ${escapeUntrusted(JSON.stringify(document.cloud))}`);
  return cloud;
}

function side(document: RecordDocument): DriftSide {
  return { input: 'export', collectedAt: document.collectedAt, scope: null, coverageComplete: document.coverage.complete };
}

/**
 * The drift from OLD to NEW export, in the model and with the gate of diffSnapshots (docs/drift.md, "Two
 * exports"). `options.rules` is ignored: an export carries its findings.
 *
 * @returns the drift; every list sorted deterministically.
 * @throws InputError (exit 2) when the exports are of different tenants, or NEW names a cloud this version does not know.
 */
export function diffRecords(before: RecordDocument, after: RecordDocument, options: DiffOptions): Drift {
  assertSameTenant(before.tenantId, after.tenantId, 'exports', options);
  return assembleDrift(
    { tenantId: after.tenantId, cloud: cloudOf(after, options.newOrigin), old: side(before), new: side(after), failOn: options.failOn },
    {
      identities: diffRecordIdentities(before.identities, after.identities),
      grants: grantChanges(recordGrants(before.identities), recordGrants(after.identities)),
      federatedCredentials: diffRecordFics(before.identities, after.identities),
      dangling: diffRecordDangling(before, after),
      findings: findingChanges(recordFindings(before.identities), recordFindings(after.identities)),
    },
  );
}
