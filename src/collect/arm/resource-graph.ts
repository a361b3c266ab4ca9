/**
 * Resource discovery with Azure Resource Graph: one query returns identity-bearing resources, Key Vaults, AKS
 * clusters and the user-assigned identities themselves, for up to 300 subscriptions at a time.
 * Paging: same query and scopes again with options.$skipToken until none comes back (ARG-identity-and-rbac.md §2).
 * The raw body is read because 5.0.0-beta.4 maps the `data` array into a dictionary (same doc, "SDK gotcha").
 */
import { InternalError } from '../../core/errors.js';
import { arrayAt, parseJson, stringAt } from '../json.js';
import type { ArmClients } from './clients.js';

/**
 * `properties` only where we read them; `order by id` for stable pages; no take/limit, or paging is refused.
 * The mapping (wire-mapping.ts) filters again, so a broader answer can never widen the snapshot.
 */
export const IDENTITY_INVENTORY_QUERY = `resources
| where type in~ ('microsoft.managedidentity/userassignedidentities', 'microsoft.keyvault/vaults', 'microsoft.containerservice/managedclusters')
    or (isnotnull(identity) and isnotempty(tostring(identity.type)) and tostring(identity.type) !~ 'None')
| project id, name, type, location, subscriptionId, resourceGroup, tags, identity,
    properties = iff(type in~ ('microsoft.managedidentity/userassignedidentities', 'microsoft.keyvault/vaults', 'microsoft.containerservice/managedclusters'), properties, dynamic(null))
| order by id asc`;

/** Docs recommend batches below 300 subscriptions per query (ARG-identity-and-rbac.md §1). */
export const SUBSCRIPTIONS_PER_QUERY = 300;
const MAX_PAGES = 10_000;

export interface ResourceGraphResult {
  readonly rows: unknown[];
  /** resultTruncated "true" without a $skipToken: ARG could not page, so rows are missing (a coverage gap). */
  readonly truncated: boolean;
}

export async function queryAllRows(clients: ArmClients, query: string, subscriptionIds: readonly string[]): Promise<ResourceGraphResult> {
  const client = await clients.resourceGraph();
  const rows: unknown[] = [];
  let skipToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    let body: unknown;
    await client.resources(
      {
        query,
        subscriptions: [...subscriptionIds],
        options: { resultFormat: 'objectArray', ...(skipToken === undefined ? {} : { skipToken }) },
      },
      {
        onResponse: (raw) => {
          if (raw.status >= 200 && raw.status < 300) body = parseJson(raw.bodyAsText);
        },
      },
    );
    if (body === undefined) throw new InternalError('a Resource Graph page arrived without its raw body');
    rows.push(...arrayAt(body, 'data'));
    skipToken = stringAt(body, '$skipToken');
    // resultTruncated is a string enum on the wire, not a boolean (ARG-identity-and-rbac.md §2).
    if (skipToken === undefined || skipToken === '') return { rows, truncated: String(stringAt(body, 'resultTruncated')).toLowerCase() === 'true' };
  }
  throw new InternalError('Resource Graph paging did not end');
}
