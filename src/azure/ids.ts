/**
 * Azure ids, the one place that reads them: ARM resource ids and scopes, GUIDs (Entra object, tenant and client
 * ids), role definition ids. This folder is the bottom layer beside core/: it imports nothing from src, so the
 * collector, the inventory, rules, policy, record, report and drift all share one parser.
 *
 * ARM ids are case-insensitive and come back with varying casing (`resourcegroups`, `Microsoft.ManagedIdentity` vs
 * `microsoft.managedidentity`), so every join and map key uses canonicalArmId(); the original casing is kept for
 * display. Never use these on values Entra compares case-sensitively (FIC issuer, subject, audience).
 *
 * Sources: ARM id format and case-insensitive names
 * https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules and
 * https://learn.microsoft.com/rest/api/resources/ ; extension resources (`{scope}/providers/{namespace}/{type}/{name}`)
 * https://learn.microsoft.com/azure/azure-resource-manager/management/extension-resource-types ; management-group
 * scopes https://learn.microsoft.com/azure/governance/management-groups/overview ; role definition ids
 * https://learn.microsoft.com/azure/role-based-access-control/role-definitions
 */

const SLASH = 0x2f;

/** Printable ASCII but the space: String.prototype.trim never removes it. */
function isVisibleAscii(code: number): boolean {
  return code > 0x20 && code < 0x7f;
}

/**
 * The canonical (join-key) form of an ARM id or scope: trimmed, repeated slashes collapsed, no trailing slash,
 * lowercased; the root scope is `/`.
 *
 * Example: canonicalArmId('/subscriptions/A/resourcegroups/RG/providers/Microsoft.X/y/Z/') === '/subscriptions/a/resourcegroups/rg/providers/microsoft.x/y/z'
 */
export function canonicalArmId(id: string): string {
  // Most ids are already tidy (no outer spaces, no repeated or trailing slash): only lowercase them. Joins call
  // this hundreds of thousands of times on a large tenant.
  const first = id.charCodeAt(0);
  const last = id.charCodeAt(id.length - 1);
  if (id.length > 1 && last !== SLASH && isVisibleAscii(first) && isVisibleAscii(last) && !id.includes('//')) return id.toLowerCase();
  const collapsed = id.trim().replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  return (collapsed === '' ? '/' : collapsed).toLowerCase();
}

/**
 * A GUID as a RegExp source, lowercase hex only. Issuer paths use it case-sensitively because Entra compares the
 * issuer byte for byte (https://learn.microsoft.com/entra/workload-id/workload-identity-federation).
 */
export const GUID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A whole value that is a GUID, any casing (anchored, no flags that keep state: safe to share). */
export const GUID_REGEX = new RegExp(`^${GUID_PATTERN}$`, 'i');

/**
 * True when the value is exactly a GUID in the 8-4-4-4-12 hex form, any casing, no braces or spaces (how Entra
 * writes object, tenant and client ids: https://learn.microsoft.com/graph/api/resources/serviceprincipal).
 */
export function isGuid(value: string): boolean {
  return GUID_REGEX.test(value);
}

/** The join-key form of an Entra object / tenant / client id: trimmed and lowercased (GUIDs are case-insensitive). */
export function canonicalGuid(id: string): string {
  return id.trim().toLowerCase();
}

/**
 * The ARM id of a management group given its name (`mg-prod`) or its id (returned as is):
 * `/providers/Microsoft.Management/managementGroups/<name>`
 * (https://learn.microsoft.com/rest/api/managementgroups/management-groups/get).
 */
export function managementGroupId(nameOrId: string): string {
  return nameOrId.startsWith('/') ? nameOrId : `/providers/Microsoft.Management/managementGroups/${nameOrId}`;
}

export const SCOPE_LEVELS = ['root', 'managementGroup', 'subscription', 'resourceGroup', 'resource'] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];

/** Root, management group and subscription are "broad". */
export function isBroadScopeLevel(level: ScopeLevel): boolean {
  return level === 'root' || level === 'managementGroup' || level === 'subscription';
}

