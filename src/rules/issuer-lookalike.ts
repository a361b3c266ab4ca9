import { defineRule } from '../engine/define-rule.js';
import { describeOwner, trustEvidence } from './util/federation-finding.js';
import { ficOwner, ficRelated } from './util/refs.js';

// Look-alike hosts: a known host followed by more labels, with labels dropped, or within a small edit
// distance ("Look-alike and typo patterns" (inference), FIC-ISS-003). Whoever owns such a host
// serves discovery and JWKS for it and mints tokens the credential accepts.
export default defineRule({
  meta: {
    id: 'MIA-2012',
    name: 'issuer-lookalike',
    category: 'issuer',
    severity: 'high',
    title: 'Federated credential issuer imitates a known identity provider',
    why: 'A host such as token.actions.githubusercontent.com.evil.net or token.action.githubusercontent.com is not the provider: whoever registers it publishes the discovery document and signing keys and can mint tokens with any subject the credential expects.',
    fix: "Delete the federated credential, confirm who created it and when (activity log / audit log), and recreate it with the provider's exact issuer if the workload is legitimate.",
    references: [
      { title: 'Federated identity credential considerations', url: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations' },
      { title: 'GitHub Actions OpenID Connect reference', url: 'https://docs.github.com/actions/reference/security/oidc' },
    ],
    requires: ['federatedIdentityCredentials'],
  },
  check({ inventory, facts, report }) {
    for (const fic of inventory.federatedCredentials) {
      const verdict = facts.issuerVerdict(fic.issuer);
      if (verdict.kind !== 'lookalike') continue;
      const how =
        verdict.technique === 'extra-labels'
          ? `extends ${verdict.resembles} with more labels`
          : verdict.technique === 'dropped-labels'
            ? `drops labels of ${verdict.resembles}`
            : `is a near-typo of ${verdict.resembles}`;
      report({
        subject: ficOwner(inventory, fic).ref,
        message: `Federated credential '${fic.name}' on ${describeOwner(inventory, fic)} trusts issuer ${JSON.stringify(fic.issuer)}, whose host ${verdict.host} ${how}.`,
        related: [ficRelated(fic)],
        evidence: trustEvidence(fic, { host: verdict.host, resembles: verdict.resembles, technique: verdict.technique }),
        key: [fic.name],
      });
    }
  },
});
