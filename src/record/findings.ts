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
  // Canonicalised on each use, not remembered: a memo of every id the findings name kept a lowercased copy of
  // each (about 10 MB on the 100k tenant) until the grouping ends, promoted to the old generation on the way.
  const canonical = canonicalRefId;
  const byPrincipal = new Map<string, string>();
  // Identities by kind and id as the inventory spells it (the spelling findings copy from it), with no lowercased
  // copy of 25,000 ARM ids; a kind's canonical table is made only when a ref misses (an id spelled another way).
  // The two agree: a snapshot never holds two ids of one collection that differ only by case (snapshot/unique-ids.ts).
  const byRef = new Map<string, Map<string, string>>();
  for (const identity of identities) {
    if (identity.principalId !== undefined) byPrincipal.set(canonical(identity.principalId), identity.key);
    let ofKind = byRef.get(identity.ref.kind);
    if (ofKind === undefined) byRef.set(identity.ref.kind, (ofKind = new Map()));
    ofKind.set(identity.ref.id, identity.key);
  }
  const byCanonicalRef = new Map<string, Map<string, string>>();
  const identityOfRef = (ref: ObjectRef): string | undefined => {
    const ofKind = byRef.get(ref.kind);
    if (ofKind === undefined) return undefined;
    const exact = ofKind.get(ref.id);
    if (exact !== undefined) return exact;
    let canonicalOfKind = byCanonicalRef.get(ref.kind);
    if (canonicalOfKind === undefined) {
      canonicalOfKind = new Map([...ofKind].map(([id, key]) => [canonical(id), key]));
      byCanonicalRef.set(ref.kind, canonicalOfKind);
    }
    return canonicalOfKind.get(canonical(ref.id));
  };
  // Only the role assignments that are some finding's subject (21,000 of 100,000 at scale), keyed by the id as the
  // subject spells it, which is the inventory's spelling; the canonical (lowercased) table of every assignment is
  // made only if a subject spells one differently. Every table here is garbage once the findings are grouped, and
  // V8 promotes what a loop this long keeps to the old generation, where it counts toward the peak until a full GC.
  const holderById = subjectAssignmentHolders(inventory, findings);
  let holderByCanonicalId: Map<string, string> | undefined;
  const assignmentHolder = (id: string): string | undefined => {
    const exact = holderById.get(id);
    if (exact !== undefined) return exact;
    holderByCanonicalId ??= new Map(inventory.roleAssignments.map((assignment) => [canonicalArmId(assignment.id), assignment.principalId]));
    return holderByCanonicalId.get(canonicalArmId(id));
  };
  let ficOwner: Map<string, string> | undefined;
  const ficOwnerOf = (id: string): string | undefined => {
    ficOwner ??= new Map(inventory.federatedCredentials.map((fic) => [fic.id.toLowerCase(), fic.ownerKey]));
    return ficOwner.get(id.toLowerCase());
  };

  /** Adds to `keys` (without repeats) the identities `ref` names. */
  const addKeysOf = (keys: string[], ref: ObjectRef, asSubject: boolean): void => {
    addKey(keys, identityOfRef(ref));
    if (ref.principalId !== undefined) addKey(keys, byPrincipal.get(canonical(ref.principalId)));
    if (ref.kind === 'servicePrincipal') addKey(keys, byPrincipal.get(canonical(ref.id)));
    if (asSubject && ref.kind === 'roleAssignment') {
      const holder = assignmentHolder(ref.id);
      if (holder !== undefined) addKey(keys, byPrincipal.get(canonical(holder)));
    }
    if (asSubject && ref.kind === 'federatedIdentityCredential') addKey(keys, ficOwnerOf(ref.id));
  };

  const byKey = new Map<string, AnyFinding[]>();
  // One list of keys reused for every finding: 72,000 short-lived arrays were promoted with the loop's other garbage.
  const keys: string[] = [];
  for (const finding of findings) {
    keys.length = 0;
    addKeysOf(keys, finding.subject, true);
    for (const ref of finding.related) if (IDENTITY_RELATIONS.has(ref.relation)) addKeysOf(keys, ref, false);
    for (const key of keys) {
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [finding]);
      else list.push(finding);
    }
  }
  return byKey;
}

/** Adds `key` to `keys` unless it is undefined or already there. */
function addKey(keys: string[], key: string | undefined): void {
  if (key !== undefined && !keys.includes(key)) keys.push(key);
}

/** The holder (principal id) of each role assignment that is a finding's subject, by the id as the inventory spells it. */
function subjectAssignmentHolders(inventory: Inventory, findings: readonly AnyFinding[]): Map<string, string | undefined> {
  const holders = new Map<string, string | undefined>();
  for (const finding of findings) if (finding.subject.kind === 'roleAssignment') holders.set(finding.subject.id, undefined);
  if (holders.size === 0) return holders;
  // Later assignments of one id win, as in a Map built from every assignment.
  for (const assignment of inventory.roleAssignments) if (holders.has(assignment.id)) holders.set(assignment.id, assignment.principalId);
  return holders;
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
function canonicalRefId(id: string): string {
  return id.startsWith('/') ? canonicalArmId(id) : canonicalGuid(id);
}
