/**
 * Which findings are about which identity. A finding belongs to every identity it names: as its subject (the
 * identity itself, one of its federated credentials, or a role assignment it holds), or as a related object
 * in the part of `identity` (takeover-path) or `assignee` (weak-delegation-condition).
 */
import type { AssessedFinding, Finding } from '../engine/types.js';
import { canonicalArmId, canonicalGuid } from '../azure/ids.js';
import type { Inventory, ObjectRef, WorkloadIdentity } from '../inventory/model.js';
import type { RecordFinding } from './schema.js';

const IDENTITY_RELATIONS: ReadonlySet<string> = new Set(['identity', 'assignee']);

/** Indexes the findings once; the returned function gives an identity's findings (by record key), worst first. */
export function findingsIndex(
  inventory: Inventory,
  identities: readonly WorkloadIdentity[],
  findings: readonly (Finding | AssessedFinding)[],
): (key: string) => RecordFinding[] {
  const byPrincipal = new Map<string, string>();
  const byRef = new Map<string, string>();
  for (const identity of identities) {
    if (identity.principalId !== undefined) byPrincipal.set(canonicalGuid(identity.principalId), identity.key);
    byRef.set(refKey(identity.ref.kind, identity.ref.id), identity.key);
  }
  const assignmentHolder = new Map(inventory.roleAssignments.map((assignment) => [canonicalArmId(assignment.id), canonicalGuid(assignment.principalId)]));
  const ficOwner = new Map(inventory.federatedCredentials.map((fic) => [fic.id.toLowerCase(), fic.ownerKey]));

  const keysOf = (ref: ObjectRef, asSubject: boolean): (string | undefined)[] => {
    const keys = [byRef.get(refKey(ref.kind, ref.id)), ref.principalId === undefined ? undefined : byPrincipal.get(canonicalGuid(ref.principalId))];
    if (ref.kind === 'servicePrincipal') keys.push(byPrincipal.get(canonicalGuid(ref.id)));
    if (asSubject && ref.kind === 'roleAssignment') {
      const holder = assignmentHolder.get(canonicalArmId(ref.id));
      keys.push(holder === undefined ? undefined : byPrincipal.get(holder));
    }
    if (asSubject && ref.kind === 'federatedIdentityCredential') keys.push(ficOwner.get(ref.id.toLowerCase()));
    return keys;
  };

  const byKey = new Map<string, RecordFinding[]>();
  for (const finding of findings) {
    const keys = new Set([
      ...keysOf(finding.subject, true),
      ...finding.related.filter((ref) => IDENTITY_RELATIONS.has(ref.relation)).flatMap((ref) => keysOf(ref, false)),
    ]);
    for (const key of keys) {
      if (key === undefined) continue;
      const list = byKey.get(key) ?? [];
      list.push({
        fingerprint: finding.fingerprint,
        ruleId: finding.ruleId,
        rule: finding.rule,
        category: finding.category,
        severity: finding.severity,
        status: 'status' in finding ? finding.status : 'open',
        title: finding.title,
        message: finding.message,
        remediation: finding.remediation,
      });
      byKey.set(key, list);
    }
  }
  return (key) => byKey.get(key) ?? [];
}

/** Identity refs compare by kind and canonical id: ARM ids case-insensitively, Graph object ids as GUIDs. */
function refKey(kind: string, id: string): string {
  return `${kind}|${id.startsWith('/') ? canonicalArmId(id) : canonicalGuid(id)}`;
}
