/**
 * Realistic single changes to a snapshot, each with the drift it must produce (structural sections only:
 * identities, grants, federated credentials, dangling). Deleting an identity does what Azure and the collector
 * do: the FICs go with it, its service principal leaves Graph, its role assignments and resource references
 * stay, and the collector records the principal as not found and the identity id as confirmed 404.
 */
import { canonicalArmId, canonicalGuid } from '../../src/azure/ids.js';
import type { Snapshot, SnapshotUserAssignedIdentity } from '../../src/snapshot/schema.js';
import { guid } from '../helpers/tenant-builder.js';

/** [change, kind, canonical id] rows per section; dangling rows are [kind, canonical holder, canonical target]. */
export interface ExpectedDrift {
  readonly identities: string[][];
  readonly grants: string[][];
  readonly federatedCredentials: string[][];
  readonly dangling: string[][];
}

export interface Mutated {
  readonly snapshot: Snapshot;
  readonly expected: ExpectedDrift;
}

const none = (): ExpectedDrift => ({ identities: [], grants: [], federatedCredentials: [], dangling: [] });

function pick<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

function ficKey(fic: Snapshot['federatedIdentityCredentials'][number]): string {
  return fic.owner.kind === 'application' ? `app:${canonicalGuid(fic.id)}` : canonicalArmId(fic.id);
}

/** A new user-assigned identity (and its managed-identity service principal) named `name`. */
export function addIdentity(base: Snapshot, index: number, name: string): Mutated {
  const snapshot = structuredClone(base);
  const subscription = pick(snapshot.subscriptions, index);
  if (subscription === undefined) return { snapshot, expected: none() };
  const id = `/subscriptions/${subscription.subscriptionId}/resourceGroups/rg-drift/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
  const principalId = guid(`drift-principal:${id}`);
  snapshot.userAssignedIdentities.push({
    id,
    name,
    location: 'westeurope',
    subscriptionId: subscription.subscriptionId,
    resourceGroup: 'rg-drift',
    tenantId: snapshot.tenantId,
    principalId,
    clientId: guid(`drift-client:${id}`),
  });
  snapshot.servicePrincipals.push({
    id: principalId,
    appId: guid(`drift-client:${id}`),
    displayName: name,
    servicePrincipalType: 'ManagedIdentity',
    alternativeNames: ['isExplicit=True', id],
  });
  return { snapshot, expected: { ...none(), identities: [['added', 'userAssignedIdentity', canonicalArmId(id)]] } };
}

function referencesTo(snapshot: Snapshot, uami: SnapshotUserAssignedIdentity): string[] {
  const target = canonicalArmId(uami.id);
  return snapshot.resources
    .filter(
      (resource) =>
        Object.keys(resource.identity?.userAssignedIdentities ?? {}).some((key) => canonicalArmId(key) === target) ||
        (resource.aks?.kubeletIdentity?.resourceId !== undefined && canonicalArmId(resource.aks.kubeletIdentity.resourceId) === target),
    )
    .map((resource) => canonicalArmId(resource.id));
}

/** Deletes a user-assigned identity: of all of them, or (`referencedOnly`) of those a resource still uses. */
export function deleteIdentity(base: Snapshot, index: number, referencedOnly: boolean): Mutated {
  const snapshot = structuredClone(base);
  const candidates = snapshot.userAssignedIdentities.filter((uami) => !referencedOnly || referencesTo(snapshot, uami).length > 0);
  const uami = pick(candidates, index);
  if (uami === undefined) return { snapshot, expected: none() };
  const principal = canonicalGuid(uami.principalId);
  const holders = referencesTo(snapshot, uami);
  const assignments = snapshot.roleAssignments.filter((assignment) => canonicalGuid(assignment.principalId) === principal);
  const wasUnresolved = snapshot.unresolvedPrincipalIds.some((id) => canonicalGuid(id) === principal);
  const fics = snapshot.federatedIdentityCredentials.filter((fic) => fic.owner.kind === 'userAssignedIdentity' && canonicalArmId(fic.owner.id) === canonicalArmId(uami.id));

  snapshot.userAssignedIdentities = snapshot.userAssignedIdentities.filter((candidate) => candidate !== uami);
  snapshot.federatedIdentityCredentials = snapshot.federatedIdentityCredentials.filter((fic) => !fics.includes(fic));
  snapshot.servicePrincipals = snapshot.servicePrincipals.filter((sp) => canonicalGuid(sp.id) !== principal);
  snapshot.directoryObjects = snapshot.directoryObjects.filter((object) => canonicalGuid(object.id) !== principal);
  if (assignments.length > 0 && !wasUnresolved) snapshot.unresolvedPrincipalIds.push(uami.principalId);
  if (holders.length > 0) snapshot.deletedIdentityIds.push(uami.id);

  return {
    snapshot,
    expected: {
      ...none(),
      identities: [['removed', 'userAssignedIdentity', canonicalArmId(uami.id)]],
      federatedCredentials: fics.map((fic) => ['removed', ficKey(fic)]),
      dangling: [
        ...holders.map((holder) => ['identityReference', holder, canonicalArmId(uami.id)]),
        ...(wasUnresolved ? [] : assignments.map((assignment) => ['roleAssignmentPrincipal', canonicalArmId(assignment.id), principal])),
      ],
    },
  };
}

/** A new role assignment of a workload identity: role and subscription chosen by index. */
export function addRoleAssignment(base: Snapshot, index: number, roleIndex: number): Mutated {
  const snapshot = structuredClone(base);
  const principal = pick(snapshot.userAssignedIdentities, index);
  const role = pick(snapshot.roleDefinitions, roleIndex);
  const subscription = pick(snapshot.subscriptions, index + roleIndex);
  if (principal === undefined || role === undefined || subscription === undefined) return { snapshot, expected: none() };
  const name = guid(`drift-assignment:${index}:${roleIndex}`);
  const scope = `/subscriptions/${subscription.subscriptionId}`;
  const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
  snapshot.roleAssignments.push({
    id,
    name,
    scope,
    roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${role.name}`,
    principalId: principal.principalId,
    principalType: 'ServicePrincipal',
  });
  return { snapshot, expected: { ...none(), grants: [['added', 'azureRole', canonicalArmId(id)]] } };
}

