/** Role definitions (built-in and custom) assignable at a subscription, and single definitions by id. */
import type { SnapshotRoleDefinition } from '../../snapshot/schema.js';
import { describeFailure } from '../request-failure.js';
import type { ArmClients } from './clients.js';
import { getRaw, listRaw } from './raw-pages.js';
import { roleDefinitionFromWire } from './wire-mapping.js';

export async function listRoleDefinitions(clients: ArmClients, subscriptionId: string): Promise<SnapshotRoleDefinition[]> {
  const client = await clients.authorization(subscriptionId);
  // Scope without a leading slash: the path template is `/{scope}/providers/…` (NOTES.md §3.1 `//providers` gotcha).
  const raw = await listRaw((options) => client.roleDefinitions.list(`subscriptions/${subscriptionId}`, options));
  return raw.map(roleDefinitionFromWire).filter((definition): definition is SnapshotRoleDefinition => definition !== undefined);
}

/** A definition referenced by an assignment but not listed (e.g. a custom role assignable only at a management group). */
export async function getRoleDefinition(clients: ArmClients, anySubscriptionId: string, roleDefinitionId: string): Promise<SnapshotRoleDefinition | undefined> {
  const client = await clients.authorization(anySubscriptionId);
  try {
    return roleDefinitionFromWire(await getRaw((options) => client.roleDefinitions.getById(roleDefinitionId.replace(/^\/+/, ''), options)));
  } catch (error: unknown) {
    const failure = describeFailure(error);
    if (failure.kind === 'http' && failure.status === 404) return undefined;
    throw error;
  }
}
