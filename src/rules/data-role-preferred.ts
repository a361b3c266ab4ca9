import { canonicalArmId, parseArmId } from '../azure/ids.js';
import type { Inventory, RelatedRef, Resource, RoleAssignment, RoleDefinition } from '../inventory/model.js';
import { defineRule } from '../engine/define-rule.js';
import { remember } from '../core/memo.js';
import type { Severity } from '../engine/severity.js';
import type { GrantsQuestion } from './util/actions.js';
import { DATA_SERVICES, type DataService, dataServiceOfType, describeDataRoles, suggestedDataRoles } from './util/data-services.js';
import { assignmentEvidence, describeWorkload } from './util/refs.js';

/**
 * RBAC-004 ([S28][S30][S31]): a role that can manage a data-bearing resource (write it, or list
 * its keys) assigned on that resource, or on a resource group that holds only such resources, where a data role
 * would do. Roles that can grant access (Owner, UAA, RBAC Administrator) are left to privileged-role, so one
 * assignment is not reported twice. Broad scopes are left to broad-scope.
 *
 * Severity: medium when the role hands out the data through the control plane (listKeys, access policies) or
 * covers a whole resource group; low for a single resource it can manage but not read (e.g. Key Vault
 * Contributor on an RBAC-model vault).
 */

// Resource types that sit next to data services without changing the verdict (inference).
const SUPPORTING_TYPES: readonly string[] = ['microsoft.network/privateendpoints', 'microsoft.network/privatednszones', 'microsoft.insights/'];

interface Target {
  readonly services: readonly DataService[];
  /** Data-bearing resources the role reaches (the scope itself, or the resource group's resources). */
  readonly resources: readonly { readonly id: string; readonly name: string; readonly service: DataService }[];
  /** Their names, and those other than the scope itself as related objects: shared by every finding on the scope. */
  readonly names: readonly string[];
  readonly related: readonly RelatedRef[];
}

