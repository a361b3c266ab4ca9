/**
 * ARM wire JSON → snapshot v1 objects. Input is the raw body item (ARM list, GET, or an ARG row projected in the
 * same shape), with `properties` nested. Values rules judge are copied verbatim.
 * Shared by both discovery modes, so `--discovery arg` and `--discovery arm` map identically.
 */
import type {
  SnapshotAks,
  SnapshotFederatedCredential,
  SnapshotIdentityBlock,
  SnapshotKeyVault,
  SnapshotKeyVaultAccessPolicy,
  SnapshotManagementGroup,
  SnapshotResource,
  SnapshotRoleAssignment,
  SnapshotRoleDefinition,
  SnapshotUserAssignedIdentity,
} from '../../snapshot/schema.js';
import { arrayAt, asObject, booleanAt, numberAt, objectAt, optional, stringAt, stringMapAt, stringsAt, type JsonObject } from '../json.js';
import { parseArmId } from '../../azure/ids.js';
import { AKS_TYPE, KEY_VAULT_TYPE } from '../../azure/resource-types.js';
import { type Intern, NO_INTERN } from '../../core/intern.js';
import { dictionaryOf } from '../../core/dictionary.js';

/** Case-insensitive property lookup: identity blocks vary (`userAssignedIdentities`, `UserAssignedIdentities`…). */
function anyCase(object: JsonObject | undefined, key: string): unknown {
  if (object === undefined) return undefined;
  if (key in object) return object[key];
  const lower = key.toLowerCase();
  const match = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower);
  return match === undefined ? undefined : object[match];
}

function anyCaseString(object: JsonObject | undefined, key: string): string | undefined {
  const value = anyCase(object, key);
  return typeof value === 'string' ? value : undefined;
}

/** `intern` shares the values many resources repeat (identity type, tenant, the user-assigned identities they reference). */
export function identityBlockFromWire(raw: unknown, intern: Intern = NO_INTERN): SnapshotIdentityBlock | undefined {
  const identity = asObject(anyCase(asObject(raw), 'identity'));
  if (identity === undefined) return undefined;
  const shared = (object: JsonObject | undefined, key: string): string | undefined => {
    const value = anyCaseString(object, key);
    return value === undefined ? undefined : intern(value);
  };
  const type = shared(identity, 'type') ?? '';
  const principalId = anyCaseString(identity, 'principalId');
  const userAssigned = asObject(anyCase(identity, 'userAssignedIdentities'));
  const references = Object.entries(userAssigned ?? {}).map(([id, value]) => {
    const reference = asObject(value);
    return [id, { ...optional('principalId', shared(reference, 'principalId')), ...optional('clientId', shared(reference, 'clientId')) }] as const;
  });
  const hasIdentity = (type.trim() !== '' && type.trim().toLowerCase() !== 'none') || principalId !== undefined || references.length > 0;
  if (!hasIdentity) return undefined;
  return {
    type,
    ...optional('principalId', principalId),
    ...optional('tenantId', shared(identity, 'tenantId')),
    ...(references.length === 0 ? {} : { userAssignedIdentities: dictionaryOf(references) }),
  };
}

function keyVaultFromWire(properties: JsonObject | undefined): SnapshotKeyVault {
  const accessPolicies = arrayAt(properties, 'accessPolicies').flatMap((entry): SnapshotKeyVaultAccessPolicy[] => {
    const tenantId = stringAt(entry, 'tenantId');
    const objectId = stringAt(entry, 'objectId');
    if (tenantId === undefined || objectId === undefined) return [];
    const permissions = objectAt(entry, 'permissions');
    const list = (key: string): string[] | undefined => (Array.isArray(permissions?.[key]) ? stringsAt(permissions, key) : undefined);
    return [
      {
        tenantId,
        objectId,
        ...optional('applicationId', stringAt(entry, 'applicationId')),
        permissions: {
          ...optional('keys', list('keys')),
          ...optional('secrets', list('secrets')),
          ...optional('certificates', list('certificates')),
          ...optional('storage', list('storage')),
        },
      },
    ];
  });
  // Absent means access policies: the vault default before API 2026-02-01 (rules read it as "not RBAC").
  return { enableRbacAuthorization: booleanAt(properties, 'enableRbacAuthorization') === true, accessPolicies };
}

