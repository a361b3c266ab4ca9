/**
 * Resource discovery with Azure Resource Graph: identity-bearing resources, Key Vaults, AKS clusters and the
 * user-assigned identities themselves, for up to 300 subscriptions at a time.
 * Paging: same query and scopes again with options.$skipToken until none comes back (https://learn.microsoft.com/azure/governance/resource-graph/concepts/work-with-data#paging-results).
 */
import { InternalError } from '../../core/errors.js';
import type { ServiceHttp } from '../http/service-http.js';
import { arrayAt, stringAt } from '../json.js';
import { API, armUrl } from './api-versions.js';

const UAMI = `'microsoft.managedidentity/userassignedidentities'`;
const PROJECTION = `| project id, name, type, location, subscriptionId, resourceGroup, tags, identity,
    properties = iff(type in~ (${UAMI}, 'microsoft.keyvault/vaults', 'microsoft.containerservice/managedclusters'), properties, dynamic(null))
| order by id asc`;

/**
 * Two queries, paged side by side: the user-assigned identities alone, so that their FIC reads (one request each,
 * most of a collection) can start after a few pages instead of trickling in over all of them, and every other
 * identity-bearing resource, Key Vault and AKS cluster. Together they take the pages one query would (plus at most
 * one). `properties` only where we read them; `order by id` for stable pages; no take/limit, or paging is refused.
 * The mapping (wire-mapping.ts) filters again, so a broader answer can never widen the snapshot.
 */
export const IDENTITY_QUERY = `resources
| where type =~ ${UAMI}
${PROJECTION}`;

export const RESOURCE_QUERY = `resources
| where type !~ ${UAMI}
| where type in~ ('microsoft.keyvault/vaults', 'microsoft.containerservice/managedclusters')
    or (isnotnull(identity) and isnotempty(tostring(identity.type)) and tostring(identity.type) !~ 'None')
${PROJECTION}`;

/** Docs recommend batches below 300 subscriptions per query (https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests). */
export const SUBSCRIPTIONS_PER_QUERY = 300;
const MAX_PAGES = 10_000;

/**
 * Runs `query` over `subscriptionIds`, handing each page's rows to `onPage` as it arrives (nothing is kept here).
 * Resolves `truncated`: resultTruncated "true" without a $skipToken means ARG could not page and rows are missing
 * (a coverage gap). Throws the first failed page.
 */
export async function queryPages(arm: ServiceHttp, query: string, subscriptionIds: readonly string[], onPage: (rows: readonly unknown[]) => void): Promise<{ truncated: boolean }> {
  let skipToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const body = await arm.post(armUrl('/providers/Microsoft.ResourceGraph/resources', API.resourceGraph), {
      query,
      subscriptions: [...subscriptionIds],
      options: { resultFormat: 'objectArray', ...(skipToken === undefined ? {} : { $skipToken: skipToken }) },
    });
    onPage(arrayAt(body, 'data'));
    skipToken = stringAt(body, '$skipToken');
    // resultTruncated is a string enum on the wire, not a boolean (https://learn.microsoft.com/rest/api/azureresourcegraph/resourcegraph/resources/resources).
    if (skipToken === undefined || skipToken === '') return { truncated: String(stringAt(body, 'resultTruncated')).toLowerCase() === 'true' };
  }
  throw new InternalError('Resource Graph paging did not end');
}
