import { defineRule } from '../engine/define-rule.js';
import { KNOWN_AUDIENCES, TOKEN_EXCHANGE_AUDIENCE } from './util/clouds.js';
import { describeOwner } from './util/federation-finding.js';
import type { IssuerProvider } from './util/issuers.js';
import { ficOwner, ficRelated } from './util/refs.js';

// IdPs that set their own `aud` (Bitbucket workspace ARI, CircleCI org id, Cognito identity pool): a custom
// audience is expected there, so the finding is informational ([S22][S23], FIC-AUD-001).
const FIXED_AUDIENCE_PROVIDERS: ReadonlySet<IssuerProvider> = new Set(['bitbucket', 'circleci', 'aws-cognito']);

// Entra compares the audience exactly and case-sensitively ([S9]); each cloud has one
// token-exchange value ([S8]); a FIC has exactly one audience ([S2]).
export default defineRule({
  meta: {
    id: 'MIA-2002',
    name: 'audience',
    category: 'audience',
    severity: 'low',
    title: 'Federated credential audience is not the cloud token-exchange audience',
    why: 'A FIC whose audience differs from the value the workload requests never matches, so teams "fix" it by loosening trust elsewhere; a non-standard audience can also accept tokens minted for another relying party.',
    fix: 'Set the single audience to the token-exchange value of the tenant cloud (api://AzureADTokenExchange in Azure public cloud) and configure the identity provider to request it.',
    references: [
      { title: 'Configure an app to trust a managed identity: audiences per cloud', url: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity' },
      { title: 'Federated identity credential considerations', url: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations' },
    ],
    requires: ['federatedIdentityCredentials'],
  },
  check({ inventory, facts, report }) {
    const expected = TOKEN_EXCHANGE_AUDIENCE[inventory.cloud];
    for (const fic of inventory.federatedCredentials) {
      if (fic.audiences.length === 1 && fic.audiences[0] === expected) continue;
      const actual = fic.audiences.length === 1 ? (fic.audiences[0] ?? '') : undefined;
      const variant =
        actual === undefined
          ? 'count'
          : actual.trim().replace(/\/+$/, '').toLowerCase() === expected.toLowerCase()
            ? 'near-miss'
            : KNOWN_AUDIENCES.includes(actual)
              ? 'other-cloud'
              : 'custom';
      const owner = ficOwner(inventory, fic);
      const provider = facts.issuerProvider(fic.issuer);
      const fixedByIdp = variant === 'custom' && provider !== undefined && FIXED_AUDIENCE_PROVIDERS.has(provider);
      const shown = actual === undefined ? `${fic.audiences.length} audiences` : JSON.stringify(actual);
      report({
        subject: owner.ref,
        severity: fixedByIdp ? 'info' : 'low',
        message: `Federated credential '${fic.name}' on ${describeOwner(inventory, fic)} has audience ${shown}; ${inventory.cloud} expects "${expected}".`,
        related: [ficRelated(fic)],
        evidence: { audiences: fic.audiences, expected, variant, issuer: fic.issuer, subject: fic.subject, provider: provider ?? null },
        key: [fic.name],
      });
    }
  },
});
