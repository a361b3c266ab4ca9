/**
 * A principal id (from a role assignment or an app's owners) as a related object with a kind and a display
 * name: Graph's answer (directoryObjects) first, then the workload identity that has this principal, then the
 * principalType ARM stored on the assignment.
 */
import type { Inventory, ObjectKind, RelatedRef } from '../../inventory/model.js';

const KIND_BY_PRINCIPAL_TYPE: Readonly<Record<string, ObjectKind>> = {
  user: 'user',
  group: 'group',
  serviceprincipal: 'servicePrincipal',
};

const KIND_BY_DIRECTORY_TYPE: Readonly<Record<string, ObjectKind>> = {
  user: 'user',
  group: 'group',
  servicePrincipal: 'servicePrincipal',
};

export function principalRelated(inventory: Inventory, principalId: string, relation: string, principalType?: string): RelatedRef {
  const object = inventory.directoryObject(principalId);
  const workload = inventory.workloadByPrincipal(principalId);
  const kind: ObjectKind =
    (object === undefined ? undefined : KIND_BY_DIRECTORY_TYPE[object.type]) ??
    (principalType === undefined ? undefined : KIND_BY_PRINCIPAL_TYPE[principalType.toLowerCase()]) ??
    'directoryObject';
  const displayName = object?.displayName ?? workload?.displayName ?? undefined;
  return {
    relation,
    kind,
    id: principalId,
    principalId,
    ...(displayName === undefined || displayName === null ? {} : { displayName }),
  };
}

/** "user 'Alice'", "group 'ops'", "service principal 'x'", or the bare id when Graph did not resolve it. */
export function describePrincipal(ref: Pick<RelatedRef, 'kind' | 'id' | 'displayName'>): string {
  const noun = ref.kind === 'user' ? 'User' : ref.kind === 'group' ? 'Group' : ref.kind === 'servicePrincipal' ? 'Service principal' : 'Principal';
  return ref.displayName === undefined ? `${noun} ${ref.id}` : `${noun} '${ref.displayName}'`;
}
