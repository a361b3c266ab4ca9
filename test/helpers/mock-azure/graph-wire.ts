/** Snapshot → Microsoft Graph wire shapes (knowledge/api/graph): `@odata.type`, beta-only fields per version. */
import type {
  SnapshotApplication,
  SnapshotDirectoryObject,
  SnapshotDirectoryRoleDefinition,
  SnapshotFederatedCredential,
  SnapshotServicePrincipal,
  SnapshotSignInActivity,
} from '../../../src/snapshot/schema.js';

/** A value no snapshot may ever contain: the collector must drop secret material even if Graph sent it. */
export const SECRET_CANARY = 'mock-secret-value-CANARY-7d3f';

export type GraphVersion = 'v1.0' | 'beta';

export function servicePrincipalWire(sp: SnapshotServicePrincipal): object {
  return {
    '@odata.type': '#microsoft.graph.servicePrincipal',
    id: sp.id,
    appId: sp.appId,
    displayName: sp.displayName,
    servicePrincipalType: sp.servicePrincipalType,
    alternativeNames: sp.alternativeNames,
    appOwnerOrganizationId: sp.appOwnerOrganizationId ?? null,
    ...(sp.accountEnabled === undefined ? {} : { accountEnabled: sp.accountEnabled }),
    appRoles: (sp.appRoles ?? []).map((role) => ({ ...role, allowedMemberTypes: ['Application'], isEnabled: true, description: role.displayName ?? null })),
  };
}

export function applicationWire(app: SnapshotApplication): object {
  return {
    id: app.id,
    appId: app.appId,
    displayName: app.displayName,
    signInAudience: app.signInAudience ?? 'AzureADMyOrg',
    passwordCredentials: app.passwordCredentials.map((credential) => ({
      customKeyIdentifier: null,
      displayName: credential.displayName ?? null,
      endDateTime: credential.endDateTime ?? null,
      hint: 'moc',
      keyId: credential.keyId,
      secretText: SECRET_CANARY,
      startDateTime: credential.startDateTime ?? null,
    })),
    keyCredentials: app.keyCredentials.map((credential) => ({
      customKeyIdentifier: 'AB12',
      displayName: credential.displayName ?? null,
      endDateTime: credential.endDateTime ?? null,
      key: SECRET_CANARY,
      keyId: credential.keyId,
      startDateTime: credential.startDateTime ?? null,
      type: credential.type ?? null,
      usage: credential.usage ?? null,
    })),
  };
}

export function directoryObjectWire(object: SnapshotDirectoryObject): object {
  const type = object.type === 'other' ? 'directoryObject' : object.type;
  return { '@odata.type': `#microsoft.graph.${type}`, id: object.id, displayName: object.displayName ?? null };
}

export function applicationFicWire(fic: SnapshotFederatedCredential, version: GraphVersion): object {
  return {
    id: fic.id,
    name: fic.name,
    issuer: fic.issuer,
    subject: fic.subject,
    audiences: fic.audiences,
    description: fic.description ?? null,
    ...(version === 'beta' ? { claimsMatchingExpression: fic.claimsMatchingExpression ?? null } : {}),
  };
}

export function directoryRoleDefinitionWire(definition: SnapshotDirectoryRoleDefinition, version: GraphVersion): object {
  return {
    id: definition.id,
    templateId: definition.templateId ?? definition.id,
    displayName: definition.displayName,
    isBuiltIn: definition.isBuiltIn ?? true,
    isEnabled: true,
    ...(version === 'beta' && definition.isPrivileged !== undefined && definition.isPrivileged !== null ? { isPrivileged: definition.isPrivileged } : {}),
  };
}

/**
 * servicePrincipalSignInActivity (Graph beta, knowledge/api/graph/beta/reports.servicePrincipalSignInActivities.list.response.json):
 * `id` is base64(appId) as in the doc examples; every `*SignInActivity` is `{lastSignInDateTime, lastSignInRequestId}`.
 */
export function signInActivityWire(activity: SnapshotSignInActivity): object {
  const at = (dateTime: string | null | undefined): object => ({ lastSignInDateTime: dateTime ?? null, lastSignInRequestId: dateTime === null || dateTime === undefined ? null : `request-${activity.appId}` });
  return {
    id: Buffer.from(activity.appId).toString('base64'),
    appId: activity.appId,
    lastSignInActivity: at(activity.lastSignInDateTime),
    applicationAuthenticationClientSignInActivity: at(activity.lastAppOnlyClientSignInDateTime),
    applicationAuthenticationResourceSignInActivity: at(null),
    delegatedClientSignInActivity: at(null),
    delegatedResourceSignInActivity: at(null),
  };
}
