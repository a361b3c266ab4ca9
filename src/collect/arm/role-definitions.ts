/** Role definitions (built-in and custom) assignable at a subscription, and single definitions by id. */
import type { SnapshotRoleDefinition } from '../../snapshot/schema.js';
import { listMapped } from '../http/pager.js';
import type { ServiceHttp } from '../http/service-http.js';
import { describeFailure } from '../request-failure.js';
import { API, armUrl } from './api-versions.js';
import { roleDefinitionFromWire } from './wire-mapping.js';

export function listRoleDefinitions(arm: ServiceHttp, subscriptionId: string): Promise<SnapshotRoleDefinition[]> {
  return listMapped(arm, armUrl(`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions`, API.authorization), roleDefinitionFromWire);
}

/** A definition referenced by an assignment but not listed (e.g. a custom role assignable only at a management group); undefined on 404. */
export async function getRoleDefinition(arm: ServiceHttp, roleDefinitionId: string): Promise<SnapshotRoleDefinition | undefined> {
  try {
    return roleDefinitionFromWire(await arm.get(armUrl(`/${roleDefinitionId.replace(/^\/+/, '')}`, API.authorization)));
  } catch (error: unknown) {
    const failure = describeFailure(error);
    if (failure.kind === 'http' && failure.status === 404) return undefined;
    throw error;
  }
}
