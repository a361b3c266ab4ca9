/**
 * Snapshot → ARM wire shapes (knowledge/api/arm examples): `properties` nested, ids verbatim.
 * The inverse of src/collect/arm/wire-mapping.ts, written independently from the example files.
 */
import type {
  Snapshot,
  SnapshotFederatedCredential,
  SnapshotManagementGroup,
  SnapshotPolicyAssignment,
  SnapshotResource,
  SnapshotRoleAssignment,
  SnapshotRoleDefinition,
  SnapshotUserAssignedIdentity,
} from '../../../src/snapshot/schema.js';

export function subscriptionWire(snapshot: Snapshot, subscription: Snapshot['subscriptions'][number]): object {
  return {
    id: `/subscriptions/${subscription.subscriptionId}`,
    subscriptionId: subscription.subscriptionId,
    tenantId: snapshot.tenantId,
    displayName: subscription.displayName,
    state: subscription.state ?? 'Enabled',
    ...(subscription.tags === undefined ? {} : { tags: subscription.tags }),
    authorizationSource: 'RoleBased',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  };
}

export function managementGroupListWire(snapshot: Snapshot, group: SnapshotManagementGroup): object {
  return { id: group.id, type: 'Microsoft.Management/managementGroups', name: group.name, properties: { tenantId: snapshot.tenantId, displayName: group.displayName } };
}

export function managementGroupWire(snapshot: Snapshot, group: SnapshotManagementGroup): object {
  const parent = snapshot.managementGroups.find((candidate) => candidate.id.toLowerCase() === (group.parentId ?? '').toLowerCase());
  const childGroups = snapshot.managementGroups
    .filter((candidate) => candidate.parentId?.toLowerCase() === group.id.toLowerCase())
    .map((child) => ({ type: 'Microsoft.Management/managementGroups', id: child.id, name: child.name, displayName: child.displayName }));
  const childSubscriptions = snapshot.subscriptions
    .filter((subscription) => subscription.managementGroupId?.toLowerCase() === group.id.toLowerCase())
    .map((subscription) => ({ type: '/subscriptions', id: `/subscriptions/${subscription.subscriptionId}`, name: subscription.subscriptionId, displayName: subscription.displayName }));
  return {
    id: group.id,
    type: 'Microsoft.Management/managementGroups',
    name: group.name,
    properties: {
      tenantId: snapshot.tenantId,
      displayName: group.displayName,
      details: {
        version: 1,
        updatedTime: '2026-01-01T00:00:00Z',
        updatedBy: 'system',
        ...(parent === undefined ? {} : { parent: { id: parent.id, name: parent.name, displayName: parent.displayName } }),
      },
      children: [...childGroups, ...childSubscriptions],
    },
  };
}

function identityWire(resource: SnapshotResource): object | undefined {
  if (resource.identity === undefined || resource.identity === null) return undefined;
  const identity = resource.identity;
  return {
    type: identity.type,
    ...(identity.principalId === undefined ? {} : { principalId: identity.principalId }),
    ...(identity.tenantId === undefined ? {} : { tenantId: identity.tenantId }),
    ...(identity.userAssignedIdentities === undefined || identity.userAssignedIdentities === null ? {} : { userAssignedIdentities: identity.userAssignedIdentities }),
  };
}

function propertiesWire(resource: SnapshotResource): object {
  if (resource.keyVault !== undefined) {
    return {
      tenantId: 'ignored',
      sku: { family: 'A', name: 'standard' },
      enableRbacAuthorization: resource.keyVault.enableRbacAuthorization,
      accessPolicies: resource.keyVault.accessPolicies,
    };
  }
  if (resource.aks !== undefined) {
    const aks = resource.aks;
    return {
      provisioningState: 'Succeeded',
      ...(aks.oidcIssuerEnabled === undefined && aks.oidcIssuerUrl === undefined
        ? {}
        : { oidcIssuerProfile: { ...(aks.oidcIssuerEnabled === undefined ? {} : { enabled: aks.oidcIssuerEnabled }), ...(aks.oidcIssuerUrl === undefined || aks.oidcIssuerUrl === null ? {} : { issuerURL: aks.oidcIssuerUrl }) } }),
      ...(aks.workloadIdentityEnabled === undefined ? {} : { securityProfile: { workloadIdentity: { enabled: aks.workloadIdentityEnabled } } }),
      ...(aks.kubeletIdentity === undefined || aks.kubeletIdentity === null ? {} : { identityProfile: { kubeletidentity: aks.kubeletIdentity } }),
    };
  }
  return { provisioningState: 'Succeeded' };
}

/** ARM list item (`GET /subscriptions/{id}/resources`): identity yes, properties no. */
export function resourceListWire(resource: SnapshotResource): object {
  const identity = identityWire(resource);
  return {
    id: resource.id,
    name: resource.name,
    type: resource.type,
    location: resource.location ?? 'westeurope',
    ...(resource.tags === undefined ? {} : { tags: resource.tags }),
    ...(identity === undefined ? {} : { identity }),
  };
}

/** ARM GET of one resource: with properties. */
export function resourceGetWire(resource: SnapshotResource): object {
  return { ...resourceListWire(resource), properties: propertiesWire(resource) };
}

