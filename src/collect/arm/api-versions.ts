/**
 * ARM api-versions, one per resource provider read (the versions the Azure SDK packages of package.json used,
 * https://learn.microsoft.com/rest/api/managedidentity/federated-identity-credentials). Raw JSON is read, so properties the SDK models did not know (a FIC's claimsMatchingExpression)
 * survive (generated SDK models drop properties they do not declare).
 */
export const API = {
  /** https://learn.microsoft.com/rest/api/resources/subscriptions/list */
  subscriptions: '2022-12-01',
  /** https://learn.microsoft.com/rest/api/managementgroups/management-groups/list */
  managementGroups: '2021-04-01',
  /** ARG: the newest stable https://learn.microsoft.com/rest/api/azureresourcegraph/resourcegraph/resources/resources */
  resourceGraph: '2024-04-01',
  /** https://learn.microsoft.com/rest/api/resources/resources/list */
  resources: '2025-04-01',
  /** https://learn.microsoft.com/rest/api/managedidentity/user-assigned-identities/list-by-subscription */
  managedIdentity: '2024-11-30',
  /** claimsMatchingExpression exists only in preview versions (https://learn.microsoft.com/rest/api/managedidentity/federated-identity-credentials); a superset of 2024-11-30. */
  federatedCredentials: '2025-05-31-preview',
  /** https://learn.microsoft.com/rest/api/authorization/role-assignments/list-for-subscription */
  authorization: '2022-04-01',
  keyVault: '2023-07-01',
  aks: '2024-09-01',
} as const;

/** `path?api-version=…`; each path segment is percent-encoded (names may hold spaces), a query is kept as it is. */
export function armUrl(pathAndQuery: string, apiVersion: string): string {
  const [path = '', query] = pathAndQuery.split(/\?(.*)/s, 2);
  const encoded = path.split('/').map((segment) => encodeURIComponent(segment)).join('/');
  return `${encoded}?${query === undefined || query === '' ? '' : `${query}&`}api-version=${apiVersion}`;
}
