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

type AnyFinding = Finding | AssessedFinding;

/**
 * Groups the findings by identity once (a Map from record key to the findings it names, in input order); the
 * returned function gives an identity's findings as they are, shared, not copied: a record makes its own
 * {@link recordFindingOf} copies only when it is built, so ranking every identity copies nothing.
 */
export function findingsIndex(
  inventory: Inventory,
  identities: readonly WorkloadIdentity[],
  findings: readonly AnyFinding[],
): (key: string) => readonly AnyFinding[] {
  // Built in a function of its own: the lookup tables below are garbage once the findings are grouped, and a
  // closure made here would keep them alive for the whole export (V8 shares one context among a function's closures).
  const byKey = groupByIdentity(inventory, identities, findings);
  return (key) => byKey.get(key) ?? NONE;
}

const NONE: readonly AnyFinding[] = Object.freeze([]);

function groupByIdentity(inventory: Inventory, identities: readonly WorkloadIdentity[], findings: readonly AnyFinding[]): Map<string, AnyFinding[]> {
  const byPrincipal = new Map<string, string>();
  const byRef = new Map<string, string>();
  for (const identity of identities) {
    if (identity.principalId !== undefined) byPrincipal.set(canonicalGuid(identity.principalId), identity.key);
    byRef.set(refKey(identity.ref.kind, identity.ref.id), identity.key);
  }
  // Keyed by each assignment's id as the inventory spells it, which is the string a finding's subject carries; the
  // canonical (lowercased) table, a copy of 100,000 ids at scale, is made only if a subject spells one differently.
  const holderById = new Map(inventory.roleAssignments.map((assignment) => [assignment.id, assignment.principalId]));
  let holderByCanonicalId: Map<string, string> | undefined;
  const assignmentHolder = (id: string): string | undefined => {
    const exact = holderById.get(id);
    if (exact !== undefined) return exact;
    holderByCanonicalId ??= new Map(inventory.roleAssignments.map((assignment) => [canonicalArmId(assignment.id), assignment.principalId]));
    return holderByCanonicalId.get(canonicalArmId(id));
  };
  const ficOwner = new Map(inventory.federatedCredentials.map((fic) => [fic.id.toLowerCase(), fic.ownerKey]));

  const keysOf = (ref: ObjectRef, asSubject: boolean): (string | undefined)[] => {
    const keys = [byRef.get(refKey(ref.kind, ref.id)), ref.principalId === undefined ? undefined : byPrincipal.get(canonicalGuid(ref.principalId))];
    if (ref.kind === 'servicePrincipal') keys.push(byPrincipal.get(canonicalGuid(ref.id)));
    if (asSubject && ref.kind === 'roleAssignment') {
      const holder = assignmentHolder(ref.id);
      keys.push(holder === undefined ? undefined : byPrincipal.get(canonicalGuid(holder)));
    }
    if (asSubject && ref.kind === 'federatedIdentityCredential') keys.push(ficOwner.get(ref.id.toLowerCase()));
    return keys;
  };

  const byKey = new Map<string, AnyFinding[]>();
  for (const finding of findings) {
    const keys = new Set([
      ...keysOf(finding.subject, true),
      ...finding.related.filter((ref) => IDENTITY_RELATIONS.has(ref.relation)).flatMap((ref) => keysOf(ref, false)),
    ]);
    for (const key of keys) {
      if (key === undefined) continue;
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [finding]);
      else list.push(finding);
    }
  }
  return byKey;
}

/** Raw engine findings (no status yet) count as open. */
export function statusOf(finding: AnyFinding): RecordFinding['status'] {
  return 'status' in finding ? finding.status : 'open';
}

/** The record's view of one finding. */
export function recordFindingOf(finding: AnyFinding): RecordFinding {
  return {
    fingerprint: finding.fingerprint,
    ruleId: finding.ruleId,
    rule: finding.rule,
    category: finding.category,
    severity: finding.severity,
    status: statusOf(finding),
    title: finding.title,
    message: finding.message,
    remediation: finding.remediation,
  };
}

/** Identity refs compare by kind and canonical id: ARM ids case-insensitively, Graph object ids as GUIDs. */
function refKey(kind: string, id: string): string {
  return `${kind}|${id.startsWith('/') ? canonicalArmId(id) : canonicalGuid(id)}`;
}