export function identityWireObject(identity: SnapshotUserAssignedIdentity): object {
  return {
    id: identity.id,
    name: identity.name,
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    location: identity.location,
    ...(identity.tags === undefined ? {} : { tags: identity.tags }),
    properties: {
      tenantId: identity.tenantId,
      principalId: identity.principalId,
      clientId: identity.clientId,
      ...(identity.isolationScope === undefined ? {} : { isolationScope: identity.isolationScope }),
      ...(identity.assignmentRestrictions === undefined || identity.assignmentRestrictions === null ? {} : { assignmentRestrictions: identity.assignmentRestrictions }),
    },
  };
}

/** ARG row in our projection: type and resourceGroup lowercased as ARG returns them. */
export function resourceGraphRow(item: SnapshotResource | SnapshotUserAssignedIdentity): object {
  const isIdentity = 'clientId' in item;
  const wire = isIdentity ? identityWireObject(item) : resourceGetWire(item);
  const type = isIdentity ? 'microsoft.managedidentity/userassignedidentities' : item.type.toLowerCase();
  const needsProperties = isIdentity || item.keyVault !== undefined || item.aks !== undefined;
  const row: Record<string, unknown> = { ...wire, type, subscriptionId: item.subscriptionId, resourceGroup: item.resourceGroup.toLowerCase() };
  if (!needsProperties) row['properties'] = null;
  if (!('tags' in row)) row['tags'] = {};
  if (!('identity' in row)) row['identity'] = null;
  return row;
}

export function ficWire(fic: SnapshotFederatedCredential): object {
  return {
    id: fic.id,
    name: fic.name,
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
    properties: {
      issuer: fic.issuer,
      ...(fic.subject === null ? {} : { subject: fic.subject }),
      audiences: fic.audiences,
      ...(fic.claimsMatchingExpression === undefined || fic.claimsMatchingExpression === null ? {} : { claimsMatchingExpression: fic.claimsMatchingExpression }),
    },
  };
}

export function roleDefinitionWire(definition: SnapshotRoleDefinition): object {
  return {
    id: definition.id,
    type: 'Microsoft.Authorization/roleDefinitions',
    name: definition.name,
    properties: {
      roleName: definition.roleName,
      type: definition.roleType,
      ...(definition.description === undefined ? {} : { description: definition.description }),
      assignableScopes: definition.assignableScopes,
      permissions: definition.permissions,
      createdOn: '2020-01-01T00:00:00Z',
    },
  };
}

export function roleAssignmentWire(assignment: SnapshotRoleAssignment): object {
  return {
    id: assignment.id,
    type: 'Microsoft.Authorization/roleAssignments',
    name: assignment.name,
    properties: {
      roleDefinitionId: assignment.roleDefinitionId,
      principalId: assignment.principalId,
      principalType: assignment.principalType,
      scope: assignment.scope,
      condition: assignment.condition ?? null,
      conditionVersion: assignment.conditionVersion ?? null,
      createdOn: assignment.createdOn ?? null,
      updatedOn: assignment.createdOn ?? null,
      createdBy: assignment.createdBy ?? null,
      updatedBy: null,
      delegatedManagedIdentityResourceId: null,
      description: assignment.description ?? null,
    },
  };
}

/**
 * A policy assignment as `PolicyAssignments_List` returns it (knowledge/api arm/Microsoft.Authorization/2025-11-01
 * listPolicyAssignments.json, from https://learn.microsoft.com/rest/api/policy/policy-assignments/list): top-level
 * `location` and `identity` only when it has an identity, everything else under `properties`.
 */
export function policyAssignmentWire(assignment: SnapshotPolicyAssignment): object {
  const identity = assignment.identity ?? undefined;
  return {
    id: assignment.id,
    type: 'Microsoft.Authorization/policyAssignments',
    name: assignment.name,
    ...(identity === undefined ? {} : { location: assignment.location ?? 'westeurope', identity }),
    properties: {
      ...(assignment.displayName === undefined || assignment.displayName === null ? {} : { displayName: assignment.displayName }),
      description: 'Served by the mi-audit test mock',
      metadata: { assignedBy: 'mock' },
      ...(assignment.policyDefinitionId === undefined || assignment.policyDefinitionId === null ? {} : { policyDefinitionId: assignment.policyDefinitionId }),
      definitionVersion: '1.*.*',
      parameters: {},
      scope: assignment.scope,
      notScopes: [],
      ...(assignment.enforcementMode === undefined || assignment.enforcementMode === null ? {} : { enforcementMode: assignment.enforcementMode }),
      instanceId: '00000000-0000-4000-8000-000000000000',
    },
  };
}

/** The documented second row: an assignment without identity (audit/deny effects), which collection must drop. */
export function policyAssignmentWithoutIdentityWire(scope: string): object {
  return {
    id: `${scope}/providers/Microsoft.Authorization/policyAssignments/TagEnforcement`,
    type: 'Microsoft.Authorization/policyAssignments',
    name: 'TagEnforcement',
    properties: {
      displayName: 'Enforces a tag key and value',
      policyDefinitionId: `${scope}/providers/Microsoft.Authorization/policyDefinitions/TagKeyValue`,
      definitionVersion: '1.*.*',
      scope,
      notScopes: [],
      instanceId: '00000000-0000-4000-8000-000000000001',
    },
  };
}
