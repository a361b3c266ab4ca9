/**
 * Shared by the drift property tests (snapshots and exports): the demo snapshot, the injectable single changes
 * (mutations.ts) as a fast-check arbitrary, a reordering that must not change anything, and the structural
 * sections of a drift in the shape of ExpectedDrift.
 */
import { readFileSync } from 'node:fs';

import fc from 'fast-check';

import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import type { Drift } from '../../src/drift/model.js';
import { canonicalArmId, canonicalGuid } from '../../src/azure/ids.js';
import { validateSnapshot } from '../../src/snapshot/read.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import {
  addIdentity,
  addRoleAssignment,
  changeFicSubject,
  changeRoleAssignmentRole,
  deleteIdentity,
  type ExpectedDrift,
  type Mutated,
  removeRoleAssignment,
} from './mutations.js';

export const DEMO = validateSnapshot(JSON.parse(readFileSync(DEMO_SNAPSHOT_PATH, 'utf8')), 'demo');

export const MUTATIONS = ['addIdentity', 'removeIdentity', 'deleteReferencedIdentity', 'addRoleAssignment', 'removeRoleAssignment', 'changeRoleAssignmentRole', 'changeFicSubject'] as const;

export interface Injection {
  readonly kind: (typeof MUTATIONS)[number];
  readonly index: number;
  readonly other: number;
  readonly text: string;
}

export const injection: fc.Arbitrary<Injection> = fc.record({
  kind: fc.constantFrom(...MUTATIONS),
  index: fc.nat({ max: 200 }),
  other: fc.nat({ max: 200 }),
  text: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
});

export function inject(base: Snapshot, { kind, index, other, text }: Injection): Mutated {
  switch (kind) {
    case 'addIdentity':
      return addIdentity(base, index, `id-drift-${index}-${other}`);
    case 'removeIdentity':
      return deleteIdentity(base, index, false);
    case 'deleteReferencedIdentity':
      return deleteIdentity(base, index, true);
    case 'addRoleAssignment':
      return addRoleAssignment(base, index, other);
    case 'removeRoleAssignment':
      return removeRoleAssignment(base, index);
    case 'changeRoleAssignmentRole':
      return changeRoleAssignmentRole(base, index, other);
    case 'changeFicSubject':
      return changeFicSubject(base, index, text);
  }
}

/** The structural sections of a drift in the shape of ExpectedDrift, each sorted. */
export function observed(drift: Drift): ExpectedDrift {
  const ficKey = (entry: Drift['federatedCredentials'][number]): string =>
    entry.owner.kind === 'application' ? `app:${canonicalGuid(entry.id)}` : canonicalArmId(entry.id);
  const canonical = (id: string): string => (id.startsWith('/') ? canonicalArmId(id) : canonicalGuid(id));
  return sorted({
    identities: drift.identities.map((entry) => [entry.change, entry.kind, canonical(entry.id)]),
    grants: drift.grants.map((entry) => [entry.change, entry.kind, canonical(entry.id)]),
    federatedCredentials: drift.federatedCredentials.map((entry) => [entry.change, ficKey(entry), ...entry.changes.map((change) => change.field)]),
    dangling: drift.dangling.map((entry) => [entry.kind, canonical(entry.id), canonical(entry.target)]),
  });
}

export function sorted(expected: ExpectedDrift): ExpectedDrift {
  const order = (rows: string[][]): string[][] => [...rows].sort((a, b) => (a.join('\n') < b.join('\n') ? -1 : 1));
  return {
    identities: order(expected.identities),
    grants: order(expected.grants),
    federatedCredentials: order(expected.federatedCredentials),
    dangling: order(expected.dangling),
  };
}

/** A deterministic shuffle (mulberry32 from the seed), so a failing case replays. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const a = copy[i];
    const b = copy[j];
    if (a !== undefined && b !== undefined) [copy[i], copy[j]] = [b, a];
  }
  return copy;
}

/** The same tenant as ARM and Graph might return it on another day: other list order, other id casing. */
export function reordered(snapshot: Snapshot, seed: number): Snapshot {
  const copy = structuredClone(snapshot);
  copy.resources = shuffled(copy.resources, seed);
  copy.userAssignedIdentities = shuffled(copy.userAssignedIdentities, seed + 1);
  copy.federatedIdentityCredentials = shuffled(copy.federatedIdentityCredentials, seed + 2);
  copy.roleAssignments = shuffled(copy.roleAssignments, seed + 3).map((assignment, index) =>
    index % 2 === 0 ? { ...assignment, id: assignment.id.toUpperCase(), scope: assignment.scope.toLowerCase() } : assignment,
  );
  copy.servicePrincipals = shuffled(copy.servicePrincipals, seed + 4);
  copy.appRoleAssignments = shuffled(copy.appRoleAssignments, seed + 5);
  copy.directoryRoleAssignments = shuffled(copy.directoryRoleAssignments, seed + 6);
  copy.directoryObjects = shuffled(copy.directoryObjects, seed + 7);
  return copy;
}
