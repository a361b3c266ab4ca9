import type { Confidence } from '../engine/severity.js';
import { defineRule } from '../engine/define-rule.js';
import { canonicalArmId } from '../azure/ids.js';
import type { Inventory, UserAssignedIdentity } from '../inventory/model.js';
import { tierLabel } from './util/privilege.js';

// A UAMI outlives its consumers and must be deleted by hand ([S34], ORPH-003). It is in use when a
// resource identity block, an AKS kubelet profile or a policy assignment references it, when it has FICs (used from outside Azure), or
// when an app FIC names its principal id as subject (MI-as-FIC, [S8]). The subject compare is
// case-insensitive on purpose: here a false "in use" is cheaper than a false "unused".

function isMiAsFicSubject(inventory: Inventory, principalId: string): boolean {
  return inventory.appFicsTrustingPrincipal(principalId).length > 0;
}

/** Subscriptions in the snapshot whose resources or identities were not read: consumers may hide there. */
function unreadSubscriptions(inventory: Inventory): string[] {
  return inventory.subscriptions
    .map((sub) => sub.subscriptionId)
    .filter((id) => !inventory.coverage.readableSubscriptions.has(id.toLowerCase()))
    .sort();
}

// Consumers can live in any subscription: unread subscriptions (or a scan limited to some) can hide them, and a
// policy assignment can use the identity from any scope, so unread policy assignments weaken the verdict too.
function confidenceOf(inventory: Inventory, identity: UserAssignedIdentity, unread: readonly string[], policiesRead: boolean): Confidence {
  if (unread.length > 0 || !inventory.coverage.readableSubscriptions.has(identity.subscriptionId.toLowerCase())) return 'low';
  return inventory.scope.kind === 'tenant' && policiesRead ? 'high' : 'medium';
}

/** A Key Vault access policy written with the identity's client id instead of its object id: meant for it, but broken. */
function namedByClientIdPolicy(inventory: Inventory, identity: UserAssignedIdentity): boolean {
  return inventory.accessPoliciesOf(identity.clientId).length > 0;
}

export default defineRule({
  meta: {
    id: 'MIA-3003',
    name: 'unused-identity',
    category: 'unused-identity',
    severity: 'low',
    title: 'User-assigned identity is attached to nothing and has no federated credentials',
    why: 'An identity nobody uses is standing access with no owner: its role assignments and permissions stay valid, and anyone who can attach it or add a federated credential to it inherits them unnoticed.',
    fix: 'Delete the identity and its role assignments, or document its owner and purpose in tags if it is provisioned ahead of use.',
    references: [
      { title: 'Managed identity best practice recommendations', url: 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identity-best-practice-recommendations' },
      { title: 'View associated resources for a user-assigned managed identity', url: 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-view-associated-resources-for-an-identity' },
    ],
    requires: ['resources', 'federatedIdentityCredentials', 'applications', 'policyAssignments'],
  },
  check({ inventory, facts, report }) {
    for (const identity of inventory.userAssignedIdentities) {
      if (inventory.resourcesUsing(identity.id).length > 0) continue;
      if (inventory.ficsOf(canonicalArmId(identity.id)).length > 0) continue;
      if (isMiAsFicSubject(inventory, identity.principalId)) continue;
      if (inventory.policyAssignmentsUsing(identity.id).length > 0) continue;
      // keyvault-policy-client-id reports the broken grant; the identity was clearly meant to be used.
      if (namedByClientIdPolicy(inventory, identity)) continue;
      const unread = unreadSubscriptions(inventory);
      const policiesRead = inventory.coverage.wasRead('policyAssignments', `/subscriptions/${identity.subscriptionId}`);
      const caveat =
        unread.length === 0 ? '' : ` Not verified: subscription(s) ${unread.join(', ')} could not be read, and a consumer may live there.`;

      const privilege = facts.privilegeOf(identity.principalId);
      const holds = privilege.grants.length > 0;
      const strongest = privilege.grants[0];
      report({
        subject: { kind: 'userAssignedIdentity', id: identity.id, displayName: identity.name, principalId: identity.principalId },
        severity: holds ? 'medium' : 'low',
        confidence: confidenceOf(inventory, identity, unread, policiesRead),
        message:
          (strongest === undefined
            ? `User-assigned identity '${identity.name}' is attached to no resource or policy assignment, has no federated credentials and is not trusted by any app.`
            : `User-assigned identity '${identity.name}' is attached to no resource or policy assignment and has no federated credentials, yet still holds ${privilege.grants.length} grant(s), the strongest ${strongest.label}.`) + caveat,
        related: privilege.grants.map((grant) => grant.ref),
        evidence: {
          attachedResources: 0,
          federatedCredentials: 0,
          privilegeTier: tierLabel(privilege.tier),
          grants: privilege.grants.map((grant) => grant.label),
          scanScope: inventory.scope.kind,
          unreadSubscriptions: unread,
          policyAssignmentsRead: policiesRead,
        },
      });
    }
  },
});