function aksFromWire(properties: JsonObject | undefined): SnapshotAks {
  const oidc = objectAt(properties, 'oidcIssuerProfile');
  const kubelet = objectAt(objectAt(properties, 'identityProfile'), 'kubeletidentity');
  const kubeletResourceId = stringAt(kubelet, 'resourceId');
  return {
    ...optional('oidcIssuerEnabled', booleanAt(oidc, 'enabled')),
    ...optional('oidcIssuerUrl', stringAt(oidc, 'issuerURL')),
    ...optional('workloadIdentityEnabled', booleanAt(objectAt(objectAt(properties, 'securityProfile'), 'workloadIdentity'), 'enabled')),
    ...(kubeletResourceId === undefined
      ? {}
      : { kubeletIdentity: { resourceId: kubeletResourceId, ...optional('clientId', stringAt(kubelet, 'clientId')), ...optional('objectId', stringAt(kubelet, 'objectId')) } }),
  };
}

/** Is this resource type one whose `properties` we read (Key Vault, AKS)? */
export function needsProperties(type: string): boolean {
  const lower = type.toLowerCase();
  return lower === KEY_VAULT_TYPE || lower === AKS_TYPE;
}

/**
 * A resource worth keeping: it carries a managed identity, or it is a Key Vault or AKS cluster. Everything else
 * is dropped here, whatever the query returned. The type comes from the id, because ARG lowercases `type`.
 */
export function resourceFromWire(raw: unknown, intern: Intern = NO_INTERN): SnapshotResource | undefined {
  const id = stringAt(raw, 'id');
  if (id === undefined) return undefined;
  const parts = parseArmId(id);
  const type = parts.typeAsWritten ?? stringAt(raw, 'type');
  const name = stringAt(raw, 'name') ?? parts.name;
  if (type === undefined || name === undefined || parts.subscriptionId === undefined || parts.resourceGroup === undefined) return undefined;
  const identity = identityBlockFromWire(raw, intern);
  const lowerType = type.toLowerCase();
  if (identity === undefined && !needsProperties(type)) return undefined;
  const properties = objectAt(raw, 'properties');
  return {
    id,
    name,
    type: intern(type),
    ...optional('location', internAt(raw, 'location', intern)),
    subscriptionId: intern(parts.subscriptionId),
    resourceGroup: intern(parts.resourceGroup),
    ...optional('tags', stringMapAt(raw, 'tags')),
    ...optional('identity', identity),
    ...(lowerType === KEY_VAULT_TYPE ? { keyVault: keyVaultFromWire(properties) } : {}),
    ...(lowerType === AKS_TYPE ? { aks: aksFromWire(properties) } : {}),
  };
}

export function userAssignedIdentityFromWire(raw: unknown, intern: Intern = NO_INTERN): SnapshotUserAssignedIdentity | undefined {
  const id = stringAt(raw, 'id');
  const properties = objectAt(raw, 'properties');
  const principalId = stringAt(properties, 'principalId');
  const clientId = stringAt(properties, 'clientId');
  if (id === undefined || principalId === undefined || clientId === undefined) return undefined;
  const parts = parseArmId(id);
  if (parts.subscriptionId === undefined || parts.resourceGroup === undefined) return undefined;
  const restrictions = objectAt(properties, 'assignmentRestrictions');
  return {
    id,
    name: stringAt(raw, 'name') ?? parts.name ?? id,
    location: intern(stringAt(raw, 'location') ?? ''),
    subscriptionId: intern(parts.subscriptionId),
    resourceGroup: intern(parts.resourceGroup),
    ...optional('tags', stringMapAt(raw, 'tags')),
    tenantId: intern(stringAt(properties, 'tenantId') ?? ''),
    principalId,
    clientId,
    ...optional('isolationScope', stringAt(properties, 'isolationScope')),
    ...(restrictions === undefined ? {} : { assignmentRestrictions: { providers: stringsAt(restrictions, 'providers') } }),
  };
}

/** A UAMI's FIC, from the raw body so claimsMatchingExpression survives (https://learn.microsoft.com/entra/workload-id/workload-identities-flexible-federated-identity-credentials). */
export function identityFicFromWire(raw: unknown, ownerId: string): SnapshotFederatedCredential | undefined {
  const id = stringAt(raw, 'id');
  const name = stringAt(raw, 'name');
  const properties = objectAt(raw, 'properties');
  if (id === undefined || name === undefined) return undefined;
  return ficFields(id, name, { kind: 'userAssignedIdentity', id: ownerId }, properties);
}

