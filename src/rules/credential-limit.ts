import { defineRule } from '../engine/define-rule.js';
import type { FederatedCredential } from '../inventory/model.js';
import { ficOwner, ficRelated } from './util/refs.js';

// An app or UAMI takes at most 20 FICs ([S1][S2][S3]). Teams at the limit tend to loosen
// subjects or switch to wildcards to make room (FIC-LIM-001). The kb suggests info from 16; mi-audit starts at
// 18 to stay quiet for identities that merely serve many environments.
const FIC_LIMIT = 20;
const WARN_AT = 18;

export default defineRule({
  meta: {
    id: 'MIA-3006',
    name: 'credential-limit',
    category: 'credential-limit',
    severity: 'info',
    title: 'Identity is at or near the limit of 20 federated credentials',
    why: 'An identity takes at most 20 federated credentials; at the limit the next pipeline cannot be added, and the usual workaround is a broader subject or a wildcard that trusts more than intended.',
    fix: 'Split the identity per workload or environment, consolidate subjects onto environment-bound ones, or use a flexible federated credential bound to a repository id where the issuer supports it.',
    references: [
      { title: 'Federated identity credential considerations and restrictions', url: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations' },
      { title: 'Flexible federated identity credentials', url: 'https://learn.microsoft.com/entra/workload-id/workload-identities-flexible-federated-identity-credentials' },
    ],
    requires: ['federatedIdentityCredentials'],
  },
  check({ inventory, report }) {
    const byOwner = new Map<string, FederatedCredential[]>();
    for (const fic of inventory.federatedCredentials) {
      const list = byOwner.get(fic.ownerKey);
      if (list === undefined) byOwner.set(fic.ownerKey, [fic]);
      else list.push(fic);
    }
    for (const fics of byOwner.values()) {
      const first = fics[0];
      if (first === undefined || fics.length < WARN_AT) continue;
      const owner = ficOwner(inventory, first);
      const atLimit = fics.length >= FIC_LIMIT;
      const noun = first.owner.kind === 'application' ? 'App registration' : 'User-assigned identity';
      report({
        subject: owner.ref,
        severity: atLimit ? 'low' : 'info',
        message: atLimit
          ? `${noun} '${owner.ref.displayName ?? owner.ref.id}' has ${fics.length} federated credentials, the limit of ${FIC_LIMIT}, so no more can be added.`
          : `${noun} '${owner.ref.displayName ?? owner.ref.id}' has ${fics.length} of at most ${FIC_LIMIT} federated credentials.`,
        related: fics.map(ficRelated),
        evidence: { count: fics.length, limit: FIC_LIMIT, federatedCredentials: fics.map((fic) => fic.name) },
      });
    }
  },
});
