/**
 * Resource discovery with Azure Resource Graph: one query returns identity-bearing resources, Key Vaults, AKS
 * clusters and the user-assigned identities themselves, for up to 300 subscriptions at a time.
 * Paging: same query and scopes again with options.$skipToken until none comes back (https://learn.microsoft.com/azure/governance/resource-graph/concepts/work-with-data#paging-results).
 */
import { InternalError } from '../../core/errors.js';
import type { ServiceHttp } from '../http/service-http.js';
import { arrayAt, stringAt } from '../json.js';
import { API, armUrl } from './api-versions.js';

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

/** Docs recommend batches below 300 subscriptions per query (https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests). */
export const SUBSCRIPTIONS_PER_QUERY = 300;
const MAX_PAGES = 10_000;

export interface ResourceGraphResult {
  readonly rows: unknown[];
  /** resultTruncated "true" without a $skipToken: ARG could not page, so rows are missing (a coverage gap). */
  readonly truncated: boolean;
}

/** `onPage` sees each page's rows as they arrive, so work that needs them (FIC reads) can start before the last page. */
export async function queryAllRows(
  arm: ServiceHttp,
  query: string,
  subscriptionIds: readonly string[],
  onPage?: (rows: readonly unknown[]) => void,
): Promise<ResourceGraphResult> {
  const rows: unknown[] = [];
  let skipToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const body = await arm.post(armUrl('/providers/Microsoft.ResourceGraph/resources', API.resourceGraph), {
      query,
      subscriptions: [...subscriptionIds],
      options: { resultFormat: 'objectArray', ...(skipToken === undefined ? {} : { $skipToken: skipToken }) },
    });
    const data = arrayAt(body, 'data');
    onPage?.(data);
    rows.push(...data);
    skipToken = stringAt(body, '$skipToken');
    // resultTruncated is a string enum on the wire, not a boolean (https://learn.microsoft.com/rest/api/azureresourcegraph/resourcegraph/resources/resources).
    if (skipToken === undefined || skipToken === '') return { rows, truncated: String(stringAt(body, 'resultTruncated')).toLowerCase() === 'true' };
  }
  throw new InternalError('Resource Graph paging did not end');
}