/** Shared by ARM (properties) and Graph (top-level fields) FICs. */
export function ficFields(
  id: string,
  name: string,
  owner: SnapshotFederatedCredential['owner'],
  fields: JsonObject | undefined,
): SnapshotFederatedCredential {
  const expression = objectAt(fields, 'claimsMatchingExpression');
  const expressionValue = stringAt(expression, 'value');
  return {
    id,
    name,
    owner,
    issuer: stringAt(fields, 'issuer') ?? '',
    subject: stringAt(fields, 'subject') ?? null,
    audiences: stringsAt(fields, 'audiences'),
    ...(expressionValue === undefined ? {} : { claimsMatchingExpression: { value: expressionValue, languageVersion: numberAt(expression, 'languageVersion') ?? 1 } }),
    ...optional('description', stringAt(fields, 'description')),
  };
}

export function roleDefinitionFromWire(raw: unknown): SnapshotRoleDefinition | undefined {
  const id = stringAt(raw, 'id');
  const name = stringAt(raw, 'name');
  const properties = objectAt(raw, 'properties');
  if (id === undefined || name === undefined) return undefined;
  return {
    id,
    name,
    roleName: stringAt(properties, 'roleName') ?? '',
    roleType: stringAt(properties, 'type') === 'BuiltInRole' ? 'BuiltInRole' : 'CustomRole',
    ...optional('description', stringAt(properties, 'description')),
    assignableScopes: stringsAt(properties, 'assignableScopes'),
    permissions: arrayAt(properties, 'permissions').map((permission) => ({
      actions: stringsAt(permission, 'actions'),
      notActions: stringsAt(permission, 'notActions'),
      dataActions: stringsAt(permission, 'dataActions'),
      notDataActions: stringsAt(permission, 'notDataActions'),
    })),
  };
}

function internAt(value: unknown, key: string, intern: Intern): string | undefined {
  const found = stringAt(value, key);
  return found === undefined ? undefined : intern(found);
}

/** `intern` shares the values that repeat across a tenant's assignments; ids and names are unique and kept as they are. */
export function roleAssignmentFromWire(raw: unknown, intern: Intern = NO_INTERN): SnapshotRoleAssignment | undefined {
  const id = stringAt(raw, 'id');
  const name = stringAt(raw, 'name');
  const properties = objectAt(raw, 'properties');
  const roleDefinitionId = stringAt(properties, 'roleDefinitionId');
  const principalId = stringAt(properties, 'principalId');
  const scope = stringAt(properties, 'scope');
  if (id === undefined || name === undefined || roleDefinitionId === undefined || principalId === undefined || scope === undefined) return undefined;
  const shared = (key: string): string | undefined => internAt(properties, key, intern);
  return {
    id,
    name,
    scope: intern(scope),
    roleDefinitionId: intern(roleDefinitionId),
    principalId: intern(principalId),
    principalType: intern(stringAt(properties, 'principalType') ?? ''),
    ...optional('condition', shared('condition')),
    ...optional('conditionVersion', shared('conditionVersion')),
    ...optional('createdOn', stringAt(properties, 'createdOn')),
    ...optional('createdBy', shared('createdBy')),
    ...optional('description', stringAt(properties, 'description')),
  };
}

/** A management group GET with `$expand=children`: the group and the subscriptions directly under it. */
export function managementGroupFromWire(raw: unknown): { group: SnapshotManagementGroup; childSubscriptionIds: string[] } | undefined {
  const id = stringAt(raw, 'id');
  const name = stringAt(raw, 'name');
  const properties = objectAt(raw, 'properties');
  if (id === undefined || name === undefined) return undefined;
  const parentId = stringAt(objectAt(objectAt(properties, 'details'), 'parent'), 'id');
  const childSubscriptionIds = arrayAt(properties, 'children')
    .filter((child) => (stringAt(child, 'type') ?? '').toLowerCase() === '/subscriptions' || (stringAt(child, 'type') ?? '').toLowerCase() === 'microsoft.resources/subscriptions')
    .map((child) => stringAt(child, 'name') ?? parseArmId(stringAt(child, 'id') ?? '').subscriptionId)
    .filter((value): value is string => value !== undefined);
  return {
    group: { id, name, displayName: stringAt(properties, 'displayName') ?? name, parentId: parentId === undefined || parentId === '' ? null : parentId },
    childSubscriptionIds,
  };
}
