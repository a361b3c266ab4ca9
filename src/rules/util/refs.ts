import { parseArmId, scopeLevel } from '../../azure/ids.js';
import type { FederatedCredential, Inventory, ObjectRef, RelatedRef, RoleAssignment, WorkloadIdentity } from '../../inventory/model.js';
import type { Evidence } from '../../engine/types.js';

/** The workload identity that owns a FIC, or a bare ref to the owner when it is not in the inventory. */
export function ficOwner(inventory: Inventory, fic: FederatedCredential): { ref: ObjectRef; workload: WorkloadIdentity | undefined } {
  const workload = inventory.workload(fic.ownerKey);
  if (workload !== undefined) return { ref: workload.ref, workload };
  return { ref: { kind: fic.owner.kind, id: fic.owner.id }, workload: undefined };
}

export function ficRelated(fic: FederatedCredential): RelatedRef {
  return { relation: 'federatedCredential', kind: 'federatedIdentityCredential', id: fic.id, displayName: fic.name };
}

/**
 * The role assignment, its role definition and its scope, as related objects of a finding, all named. Rules ask
 * `context.facts.assignmentRelated(assignment)`, which builds one shared array per assignment and run from the
 * run's scope names; `scopeName` and `label` let it pass them in.
 */
export function assignmentRelated(
  inventory: Inventory,
  assignment: RoleAssignment,
  scopeName: string = describeScope(inventory, assignment.scope),
  label: string = assignmentLabel(assignment, scopeName),
): RelatedRef[] {
  const roleName = assignment.definition?.roleName ?? assignment.roleDefinitionGuid;
  return [
    { relation: 'roleAssignment', kind: 'roleAssignment', id: assignment.id, displayName: label },
    { relation: 'role', kind: 'roleDefinition', id: assignment.roleDefinitionId, displayName: roleName },
    { relation: 'scope', kind: 'scope', id: assignment.scope, displayName: scopeName },
  ];
}

/**
 * `{ ...ref, relation }` for a ref whose first keys are `kind` and `id` (every inventory ref), same keys in the same
 * order, without the spread's hidden class of its own per object in Node 20 (see trustEvidence).
 */
export function withRelation(ref: ObjectRef, relation: string): RelatedRef {
  const { kind, id, ...rest } = ref;
  return { kind, id, ...rest, relation };
}

/** "Owner on subscription 'contoso-prod'": the role's name (its GUID when unresolved) on the described scope. */
export function assignmentLabel(assignment: Pick<RoleAssignment, 'definition' | 'roleDefinitionGuid'>, scopeName: string): string {
  return `${assignment.definition?.roleName ?? assignment.roleDefinitionGuid} on ${scopeName}`;
}

/**
 * The raw facts of a role assignment every RBAC finding carries as evidence, then the rule's own `extra` fields
 * (an argument, not a spread of the result: see trustEvidence in federation-finding.ts).
 */
export function assignmentEvidence<Extra extends Evidence>(
  assignment: RoleAssignment,
  extra?: Extra,
): { roleName: string; roleDefinitionId: string; scope: string; scopeLevel: string } & Extra {
  return {
    roleName: assignment.definition?.roleName ?? assignment.roleDefinitionGuid,
    roleDefinitionId: assignment.roleDefinitionGuid,
    scope: assignment.scope,
    scopeLevel: assignment.scopeLevel,
    ...(extra as Extra),
  };
}

/**
 * "User-assigned identity 'name'" etc., for messages. A managed identity known only by its service principal says
 * that its host was not found, so no reader takes the missing host for a clean bill.
 */
export function describeWorkload(
  workload: Pick<WorkloadIdentity, 'kind' | 'displayName'> & Partial<Pick<WorkloadIdentity, 'hostNotFound' | 'hostPolicyAssignment'>>,
): string {
  if (workload.hostNotFound !== undefined) {
    const noun = workload.kind === 'userAssignedIdentity' ? 'User-assigned' : 'System-assigned';
    return `${noun} managed identity '${workload.displayName}' (host not found in the scanned scopes)`;
  }
  const noun =
    workload.kind === 'userAssignedIdentity'
      ? 'User-assigned identity'
      : workload.kind === 'systemAssignedIdentity'
        ? workload.hostPolicyAssignment === undefined
          ? 'System-assigned identity of'
          : 'System-assigned identity of policy assignment'
        : 'App registration';
  return `${noun} '${workload.displayName}'`;
}

/** Friendly names of common resource types, for messages (the full type stays in related refs). */
const RESOURCE_TYPE_NAMES: Readonly<Record<string, string>> = {
  'microsoft.storage/storageaccounts': 'storage account',
  'microsoft.keyvault/vaults': 'Key Vault',
  'microsoft.containerregistry/registries': 'container registry',
  'microsoft.web/sites': 'app',
  'microsoft.compute/virtualmachines': 'VM',
  'microsoft.compute/virtualmachinescalesets': 'VM scale set',
  'microsoft.containerservice/managedclusters': 'AKS cluster',
  'microsoft.managedidentity/userassignedidentities': 'user-assigned identity',
  'microsoft.servicebus/namespaces': 'Service Bus namespace',
  'microsoft.eventhub/namespaces': 'Event Hubs namespace',
  'microsoft.documentdb/databaseaccounts': 'Cosmos DB account',
  'microsoft.appconfiguration/configurationstores': 'App Configuration store',
  'microsoft.sql/servers': 'SQL server',
  'microsoft.automation/automationaccounts': 'Automation account',
};

/** A short human name for an ARM scope: "subscription 'contoso-prod'", "resource group 'rg-app' (contoso-prod)", … */
export function describeScope(inventory: Inventory, scope: string): string {
  const level = scopeLevel(scope);
  const parsed = parseArmId(scope);
  const subscriptionName =
    parsed.subscriptionId === undefined ? undefined : (inventory.subscription(parsed.subscriptionId)?.displayName ?? parsed.subscriptionId);
  switch (level) {
    case 'root':
      return 'the root scope /';
    case 'managementGroup': {
      const group = inventory.managementGroup(scope);
      return `management group '${group?.displayName ?? parsed.managementGroup ?? scope}'`;
    }
    case 'subscription':
      return `subscription '${subscriptionName ?? scope}'`;
    case 'resourceGroup':
      return `resource group '${parsed.resourceGroup ?? scope}' (${subscriptionName ?? '?'})`;
    case 'resource': {
      const type = parsed.type ?? '';
      const noun = RESOURCE_TYPE_NAMES[type] ?? `${type.split('/').pop() ?? 'resource'} resource`;
      return `${noun} '${parsed.name ?? scope}'`;
    }
  }
}
