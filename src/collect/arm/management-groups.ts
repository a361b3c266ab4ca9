/**
 * The management-group tree: list the groups, then GET each with `$expand=children` for its parent and the
 * subscriptions directly under it (https://learn.microsoft.com/rest/api/managementgroups/management-groups/get).
 * Plain GETs only (the `getEntities` API would be a POST).
 */
import type { SnapshotManagementGroup } from '../../snapshot/schema.js';
import { mapBounded } from '../http/limiter.js';
import { listAll } from '../http/pager.js';
import type { ServiceHttp } from '../http/service-http.js';
import { stringAt } from '../json.js';
import { API, armUrl } from './api-versions.js';
import { managementGroupFromWire } from './wire-mapping.js';

export interface ManagementGroupTree {
  readonly groups: SnapshotManagementGroup[];
  /** lowercased subscription id → ARM id of its direct parent group */
  readonly subscriptionParent: ReadonlyMap<string, string>;
}

const GROUPS = '/providers/Microsoft.Management/managementGroups';

export async function readManagementGroups(arm: ServiceHttp, concurrency: number): Promise<ManagementGroupTree> {
  const listed = await listAll(arm, armUrl(GROUPS, API.managementGroups));
  const names = [...new Set(listed.map((item) => stringAt(item, 'name')).filter((name): name is string => name !== undefined))];
  const details = await mapBounded(names, concurrency, (name) => arm.get(armUrl(`${GROUPS}/${name}?$expand=children`, API.managementGroups)));
  const groups: SnapshotManagementGroup[] = [];
  const subscriptionParent = new Map<string, string>();
  for (const raw of details) {
    const mapped = managementGroupFromWire(raw);
    if (mapped === undefined) continue;
    groups.push(mapped.group);
    for (const subscriptionId of mapped.childSubscriptionIds) subscriptionParent.set(subscriptionId.toLowerCase(), mapped.group.id);
  }
  return { groups, subscriptionParent };
}

/** Ids of a group and every group below it (for --management-group). */
export function descendantGroupIds(groups: readonly SnapshotManagementGroup[], rootId: string): Set<string> {
  const result = new Set<string>([rootId.toLowerCase()]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const group of groups) {
      if (group.parentId !== null && result.has(group.parentId.toLowerCase()) && !result.has(group.id.toLowerCase())) {
        result.add(group.id.toLowerCase());
        grew = true;
      }
    }
  }
  return result;
}
