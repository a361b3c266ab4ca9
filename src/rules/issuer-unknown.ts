import { defineRule } from '../engine/define-rule.js';
import { describeOwner, trustEvidence } from './util/federation-finding.js';
import { ficOwner, ficRelated } from './util/refs.js';

// Issuers of no known provider (table, FIC-ISS-003) are often legitimate self-hosted IdPs, hence
// low; on user-reclaimable hosting they become claimable once the backing name is freed (FIC-ISS-004,
// inference), hence medium.
export default defineRule({
  meta: {
    id: 'MIA-2013',
    name: 'issuer-unknown',
    category: 'issuer',
    severity: 'low',
    title: 'Federated credential trusts an issuer of no known provider',
    why: 'Whoever controls an unknown issuer controls who can become the identity; self-hosted identity providers are legitimate but need an owner, and an issuer on storage or web hosting that anyone can re-register after deletion can be taken over.',
    fix: 'Confirm who runs the issuer and that it is meant to reach this identity; host it on a domain you control (or lock the storage account against deletion), or delete the federated credential.',
    references: [
      { title: 'Federated identity credential considerations', url: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations' },
      { title: 'Azure Workload Identity: self-managed clusters', url: 'https://azure.github.io/azure-workload-identity/docs/installation/self-managed-clusters.html' },
    ],
    requires: ['federatedIdentityCredentials'],
  },
  check({ inventory, facts, report }) {
    for (const fic of inventory.federatedCredentials) {
      const verdict = facts.issuerVerdict(fic.issuer);
      if (verdict.kind !== 'unknown') continue;
      const hosting = verdict.reclaimableHosting;
      const where = hosting === undefined ? 'no known provider' : `no known provider, hosted on ${hosting} names that can be re-registered once deleted`;
      report({
        subject: ficOwner(inventory, fic).ref,
        severity: hosting === undefined ? 'low' : 'medium',
        message: `Federated credential '${fic.name}' on ${describeOwner(inventory, fic)} trusts issuer ${JSON.stringify(fic.issuer)} of ${where}.`,
        related: [ficRelated(fic)],
        evidence: trustEvidence(fic, { host: verdict.host, reclaimableHosting: hosting ?? null }),
        key: [fic.name],
      });
    }
  },
});
