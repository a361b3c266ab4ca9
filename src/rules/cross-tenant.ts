import { defineRule } from '../engine/define-rule.js';
import { canonicalGuid } from '../azure/ids.js';
import { describeGrants, describeOwner, grantRelated, ownerPrivilege, trustEvidence } from './util/federation-finding.js';
import { parseEntraIssuer } from './providers/entra.js';
import { tierLabel } from './util/privilege.js';
import { ficOwner, ficRelated } from './util/refs.js';

// MI-as-FIC requires the app and the managed identity to be in the same tenant, and Azure DevOps Entra issuers
// use the home tenant too ([S8], FIC-ISS-005, inference for ADO). An Entra issuer of another
// tenant hands the identity to principals this tenant does not govern.
export default defineRule({
  meta: {
    id: 'MIA-2040',
    name: 'cross-tenant',
    category: 'cross-tenant',
    severity: 'high',
    title: 'Federated credential trusts tokens issued by another Entra tenant',
    why: "A principal of the issuing tenant can obtain tokens the credential accepts, so whoever administers that tenant (and anyone who can create or control the subject there) can become this identity; the audited tenant's access reviews, Conditional Access and logs do not cover them.",
    fix: 'Delete the credential unless the cross-tenant trust is documented and owned; for MI-as-FIC use a managed identity of this tenant with issuer https://login.microsoftonline.com/<this tenant>/v2.0, and grant the foreign workload access through a multitenant app instead.',
    references: [
      { title: 'Configure an application to trust a managed identity', url: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity' },
      { title: 'Access cloud resources across tenants without secrets', url: 'https://devblogs.microsoft.com/identity/access-cloud-resources-across-tenants-without-secrets-ga/' },
    ],
    requires: ['federatedIdentityCredentials'],
  },
  check({ inventory, facts, report }) {
    const home = canonicalGuid(inventory.tenantId);
    for (const fic of inventory.federatedCredentials) {
      const entra = parseEntraIssuer(fic.issuer);
      if (entra === undefined || !entra.tenantIsGuid || canonicalGuid(entra.tenant) === home) continue;
      const privilege = ownerPrivilege(inventory, facts, fic);
      report({
        subject: ficOwner(inventory, fic).ref,
        severity: privilege.tier <= 1 ? 'high' : 'medium',
        message: `Federated credential '${fic.name}' on ${describeOwner(inventory, fic)} trusts Entra tenant ${entra.tenant} (issuer ${JSON.stringify(fic.issuer)}), not the audited tenant ${inventory.tenantId}, for subject ${JSON.stringify(fic.subject ?? '')} (identity ${tierLabel(privilege.tier)}: ${describeGrants(privilege)}).`,
        related: [ficRelated(fic), ...grantRelated(privilege)],
        evidence: trustEvidence(fic, { issuerTenantId: entra.tenant, homeTenantId: inventory.tenantId, issuerHost: entra.host, tier: tierLabel(privilege.tier) }),
        key: [fic.name],
      });
    }
  },
});
