/** Every subscription the caller can see (GET /subscriptions, all pages). */
import type { SnapshotSubscription } from '../../snapshot/schema.js';
import { listAll } from '../http/pager.js';
import type { ServiceHttp } from '../http/service-http.js';
import { optional, stringAt, stringMapAt } from '../json.js';
import { API, armUrl } from './api-versions.js';

export interface VisibleSubscription {
  readonly subscription: SnapshotSubscription;
  readonly tenantId: string | undefined;
}

export async function listSubscriptions(arm: ServiceHttp): Promise<VisibleSubscription[]> {
  const raw = await listAll(arm, armUrl('/subscriptions', API.subscriptions));
  const seen = new Set<string>();
  return raw.flatMap((item): VisibleSubscription[] => {
    const subscriptionId = stringAt(item, 'subscriptionId');
    if (subscriptionId === undefined || seen.has(subscriptionId.toLowerCase())) return [];
    seen.add(subscriptionId.toLowerCase());
    return [
      {
        subscription: {
          subscriptionId,
          displayName: stringAt(item, 'displayName') ?? subscriptionId,
          ...optional('state', stringAt(item, 'state')),
          ...optional('tags', stringMapAt(item, 'tags')),
        },
        tenantId: stringAt(item, 'tenantId'),
      },
    ];
  });
}
