import { defineRule } from '../engine/define-rule.js';
import { tierLabel } from './util/privilege.js';

// [S38] and CTRL-002: `assignmentRestrictions.providers` limits the resource providers a
// user-assigned identity can be attached to; "the default is blank", and unset "a compromised identity can enable
// broad, unintended access". The field exists only in api-version 2026-05-31 and previews ([S41]): a snapshot
// without it (undefined) says nothing, so the rule stays silent (unknown ≠ missing, CTRL-002 false positives).
// Only `null` or an empty provider list counts as "no restriction". Severity low: a preview control.
// Category takeover-path: the restriction narrows who can attach the identity (to compute they control).

/** The resource provider namespace of an ARM id, as written (e.g. `Microsoft.Web`). */
function providerNamespace(resourceId: string): string | undefined {
  return /\/providers\/([^/]+)\//i.exec(resourceId)?.[1];
}

export default defineRule({
  meta: {
    id: 'MIA-2008',
    name: 'no-assignment-restriction',
    category: 'takeover-path',
    severity: 'low',
    title: 'Privileged user-assigned identity can be attached to any resource type',
    why: 'Without an assignment restriction, anyone who can attach the identity (Managed Identity Operator, Owner or Contributor over it) can attach it to any kind of compute they control and act with its privileges. Restricting it to the resource providers that host it legitimately closes the other doors.',
    fix: "Set the identity's assignment restriction to the resource providers that legitimately host it, e.g. az identity update --resource-restriction '{\"providers\": [\"Microsoft.Web\"]}' (preview); keep one identity per resource provider.",
    references: [
      { title: 'Managed identity assignment restrictions (preview)', url: 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identities-assignment-restriction' },
      { title: 'Managed identity best practice recommendations', url: 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identity-best-practice-recommendations' },
    ],
    requires: ['userAssignedIdentities', 'roleAssignments', 'roleDefinitions'],
  },
  check({ inventory, facts, report }) {
    for (const workload of inventory.workloadIdentities) {
      const identity = workload.userAssignedIdentity;
      if (workload.kind !== 'userAssignedIdentity' || identity === undefined) continue;
      const restrictions = identity.assignmentRestrictions;
      if (restrictions === undefined) continue;
      const providers = (restrictions?.providers ?? []).map((provider) => provider.trim()).filter((provider) => provider !== '');
      if (providers.length > 0) continue;
      const privilege = facts.privilegeOf(workload.principalId);
      if (privilege.tier > 1) continue;
      const strongest = privilege.grants[0];
      if (strongest === undefined) continue;
      const attached = inventory.resourcesUsing(identity.id);
      const byLower = new Map<string, string>();
      for (const resource of attached) {
        const namespace = providerNamespace(resource.id);
        if (namespace !== undefined && !byLower.has(namespace.toLowerCase())) byLower.set(namespace.toLowerCase(), namespace);
      }
      const inUse = [...byLower.values()].sort();
      const suggestion = inUse.length === 0 ? ['<resource provider>'] : inUse;
      report({
        subject: workload.ref,
        message: `User-assigned identity '${identity.name}' has ${tierLabel(privilege.tier)} access (${strongest.label}) but no assignment restriction, so it can be attached to any resource type.`,
        related: [...privilege.grants.map((grant) => grant.ref), ...attached.map((resource) => ({ ...resource.ref, relation: 'attachedTo' }))],
        evidence: {
          assignmentRestrictions: restrictions === null ? 'null' : 'providers: []',
          privilegeTier: tierLabel(privilege.tier),
          grants: privilege.grants.slice(0, 10).map((grant) => grant.label),
          attachedProviders: inUse,
        },
        remediation: `Restrict the identity to the resource providers that host it: az identity update --resource-group ${identity.resourceGroup} --name ${identity.name} --resource-restriction '{"providers": [${suggestion.map((provider) => `"${provider}"`).join(', ')}]}' (preview).`,
      });
    }
  },
});
