/**
 * ARM id and GUID canonicalization. ARM ids are case-insensitive and come back with varying casing
 * (`resourcegroups`, `Microsoft.ManagedIdentity` vs `microsoft.managedidentity`), so every join
 * and map key uses canonicalArmId(); the original casing is kept for display.
 * Never use these on values Entra compares case-sensitively (FIC issuer, subject, audience).
 *
 * Example: canonicalArmId('/subscriptions/A/resourcegroups/RG/providers/Microsoft.X/y/Z/') === '/subscriptions/a/resourcegroups/rg/providers/microsoft.x/y/z'
 */
export function canonicalArmId(id: string): string {
  const collapsed = id.trim().replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  return (collapsed === '' ? '/' : collapsed).toLowerCase();
}

export function canonicalGuid(id: string): string {
  return id.trim().toLowerCase();
}

export const SCOPE_LEVELS = ['root', 'managementGroup', 'subscription', 'resourceGroup', 'resource'] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];

/** Root, management group and subscription are "broad". */
export function isBroadScopeLevel(level: ScopeLevel): boolean {
  return level === 'root' || level === 'managementGroup' || level === 'subscription';
}

export function scopeLevel(scope: string): ScopeLevel {
  const parts = canonicalArmId(scope).split('/').filter((part) => part !== '');
  if (parts.length === 0) return 'root';
  if (parts[0] === 'providers' && parts[1] === 'microsoft.management' && parts[2] === 'managementgroups') {
    return parts.length <= 4 ? 'managementGroup' : 'resource';
  }
  if (parts[0] === 'subscriptions') {
    if (parts.length <= 2) return 'subscription';
    if (parts[2] === 'resourcegroups' && parts.length <= 4) return 'resourceGroup';
  }
  return 'resource';
}

export interface ParsedArmId {
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
  /** Lowercase full type, e.g. `microsoft.storage/storageaccounts` or `microsoft.sql/servers/databases`. */
  readonly type?: string;
  readonly name?: string;
  readonly managementGroup?: string;
}

/** Splits an ARM id into its parts (lowercased type; other parts keep their casing). */
export function parseArmId(id: string): ParsedArmId {
  const parts = id.trim().replace(/\/{2,}/g, '/').replace(/\/+$/, '').split('/').filter((part) => part !== '');
  const result: { -readonly [K in keyof ParsedArmId]: ParsedArmId[K] } = {};
  let index = 0;
  if (parts[0]?.toLowerCase() === 'subscriptions' && parts[1] !== undefined) {
    result.subscriptionId = parts[1];
    index = 2;
    if (parts[2]?.toLowerCase() === 'resourcegroups' && parts[3] !== undefined) {
      result.resourceGroup = parts[3];
      index = 4;
    }
  }
  const providersAt = parts.findIndex((part, i) => i >= index && part.toLowerCase() === 'providers');
  if (providersAt >= 0 && parts[providersAt + 1] !== undefined) {
    const namespace = parts[providersAt + 1] ?? '';
    const rest = parts.slice(providersAt + 2);
    if (namespace.toLowerCase() === 'microsoft.management' && rest[0]?.toLowerCase() === 'managementgroups') {
      if (rest[1] !== undefined) result.managementGroup = rest[1];
    }
    const typeSegments: string[] = [];
    let name: string | undefined;
    for (let i = 0; i + 1 < rest.length; i += 2) {
      typeSegments.push(rest[i] ?? '');
      name = rest[i + 1];
    }
    if (typeSegments.length > 0) {
      result.type = `${namespace}/${typeSegments.join('/')}`.toLowerCase();
      if (name !== undefined) result.name = name;
    }
  }
  return result;
}

/** The subscription an ARM id or scope lives in, lowercased; undefined for root and management groups. */
export function subscriptionOf(id: string): string | undefined {
  return parseArmId(id).subscriptionId?.toLowerCase();
}

/** The GUID at the end of a role definition id (`…/roleDefinitions/<guid>`), lowercased. */
export function roleDefinitionGuid(roleDefinitionId: string): string {
  const last = roleDefinitionId.trim().replace(/\/+$/, '').split('/').pop() ?? '';
  return canonicalGuid(last);
}