export default defineRule({
  meta: {
    id: 'MIA-1003',
    name: 'data-role-preferred',
    category: 'data-role-preferred',
    severity: 'medium',
    title: 'Control-plane role on a data-bearing resource where a data role would do',
    why: 'A role that can manage a storage account, vault, registry or messaging namespace can usually read its keys or change its access policies, so it reaches all of the data and can also reconfigure or delete the resource. A data-plane role reaches only the data operations the workload performs.',
    fix: 'Grant the data-plane role the workload needs (reader or sender/receiver first) on the specific resource, then remove the control-plane role. Disable shared-key and local authentication where the service allows it.',
    references: [
      { title: 'Best practices for Azure RBAC: least privilege', url: 'https://learn.microsoft.com/azure/role-based-access-control/best-practices' },
      { title: 'Steps to assign an Azure role: choose the right role', url: 'https://learn.microsoft.com/azure/role-based-access-control/role-assignments-steps' },
      { title: 'Managed identity best practice recommendations', url: 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identity-best-practice-recommendations' },
    ],
    requires: ['roleAssignments', 'roleDefinitions', 'resources'],
  },
  check({ inventory, facts, report }) {
    // Many assignments share a scope; judge each scope's data services once (the first assignment's spelling
    // names it), and canonicalise each scope string once.
    const targets = new Map<string, Target | undefined>();
    const byScopeString = new Map<string, Target | undefined>();
    const targetOf = (assignment: RoleAssignment): Target | undefined =>
      remember(byScopeString, assignment.scope, () => remember(targets, canonicalArmId(assignment.scope), () => dataTarget(inventory, assignment)));
    // What a role can do to a target depends on the two alone: judge each (target, definition) pair once and let
    // the findings on it share the verdict, its wording and its evidence arrays.
    const verdicts = new Map<Target, Map<RoleDefinition, Verdict | undefined>>();
    const verdictOf = (target: Target, definition: RoleDefinition): Verdict | undefined => {
      let byDefinition = verdicts.get(target);
      if (byDefinition === undefined) {
        byDefinition = new Map();
        verdicts.set(target, byDefinition);
      }
      return remember(byDefinition, definition, () => judge(inventory, facts.grants, target, definition));
    };
    // A role that can manage none of the data services (Reader, the data roles themselves…) has no verdict on any
    // target: settle that once per definition, before the scope's target is looked up for each of its assignments.
    const managesData = new Map<RoleDefinition, boolean>();
    const canManageSome = (definition: RoleDefinition): boolean =>
      remember(managesData, definition, () => DATA_SERVICES.some((service) => canManage(facts.grants, definition, service)));
    for (const { workload, assignment, definition, grantsAccess, scopeName: scope, scopeKey } of facts.workloadAssignments()) {
      if (grantsAccess || !canManageSome(definition)) continue;
      const target = targetOf(assignment);
      if (target === undefined) continue;
      const verdict = verdictOf(target, definition);
      if (verdict === undefined) continue;
      const severity: Severity = assignment.scopeLevel === 'resourceGroup' || verdict.exposes ? 'medium' : 'low';
      report({
        subject: workload.ref,
        severity,
        message: `${describeWorkload(workload)} holds ${definition.roleName} on ${scope}, where a data role such as ${verdict.examples} would do.`,
        remediation: `Grant ${verdict.instead} on the resource the workload uses, then remove ${definition.roleName} from ${scope}.`,
        related: [...facts.assignmentRelated(assignment), ...target.related],
        evidence: assignmentEvidence(assignment, {
          dataServices: verdict.dataServices,
          dataResources: target.names,
          exposesDataThroughControlPlane: verdict.exposes,
          suggestedDataRoles: verdict.suggestedDataRoles,
          suggestedDataRoleIds: verdict.suggestedDataRoleIds,
        }),
        key: [assignment.roleDefinitionGuid, scopeKey],
      });
    }
  },
});

/** What a role does to a target's data services, in the words and evidence of the findings; shared by them, never changed. */
interface Verdict {
  /** It can hand out the data of one of the target's resources through the control plane (keys, access policies). */
  readonly exposes: boolean;
  /** "Storage Blob Data Reader or Storage Blob Data Contributor, …" */
  readonly examples: string;
  /** "<data roles> (<service>); …" */
  readonly instead: string;
  readonly dataServices: readonly string[];
  readonly suggestedDataRoles: readonly string[];
  readonly suggestedDataRoleIds: readonly string[];
}

/** The verdict on a role over a target: undefined when it can manage none of the target's data services. */
function judge(inventory: Inventory, grants: GrantsQuestion, target: Target, definition: RoleDefinition): Verdict | undefined {
  const managed = target.services.filter((service) => canManage(grants, definition, service));
  if (managed.length === 0) return undefined;
  const suggested = managed.flatMap(suggestedDataRoles);
  return {
    exposes: target.resources.some((resource) => exposesData(inventory, grants, definition, resource)),
    examples: managed.map(exampleDataRoles).join(', '),
    instead: managed.map((service) => `${describeDataRoles(service)} (${service.label})`).join('; '),
    dataServices: managed.map((service) => service.label),
    suggestedDataRoles: suggested.map((role) => role.name),
    suggestedDataRoleIds: suggested.flatMap((role) => (role.id === undefined ? [] : [role.id])),
  };
}

/** The data services an assignment's scope covers: one resource, or a resource group holding only data services. */
function dataTarget(inventory: Inventory, assignment: RoleAssignment): Target | undefined {
  if (assignment.scopeLevel === 'resource') {
    const parsed = parseArmId(assignment.scope);
    const service = dataServiceOfType(parsed.type);
    if (service === undefined) return undefined;
    const name = inventory.resource(assignment.scope)?.name ?? parsed.name ?? assignment.scope;
    return withShared(assignment.scope, [service], [{ id: assignment.scope, name, service }]);
  }
  if (assignment.scopeLevel !== 'resourceGroup') return undefined;
  const inGroup = inventory.resourcesInResourceGroup(assignment.scope);
  const relevant = inGroup.filter((resource) => !isSupporting(resource));
  const resources = relevant.flatMap((resource) => {
    const service = dataServiceOfType(resource.type);
    return service === undefined ? [] : [{ id: resource.id, name: resource.name, service }];
  });
  // A resource group that also holds compute or other services is a deployment target, not a data store.
  if (resources.length === 0 || resources.length !== relevant.length) return undefined;
  const services = [...new Set(resources.map((resource) => resource.service))];
  return withShared(assignment.scope, services, resources);
}

function withShared(scope: string, services: Target['services'], resources: Target['resources']): Target {
  const own = canonicalArmId(scope);
  return {
    services,
    resources,
    names: resources.map((resource) => resource.name),
    related: resources
      .filter((resource) => canonicalArmId(resource.id) !== own)
      .map((resource) => ({ relation: 'dataResource', kind: 'resource', id: resource.id, displayName: resource.name })),
  };
}

/** "Storage Blob Data Reader or Storage Blob Data Contributor": the first read and write role of a service. */
function exampleDataRoles(service: DataService): string {
  return [service.readRoles[0], service.writeRoles[0]].flatMap((role) => (role === undefined ? [] : [role.name])).join(' or ');
}

function isSupporting(resource: Resource): boolean {
  const type = resource.type.toLowerCase();
  return SUPPORTING_TYPES.some((supporting) => (supporting.endsWith('/') ? type.startsWith(supporting) : type === supporting));
}

/** Can the role manage the service's resources (write them) or hand out their data (keys, access policies)? */
function canManage(grants: GrantsQuestion, definition: Pick<RoleDefinition, 'permissions'>, service: DataService): boolean {
  const topType = service.type.split('/').slice(0, 2).join('/');
  const writeAction = topType.includes('/') ? `${topType}/write` : `${service.type}/topics/write`;
  return grants(definition, writeAction) || service.dataExposingActions.some((action) => grants(definition, action));
}

function exposesData(
  inventory: Inventory,
  grants: GrantsQuestion,
  definition: Pick<RoleDefinition, 'permissions'>,
  resource: { readonly id: string; readonly service: DataService },
): boolean {
  if (!resource.service.dataExposingActions.some((action) => grants(definition, action))) return false;
  // Access-policy edits reach secrets only on vaults that use access policies.
  if (resource.service.type === 'microsoft.keyvault/vaults') {
    return inventory.resource(resource.id)?.keyVault?.enableRbacAuthorization !== true;
  }
  return true;
}
