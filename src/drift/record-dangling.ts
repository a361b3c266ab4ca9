/**
 * References that became dangling between two identity-record exports, as far as the records show them. An
 * export lists identities, not every resource or role assignment, so each kind needs its own proof from NEW:
 * - identityReference: a user-assigned identity of OLD is gone from NEW, and a resource it was attached to is
 *   still in NEW (as the host of another identity); deleting an identity does not detach it
 *   (https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-manage-user-assigned-managed-identities).
 *   Only when NEW read the identity's subscription without a gap.
 * - roleAssignmentPrincipal: a role assignment that controls an identity (record.controllers) whose principal
 *   OLD named and NEW, reading the directory without a gap, no longer resolves: Azure keeps such assignments as
 *   "Identity not found" (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting).
 * - identityHost: a managed identity whose host was found in OLD and is not in NEW while its service principal
 *   remains (record.hostFound).
 */
import { canonicalArmId, canonicalGuid, subscriptionOf } from '../azure/ids.js';
import type { IdentityRecord, RecordDocument } from '../record/schema.js';
import type { DanglingReference } from './model.js';
import { compareText } from '../core/compare-text.js';

const POLICY_ASSIGNMENT_TYPE = 'microsoft.authorization/policyassignments';
const DIRECTORY_SOURCES: ReadonlySet<string> = new Set(['servicePrincipals', 'directoryObjects']);

/** Resources NEW proves exist: every host it lists and every host of a system-assigned identity. */
function resourcesSeen(records: readonly IdentityRecord[]): Set<string> {
  const seen = new Set<string>();
  for (const record of records) {
    for (const host of record.hosts) seen.add(canonicalArmId(host.id));
    if (record.kind === 'systemAssignedIdentity' && record.hostFound && record.ids.armId !== null) seen.add(canonicalArmId(record.ids.armId));
  }
  return seen;
}

function subscriptionReadWithoutGap(document: RecordDocument, subscriptionId: string | undefined): boolean {
  if (subscriptionId === undefined) return false;
  return !document.coverage.gaps.some((gap) => gap.scope === '' || gap.scope === '/' || (subscriptionOf(gap.scope) ?? '') === subscriptionId);
}

function identityReferences(before: RecordDocument, after: RecordDocument): (DanglingReference & { key: string })[] {
  const newKeys = new Set(after.identities.map((record) => record.key));
  const seen = resourcesSeen(after.identities);
  const found: (DanglingReference & { key: string })[] = [];
  for (const record of before.identities) {
    if (record.kind !== 'userAssignedIdentity' || !record.hostFound || record.ids.armId === null || newKeys.has(record.key)) continue;
    const target = record.ids.armId;
    if (!subscriptionReadWithoutGap(after, subscriptionOf(target))) continue;
    for (const host of record.hosts) {
      if (host.type.toLowerCase() === POLICY_ASSIGNMENT_TYPE || !seen.has(canonicalArmId(host.id))) continue;
      found.push({ key: `identityReference:${canonicalArmId(host.id)}>${canonicalArmId(target)}`, kind: 'identityReference', id: host.id, displayName: host.name, target, targetName: record.name });
    }
  }
  return found;
}

/** Controlling role assignments by canonical id, with the principal's name as that export resolved it. */
function controllingAssignments(document: RecordDocument): Map<string, { id: string; via: string; principalId: string; displayName: string | null }> {
  const byId = new Map<string, { id: string; via: string; principalId: string; displayName: string | null }>();
  for (const record of document.identities) {
    for (const controller of record.controllers) {
      if (controller.assignmentId === null) continue;
      byId.set(canonicalArmId(controller.assignmentId), { id: controller.assignmentId, via: controller.via, principalId: controller.id, displayName: controller.displayName });
    }
  }
  return byId;
}

function unresolvedPrincipals(before: RecordDocument, after: RecordDocument): (DanglingReference & { key: string })[] {
  if (after.coverage.gaps.some((gap) => DIRECTORY_SOURCES.has(gap.source))) return [];
  const old = controllingAssignments(before);
  const found: (DanglingReference & { key: string })[] = [];
  for (const [key, assignment] of controllingAssignments(after)) {
    const previous = old.get(key);
    if (assignment.displayName !== null || previous?.displayName === null || previous === undefined) continue;
    found.push({
      key: `roleAssignmentPrincipal:${key}`,
      kind: 'roleAssignmentPrincipal',
      id: assignment.id,
      displayName: assignment.via,
      target: canonicalGuid(assignment.principalId),
      targetName: previous.displayName,
    });
  }
  return found;
}

function lostHosts(before: RecordDocument, after: RecordDocument): (DanglingReference & { key: string })[] {
  const hostedBefore = new Map<string, IdentityRecord>();
  for (const record of before.identities) {
    if (record.hostFound && record.kind !== 'application' && record.ids.principalId !== null) hostedBefore.set(canonicalGuid(record.ids.principalId), record);
  }
  const found: (DanglingReference & { key: string })[] = [];
  for (const record of after.identities) {
    if (record.hostFound || record.ids.principalId === null) continue;
    const principalId = canonicalGuid(record.ids.principalId);
    const previous = hostedBefore.get(principalId);
    if (previous === undefined || previous.ids.armId === null) continue;
    // A system-assigned identity's host is the resource; a user-assigned identity's own resource is its "host".
    const host = previous.kind === 'systemAssignedIdentity' ? previous.hosts[0] : undefined;
    found.push({ key: `identityHost:${principalId}`, kind: 'identityHost', id: principalId, displayName: record.name, target: previous.ids.armId, targetName: host?.name ?? previous.name });
  }
  return found;
}

/** References that dangle in NEW by the records' evidence, sorted by kind and holder. */
export function diffRecordDangling(before: RecordDocument, after: RecordDocument): DanglingReference[] {
  return [...identityReferences(before, after), ...unresolvedPrincipals(before, after), ...lostHosts(before, after)]
    .sort((a, b) => compareText(a.key, b.key))
    .map(({ key: _key, ...reference }) => reference);
}
