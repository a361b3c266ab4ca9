import type { Confidence } from '../engine/severity.js';
import { defineRule } from '../engine/define-rule.js';
import type { Inventory, WorkloadIdentity } from '../inventory/model.js';
import type { RunFacts } from '../engine/facts.js';
import { describeWorkload, ficRelated } from './util/refs.js';

// ORPH-005 ("dead trust"): a federated credential lets an outside workload sign in as the identity,
// but the identity holds nothing mi-audit can see. Either the consumer is gone and the FIC is a standing door to
// nothing (today), or it is authorised where mi-audit does not look: Cosmos DB SQL role assignments [S50], SQL or
// PostgreSQL contained users, Kusto, Azure DevOps organisation membership, Entra group membership (roles granted to
// a group the identity belongs to), PIM-eligible assignments. The message says so. Identities that are the
// subject of an app's MI-as-FIC ([S8]) act through that app and are skipped, as are multi-tenant apps, whose
// permissions live in other tenants.

function holdsAnything(inventory: Inventory, facts: RunFacts, principalId: string): boolean {
  return (
    facts.privilegeOf(principalId).grants.length > 0 ||
    inventory.assignmentsOf(principalId).length > 0 ||
    inventory.appRoleAssignmentsOf(principalId).length > 0 ||
    inventory.directoryRoleAssignmentsOf(principalId).length > 0
  );
}

function isMultiTenantApp(workload: WorkloadIdentity): boolean {
  const audience = workload.application?.signInAudience;
  return audience !== undefined && audience !== 'AzureADMyOrg';
}

// Role assignments in subscriptions outside the scan are invisible: only a tenant-wide scan sees all of them.
function confidenceOf(inventory: Inventory): Confidence {
  return inventory.scope.kind === 'tenant' ? 'high' : 'medium';
}

export default defineRule({
  meta: {
    id: 'MIA-3008',
    name: 'dead-trust',
    category: 'unused-identity',
    severity: 'info',
    title: 'Identity trusts federated credentials but holds no permission mi-audit can see',
    why: 'A federated credential is a standing trust relationship: whoever the issuer vouches for can sign in as the identity. On an identity with no permissions it only serves a consumer that is gone or authorised outside Azure RBAC, and it becomes dangerous the moment someone grants the identity a role.',
    fix: 'Confirm who uses the federated credentials; delete them (and the identity, if nothing else uses it) when the workload no longer needs Azure access, or record the data-plane grant it relies on in the identity tags.',
    references: [
      { title: 'Workload identity federation: considerations and restrictions', url: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations' },
      { title: 'Managed identity best practice recommendations', url: 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identity-best-practice-recommendations' },
    ],
    requires: ['roleAssignments', 'appRoleAssignments', 'directoryRoles', 'resources', 'applications'],
  },
  check({ inventory, facts, report }) {
    for (const workload of inventory.workloadIdentities) {
      if (workload.kind === 'systemAssignedIdentity' || workload.principalId === undefined) continue;
      const fics = inventory.ficsOf(workload.key);
      if (fics.length === 0) continue;
      if (isMultiTenantApp(workload)) continue;
      if (holdsAnything(inventory, facts, workload.principalId)) continue;
      if (inventory.appFicsTrustingPrincipal(workload.principalId).length > 0) continue;
      const attached = workload.kind === 'userAssignedIdentity' ? inventory.resourcesUsing(workload.ref.id) : [];
      report({
        subject: workload.ref,
        confidence: confidenceOf(inventory),
        message: `${describeWorkload(workload)} trusts ${fics.length} federated credential(s) but holds no Azure role assignment, Graph app role, directory role or Key Vault access policy; data-plane authorisation outside ARM (Cosmos DB SQL roles, SQL contained users, Azure DevOps) and group memberships are invisible to mi-audit.`,
        related: [...fics.map(ficRelated), ...attached.map((resource) => ({ ...resource.ref, relation: 'attachedTo' }))],
        evidence: {
          federatedCredentials: fics.length,
          issuers: [...new Set(fics.map((fic) => fic.issuer))],
          roleAssignments: 0,
          appRoleAssignments: 0,
          directoryRoles: 0,
          keyVaultAccessPolicies: 0,
          attachedResources: attached.length,
          scanScope: inventory.scope.kind,
        },
      });
    }
  },
});