/**
 * The level of an ARM scope: `/` is root, `/providers/Microsoft.Management/managementGroups/<id>` a management
 * group, `/subscriptions/<id>` a subscription, `…/resourceGroups/<name>` a resource group, anything deeper a resource.
 */
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
  /** As written in the id (not lowercased). Only from a leading `/subscriptions/<id>`. */
  readonly subscriptionId?: string;
  /** As written. Only from `/subscriptions/<id>/resourceGroups/<name>` at the start of the id. */
  readonly resourceGroup?: string;
  /** As written. From a leading `/providers/Microsoft.Management/managementGroups/<id>`. */
  readonly managementGroup?: string;
  /**
   * Lowercase full type of the resource the id names, e.g. `microsoft.storage/storageaccounts` or
   * `microsoft.sql/servers/databases`. For an extension resource (a second `/providers/` segment) it is the
   * extension's type, e.g. `microsoft.authorization/roleassignments`, not its parent's.
   */
  readonly type?: string;
  /** The same type in the casing of the id (ARG lowercases the `type` field; the id keeps ARM's casing). */
  readonly typeAsWritten?: string;
  /** The resource's own name (the last name segment); undefined for ids without a provider segment. */
  readonly name?: string;
}

/**
 * Splits an ARM id or scope into its parts. Tolerates surrounding spaces, repeated and trailing slashes, and any
 * casing of the fixed segments. The type and name come from the LAST `/providers/` segment (ARM's extension
 * resource form `{scope}/providers/{namespace}/{type}/{name}`); subscription, resource group and management group
 * only from the start of the id, so a child type that happens to be called `resourceGroups` is not mistaken for one.
 * Never throws: parts it cannot find are absent.
 */
export function parseArmId(id: string): ParsedArmId {
  const parts = id.trim().split('/').filter((part) => part !== '');
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
  if (
    index === 0 &&
    parts[0]?.toLowerCase() === 'providers' &&
    parts[1]?.toLowerCase() === 'microsoft.management' &&
    parts[2]?.toLowerCase() === 'managementgroups' &&
    parts[3] !== undefined
  ) {
    result.managementGroup = parts[3];
  }
  // Grammar: `providers/{namespace}` then (type, name) pairs; `providers` where a type is expected starts an
  // extension resource, and the last one names the resource. Name positions are never read as keywords, so a site
  // called `providers` stays a name.
  let at = parts.findIndex((part, i) => i >= index && part.toLowerCase() === 'providers');
  let found: { namespace: string; types: string[]; name: string | undefined } | undefined;
  while (at >= 0 && parts[at]?.toLowerCase() === 'providers' && parts[at + 1] !== undefined) {
    found = { namespace: parts[at + 1] ?? '', types: [], name: undefined };
    at += 2;
    while (at + 1 < parts.length && parts[at]?.toLowerCase() !== 'providers') {
      found.types.push(parts[at] ?? '');
      found.name = parts[at + 1];
      at += 2;
    }
  }
  if (found !== undefined && found.types.length > 0) {
    result.typeAsWritten = `${found.namespace}/${found.types.join('/')}`;
    result.type = result.typeAsWritten.toLowerCase();
    if (found.name !== undefined) result.name = found.name;
  }
  return result;
}

/** The subscription an ARM id or scope lives in, lowercased; undefined for root and management groups. */
export function subscriptionOf(id: string): string | undefined {
  return parseArmId(id).subscriptionId?.toLowerCase();
}

/**
 * The GUID of a role definition, lowercased: the join key between role assignments and role definitions. Accepts
 * the full id (`/subscriptions/<sub>/providers/Microsoft.Authorization/roleDefinitions/<guid>`, the tenant form
 * `/providers/Microsoft.Authorization/roleDefinitions/<guid>`, any casing, trailing slash) or the bare GUID (as in
 * ABAC conditions' `@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId]`). Built-in role GUIDs are
 * the same in every scope (https://learn.microsoft.com/azure/role-based-access-control/role-definitions).
 */
export function roleDefinitionGuid(roleDefinitionId: string): string {
  const last = roleDefinitionId.trim().split('/').filter((part) => part !== '').pop() ?? '';
  return canonicalGuid(last);
}
