import { defineRule } from '../engine/define-rule.js';
import type { RelatedRef } from '../inventory/model.js';
import { describeOwner, ownerPrivilege, trustEvidence } from './util/federation-finding.js';
import { ficOwner, ficRelated } from './util/refs.js';

// Each provider's iss has one exact form; GitHub, Terraform Cloud and GitLab issue no trailing slash, AKS
// always does ([S11][S16][S20], FIC-ISS-002). Entra compares byte for byte ([S9]), so
// any other spelling never matches (AADSTS70021 [S19]).
export default defineRule({
  meta: {
    id: 'MIA-2011',
    name: 'issuer-non-canonical',
    category: 'issuer',
    severity: 'low',
    title: "Federated credential issuer is not the provider's canonical form",
    why: 'A known provider always issues the same exact iss; a trailing slash where it issues none, a missing slash on an AKS issuer, host casing or a stray path means the credential never matches, and teams under pressure "fix" that by loosening trust elsewhere.',
    fix: 'Recreate the federated credential with the issuer exactly as the provider emits it (https://token.actions.githubusercontent.com and https://app.terraform.io without a slash; the AKS value of az aks show --query oidcIssuerProfile.issuerUrl with its slash), then delete the old one.',
    references: [
      { title: 'Federated identity credential considerations', url: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations' },
      { title: 'Create an OIDC issuer for AKS', url: 'https://learn.microsoft.com/azure/aks/use-oidc-issuer' },
      { title: 'GitHub Actions OpenID Connect reference', url: 'https://docs.github.com/actions/reference/security/oidc' },
    ],
    requires: ['federatedIdentityCredentials'],
  },
  check({ inventory, facts, report }) {
    for (const fic of inventory.federatedCredentials) {
      const verdict = facts.issuerVerdict(fic.issuer);
      if (verdict.kind !== 'non-canonical') continue;
      const clusters = verdict.expected === undefined ? [] : inventory.clustersWithIssuer(verdict.expected);
      const clusterRefs: RelatedRef[] = clusters.map((cluster) => ({ ...cluster.ref, relation: 'cluster' }));
      // A credential that never matches on a privileged identity invites a hasty, looser fix (FIC-ISS-002).
      const privileged = ownerPrivilege(inventory, facts, fic).tier <= 1;
      const expected = verdict.expected === undefined ? '' : `; the provider issues ${JSON.stringify(verdict.expected)}`;
      const cluster = clusters[0] === undefined ? '' : ` (cluster '${clusters[0].name}')`;
      report({
        subject: ficOwner(inventory, fic).ref,
        severity: privileged ? 'medium' : 'low',
        message: `Federated credential '${fic.name}' on ${describeOwner(inventory, fic)} has ${verdict.provider} issuer ${JSON.stringify(fic.issuer)} with ${verdict.problems.join(', ')}, so it never matches${expected}${cluster}.`,
        related: [ficRelated(fic), ...clusterRefs],
        evidence: trustEvidence(fic, { provider: verdict.provider, problems: verdict.problems, expected: verdict.expected ?? null }),
        key: [fic.name],
      });
    }
  },
});
