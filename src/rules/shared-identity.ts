import { defineRule } from '../engine/define-rule.js';
import type { Resource } from '../inventory/model.js';
import { remember } from '../core/memo.js';
import { type EnvironmentClassifier, type EnvironmentVerdict, classifyEnvironmentText, environmentOf } from './util/environments.js';
import { tierLabel } from './util/privilege.js';

// Whoever can run code on any resource an identity is attached to can use all of the identity's permissions
// ([S34]). An identity shared by production and non-production resources hands production
// access to the weaker controls of dev/test. Resources whose environment cannot be told are left out; two
// non-production environments (dev and test) sharing one identity are not reported.

interface Placed {
  readonly resource: Resource;
  readonly environment: EnvironmentVerdict;
}

export default defineRule({
  meta: {
    id: 'MIA-3004',
    name: 'shared-identity',
    category: 'shared-identity',
    severity: 'medium',
    title: 'User-assigned identity is shared by production and non-production resources',
    why: 'Anyone who can deploy code to the non-production resource can request tokens for the identity and use its production permissions, so the weakest environment sets the security of the strongest.',
    fix: 'Create one identity per environment (and ideally per workload), grant each only the roles of its environment, and attach the production identity to production resources only.',
    references: [
      { title: 'Managed identity best practice recommendations', url: 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identity-best-practice-recommendations' },
      { title: 'Managed identity assignment restrictions', url: 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identities-assignment-restriction' },
    ],
    requires: ['resources'],
  },
  check({ inventory, facts, report }) {
    // Resource, group and subscription names repeat across thousands of resources: classify each text once.
    const classes = new Map<string, ReturnType<EnvironmentClassifier>>();
    const classify: EnvironmentClassifier = (text) => remember(classes, text, () => classifyEnvironmentText(text));
    for (const identity of inventory.userAssignedIdentities) {
      const placed: Placed[] = [];
      for (const resource of inventory.resourcesUsing(identity.id)) {
        const environment = environmentOf(inventory, resource, classify);
        if (environment !== undefined) placed.push({ resource, environment });
      }
      const production = placed.filter((entry) => entry.environment.environmentClass === 'production');
      const other = placed.filter((entry) => entry.environment.environmentClass === 'non-production');
      const firstProduction = production[0];
      const firstOther = other[0];
      if (firstProduction === undefined || firstOther === undefined) continue;

      const privilege = facts.privilegeOf(identity.principalId);
      const labels = [...new Set(other.map((entry) => entry.environment.label))].sort();
      report({
        subject: { kind: 'userAssignedIdentity', id: identity.id, displayName: identity.name, principalId: identity.principalId },
        severity: privilege.tier <= 1 ? 'high' : 'medium',
        message: `User-assigned identity '${identity.name}' is attached to production resource '${firstProduction.resource.name}' and to ${labels.join('/')} resource '${firstOther.resource.name}'${placed.length > 2 ? ` (${placed.length} classified resources in all)` : ''}.`,
        related: placed.map((entry) => ({ ...entry.resource.ref, relation: entry.environment.environmentClass === 'production' ? 'productionResource' : 'nonProductionResource' })),
        evidence: {
          productionResources: production.map((entry) => entry.resource.id),
          nonProductionResources: other.map((entry) => entry.resource.id),
          environmentEvidence: placed.map((entry) => `${entry.resource.name}: ${entry.environment.label} (${entry.environment.source})`),
          privilegeTier: tierLabel(privilege.tier),
        },
      });
    }
  },
});