function servicePrincipalAssignments(snapshot: Snapshot): Snapshot['roleAssignments'] {
  return snapshot.roleAssignments.filter((assignment) => assignment.principalType === 'ServicePrincipal');
}

export function removeRoleAssignment(base: Snapshot, index: number): Mutated {
  const snapshot = structuredClone(base);
  const assignment = pick(servicePrincipalAssignments(snapshot), index);
  if (assignment === undefined) return { snapshot, expected: none() };
  snapshot.roleAssignments = snapshot.roleAssignments.filter((candidate) => candidate !== assignment);
  return { snapshot, expected: { ...none(), grants: [['removed', 'azureRole', canonicalArmId(assignment.id)]] } };
}

/** The same assignment id, another role definition. */
export function changeRoleAssignmentRole(base: Snapshot, index: number, roleIndex: number): Mutated {
  const snapshot = structuredClone(base);
  const assignment = pick(servicePrincipalAssignments(snapshot), index);
  const current = assignment?.roleDefinitionId.split('/').pop()?.toLowerCase();
  const role = pick(
    snapshot.roleDefinitions.filter((definition) => definition.name.toLowerCase() !== current),
    roleIndex,
  );
  if (assignment === undefined || role === undefined) return { snapshot, expected: none() };
  assignment.roleDefinitionId = `/providers/Microsoft.Authorization/roleDefinitions/${role.name}`;
  return { snapshot, expected: { ...none(), grants: [['changed', 'azureRole', canonicalArmId(assignment.id)]] } };
}

/** A FIC's subject gets `suffix` appended (any text: subjects are compared verbatim). */
export function changeFicSubject(base: Snapshot, index: number, suffix: string): Mutated {
  const snapshot = structuredClone(base);
  const fic = pick(
    snapshot.federatedIdentityCredentials.filter((candidate) => candidate.subject !== null),
    index,
  );
  if (fic === undefined || suffix === '') return { snapshot, expected: none() };
  fic.subject = `${fic.subject ?? ''}${suffix}`;
  return { snapshot, expected: { ...none(), federatedCredentials: [['changed', ficKey(fic), 'subject']] } };
}

/** The first user-assigned identity becomes Owner of the first subscription (a T0 grant: the gate fails). In place. */
export function grantOwnerOnFirstSubscription(snapshot: Snapshot): void {
  const subscription = snapshot.subscriptions[0];
  const identity = snapshot.userAssignedIdentities[0];
  if (subscription === undefined || identity === undefined) throw new Error('demo tenant changed');
  const scope = `/subscriptions/${subscription.subscriptionId}`;
  snapshot.roleAssignments.push({
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/0b0e4c8e-3c1a-4e5b-9f59-2d1d7c3e9a01`,
    name: '0b0e4c8e-3c1a-4e5b-9f59-2d1d7c3e9a01',
    scope,
    roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635', // Owner
    principalId: identity.principalId,
    principalType: 'ServicePrincipal',
  });
}
