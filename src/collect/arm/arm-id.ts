/** Reading ARM resource ids. Segment names are compared case-insensitively: ARM and Graph vary their casing. */
export interface ArmIdParts {
  readonly subscriptionId: string | undefined;
  readonly resourceGroup: string | undefined;
  /** `Namespace/type[/childType…]` in the casing of the id, e.g. `Microsoft.Web/sites/slots`. */
  readonly type: string | undefined;
  readonly name: string | undefined;
}

export function parseArmId(id: string): ArmIdParts {
  const segments = id.split('/').filter((segment) => segment !== '');
  let subscriptionId: string | undefined;
  let resourceGroup: string | undefined;
  let providerIndex = -1;
  for (let index = 0; index < segments.length - 1; index += 1) {
    const key = segments[index]?.toLowerCase();
    if (key === 'subscriptions' && subscriptionId === undefined) subscriptionId = segments[index + 1];
    if (key === 'resourcegroups' && resourceGroup === undefined) resourceGroup = segments[index + 1];
    if (key === 'providers') providerIndex = index;
  }
  if (providerIndex < 0) return { subscriptionId, resourceGroup, type: undefined, name: segments.at(-1) };
  const rest = segments.slice(providerIndex + 1);
  const namespace = rest[0];
  // rest = [namespace, type, name, childType, childName, …]
  const types = rest.slice(1).filter((_, index) => index % 2 === 0);
  const type = namespace === undefined || types.length === 0 ? undefined : [namespace, ...types].join('/');
  return { subscriptionId, resourceGroup, type, name: rest.length % 2 === 1 ? rest.at(-1) : undefined };
}

/** The GUID at the end of a role definition id, lowercased: the join key between assignments and definitions. */
export function roleDefinitionKey(id: string): string {
  return (id.split('/').filter((segment) => segment !== '').at(-1) ?? id).toLowerCase();
}

export const KEY_VAULT_TYPE = 'microsoft.keyvault/vaults';
export const AKS_TYPE = 'microsoft.containerservice/managedclusters';
export const UAMI_TYPE = 'microsoft.managedidentity/userassignedidentities';
