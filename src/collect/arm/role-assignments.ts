/**
 * Azure role assignments. Listing at a subscription returns those at, below and above it, i.e. including the ones
 * inherited from management groups and the root. Listing at a management group with `atScope()` adds the ones
 * at (and above) groups that have no subscription in scope.
 */
import type { SnapshotRoleAssignment } from '../../snapshot/schema.js';
import type { ArmClients } from './clients.js';
import { listRaw } from './raw-pages.js';
import { roleAssignmentFromWire } from './wire-mapping.js';

function mapAll(raw: readonly unknown[]): SnapshotRoleAssignment[] {
  return raw.map(roleAssignmentFromWire).filter((assignment): assignment is SnapshotRoleAssignment => assignment !== undefined);
}

export async function listSubscriptionRoleAssignments(clients: ArmClients, subscriptionId: string): Promise<SnapshotRoleAssignment[]> {
  const client = await clients.authorization(subscriptionId);
  return mapAll(await listRaw((options) => client.roleAssignments.listForSubscription(options)));
}

export async function listManagementGroupRoleAssignments(clients: ArmClients, anySubscriptionId: string, groupId: string): Promise<SnapshotRoleAssignment[]> {
  const client = await clients.authorization(anySubscriptionId);
  const scope = groupId.replace(/^\/+/, '');
  return mapAll(await listRaw((options) => client.roleAssignments.listForScope(scope, { ...options, filter: 'atScope()' })));
}
