/** Every subscription the caller can see (GET /subscriptions, all pages). */
import type { SnapshotSubscription } from '../../snapshot/schema.js';
import { optional, stringAt, stringMapAt } from '../json.js';
import type { ArmClients } from './clients.js';
import { listRaw } from './raw-pages.js';

export interface VisibleSubscription {
  readonly subscription: SnapshotSubscription;
  readonly tenantId: string | undefined;
}

export async function listSubscriptions(clients: ArmClients): Promise<VisibleSubscription[]> {
  const client = await clients.subscriptions();
  const raw = await listRaw((options) => client.subscriptions.list(options));
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
