import { defineRule } from '../engine/define-rule.js';
import { describeOwner, trustEvidence } from './util/federation-finding.js';
import { ficOwner, ficRelated } from './util/refs.js';

// The issuer must be an OIDC-discovery https URL and whitespace blocks the exchange ([S2],
// FIC-ISS-001 [S19]). Judged on the raw value: Entra does not trim ([S9]).
export default defineRule({
  meta: {
    id: 'MIA-2010',
    name: 'issuer-malformed',
    category: 'issuer',
    severity: 'medium',
    title: 'Federated credential issuer is not a valid https issuer URL',
    why: 'Entra compares the issuer with the token iss claim byte for byte and needs an https OIDC-discovery URL, so a FIC with surrounding whitespace, http://, a query, user info or no host never matches; such hand-edited trust tends to be "fixed" by loosening something else.',
    fix: 'Recreate the federated credential with the exact iss value the identity provider puts in its tokens (https, no whitespace), then delete the broken one; FIC names are immutable, so create the new one first.',
    references: [
      { title: 'Federated identity credential considerations', url: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations' },
      { title: 'Azure Workload Identity troubleshooting', url: 'https://azure.github.io/azure-workload-identity/docs/troubleshooting.html' },
    ],
    requires: ['federatedIdentityCredentials'],
  },
  check({ inventory, facts, report }) {
    for (const fic of inventory.federatedCredentials) {
      const verdict = facts.issuerVerdict(fic.issuer);
      if (verdict.kind !== 'malformed') continue;
      const intended = verdict.intended === undefined ? '' : `; use ${JSON.stringify(verdict.intended)}`;
      report({
        subject: ficOwner(inventory, fic).ref,
        message: `Federated credential '${fic.name}' on ${describeOwner(inventory, fic)} has issuer ${JSON.stringify(fic.issuer)}, which can never match (${verdict.problems.join(', ')})${intended}.`,
        related: [ficRelated(fic)],
        evidence: trustEvidence(fic, { problems: verdict.problems, intended: verdict.intended ?? null }),
        key: [fic.name],
      });
    }
  },
});
