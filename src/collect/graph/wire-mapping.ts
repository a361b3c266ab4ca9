/**
 * Graph wire JSON → snapshot v1 objects. Credentials keep METADATA only: an allow-list of fields, so a
 * `secretText`, `key` or `hint` can never reach a snapshot even if Graph (or a proxy) returned one.
 */
import type {
  SnapshotAppRoleAssignment,
  SnapshotApplication,
  SnapshotDirectoryObject,
  SnapshotDirectoryRoleAssignment,
  SnapshotDirectoryRoleDefinition,
  SnapshotServicePrincipal,
} from '../../snapshot/schema.js';
import { arrayAt, asObject, booleanAt, optional, stringAt, stringsAt } from '../json.js';

type CredentialMetadata = SnapshotApplication['passwordCredentials'][number];

export const SERVICE_PRINCIPAL_FIELDS = 'id,appId,displayName,servicePrincipalType,alternativeNames,appOwnerOrganizationId,accountEnabled,appRoles';
export const APPLICATION_FIELDS = 'id,appId,displayName,signInAudience,passwordCredentials,keyCredentials';

export function servicePrincipalFromWire(raw: unknown): SnapshotServicePrincipal | undefined {
  const id = stringAt(raw, 'id');
  const appId = stringAt(raw, 'appId');
  if (id === undefined || appId === undefined) return undefined;
  const appRoles = arrayAt(raw, 'appRoles').flatMap((role) => {
    const roleId = stringAt(role, 'id');
    return roleId === undefined ? [] : [{ id: roleId, value: stringAt(role, 'value') ?? null, ...optional('displayName', stringAt(role, 'displayName')) }];
  });
  return {
    id,
    appId,
    displayName: stringAt(raw, 'displayName') ?? '',
    servicePrincipalType: stringAt(raw, 'servicePrincipalType') ?? '',
    alternativeNames: stringsAt(raw, 'alternativeNames'),
    ...optional('appOwnerOrganizationId', stringAt(raw, 'appOwnerOrganizationId')),
    ...optional('accountEnabled', booleanAt(raw, 'accountEnabled')),
    ...(appRoles.length === 0 ? {} : { appRoles }),
  };
}

function credentialFromWire(raw: unknown): CredentialMetadata | undefined {
  const keyId = stringAt(raw, 'keyId');
  if (keyId === undefined) return undefined;
  return {
    keyId,
    ...optional('displayName', stringAt(raw, 'displayName')),
    ...optional('type', stringAt(raw, 'type')),
    ...optional('usage', stringAt(raw, 'usage')),
    ...optional('startDateTime', stringAt(raw, 'startDateTime')),
    ...optional('endDateTime', stringAt(raw, 'endDateTime')),
  };
}

export function applicationFromWire(raw: unknown, owners: readonly SnapshotDirectoryObject[]): SnapshotApplication | undefined {
  const id = stringAt(raw, 'id');
  const appId = stringAt(raw, 'appId');
  if (id === undefined || appId === undefined) return undefined;
  const credentials = (key: string): CredentialMetadata[] =>
    arrayAt(raw, key).map(credentialFromWire).filter((entry): entry is CredentialMetadata => entry !== undefined);
  return {
    id,
    appId,
    displayName: stringAt(raw, 'displayName') ?? '',
    ...optional('signInAudience', stringAt(raw, 'signInAudience')),
    passwordCredentials: credentials('passwordCredentials'),
    keyCredentials: credentials('keyCredentials'),
    owners: [...owners],
  };
}

const OBJECT_TYPES: Readonly<Record<string, SnapshotDirectoryObject['type']>> = {
  '#microsoft.graph.user': 'user',
  '#microsoft.graph.group': 'group',
  '#microsoft.graph.serviceprincipal': 'servicePrincipal',
  '#microsoft.graph.device': 'device',
};

export function directoryObjectFromWire(raw: unknown): SnapshotDirectoryObject | undefined {
  const id = stringAt(raw, 'id');
  if (id === undefined) return undefined;
  const type = OBJECT_TYPES[(stringAt(raw, '@odata.type') ?? '').toLowerCase()] ?? 'other';
  return { id, type, ...optional('displayName', stringAt(raw, 'displayName')) };
}

export function appRoleAssignmentFromWire(raw: unknown): SnapshotAppRoleAssignment | undefined {
  const id = stringAt(raw, 'id');
  const principalId = stringAt(raw, 'principalId');
  const resourceId = stringAt(raw, 'resourceId');
  const appRoleId = stringAt(raw, 'appRoleId');
  if (id === undefined || principalId === undefined || resourceId === undefined || appRoleId === undefined) return undefined;
  return {
    id,
    principalId,
    ...optional('principalType', stringAt(raw, 'principalType')),
    ...optional('principalDisplayName', stringAt(raw, 'principalDisplayName')),
    resourceId,
    ...optional('resourceDisplayName', stringAt(raw, 'resourceDisplayName')),
    appRoleId,
    ...optional('createdDateTime', stringAt(raw, 'createdDateTime')),
  };
}

export function directoryRoleDefinitionFromWire(raw: unknown): SnapshotDirectoryRoleDefinition | undefined {
  const id = stringAt(raw, 'id');
  if (id === undefined) return undefined;
  const privileged = asObject(raw)?.['isPrivileged'];
  return {
    id,
    ...optional('templateId', stringAt(raw, 'templateId')),
    displayName: stringAt(raw, 'displayName') ?? '',
    ...optional('isBuiltIn', booleanAt(raw, 'isBuiltIn')),
    ...(typeof privileged === 'boolean' ? { isPrivileged: privileged } : {}),
  };
}

export function directoryRoleAssignmentFromWire(raw: unknown): SnapshotDirectoryRoleAssignment | undefined {
  const id = stringAt(raw, 'id');
  const principalId = stringAt(raw, 'principalId');
  const roleDefinitionId = stringAt(raw, 'roleDefinitionId');
  if (id === undefined || principalId === undefined || roleDefinitionId === undefined) return undefined;
  return { id, principalId, roleDefinitionId, directoryScopeId: stringAt(raw, 'directoryScopeId') ?? '/' };
}
