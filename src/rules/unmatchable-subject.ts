import { defineRule } from '../engine/define-rule.js';
import type { FederatedCredential } from '../inventory/model.js';
import { providerOf } from './providers/index.js';
import type { Unmatchable } from './providers/types.js';
import { describeOwner, describeTrust, trustEvidence } from './util/federation-finding.js';
import { ficOwner, ficRelated } from './util/refs.js';

// Entra compares a standard credential's subject with the token's sub byte for byte ([S9]), and
// only flexible credentials have wildcards ([S5]). A subject the provider never emits (wrong separator,
// misspelled context, a short ref, whitespace, a literal *) therefore never matches: the deployment it was made
// for fails, and a `*` hides that the author meant to trust many workloads. Provider grammars are in
// src/rules/providers (-). An exact `sub` clause of a flexible expression (eq, or matches without
// wildcards) is judged the same way: clauses are joined by `and`, so one that never matches sinks the expression.
// This is the only finding on such a credential: the breadth, mutability and
// namespace rules skip it. A whitespace variant next to its trimmed twin is fic-duplicate's.

const WILDCARD_FIX =
  'Entra matches a standard subject exactly, so this credential never matches: replace it with a flexible credential (claimsMatchingExpression with matches, where the provider supports it) or with one credential per repository, branch or environment, verify a run, then delete this one.';

export default defineRule({
  meta: {
    id: 'MIA-2023',
    name: 'unmatchable-subject',
    category: 'unmatchable-subject',
    severity: 'low',
    title: 'Federated credential subject can never match a token',
    why: 'Entra compares the subject with the token sub exactly; a subject the provider never emits (environment/prod for environment:prod, pull-request for pull_request, ref:main for ref:refs/heads/main, surrounding whitespace, a * meant as a wildcard) never matches, so the deployment fails and the credential is dead weight that misstates who can become the identity.',
    fix: 'Recreate the credential with the subject the provider emits (the finding suggests it when it can be derived), verify a run, then delete this one; for a * use a flexible credential or one credential per repository, branch or environment.',
    references: [
      { title: 'Workload identity federation: how matching works', url: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation' },
      { title: 'Flexible federated identity credentials', url: 'https://learn.microsoft.com/entra/workload-id/workload-identities-flexible-federated-identity-credentials' },
      { title: 'GitHub: customizing the subject claims', url: 'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#customizing-the-subject-claims-for-an-organization-or-repository' },
      { title: 'Troubleshoot Azure DevOps workload identity service connections', url: 'https://learn.microsoft.com/azure/devops/pipelines/release/troubleshoot-workload-identity' },
    ],
    requires: ['federatedIdentityCredentials'],
  },
  check({ inventory, facts, report }) {
    for (const fic of inventory.federatedCredentials) {
      const trust = facts.unmatchableTrust(fic);
      if (trust === undefined || trimmedTwinExists(inventory.ficsOf(fic.ownerKey), fic)) continue;
      const { value, verdict } = trust;
      const provider = providerOf(fic.issuer, value, facts.issuerProvider);
      const who = provider === undefined ? 'the issuer' : provider.label;
      const clause = trust.flexible ? `, whose exact sub clause ${JSON.stringify(value)}` : ',';
      const meant = verdict.suggestion === undefined ? '' : `; it was probably meant as ${JSON.stringify(verdict.suggestion)}`;
      report({
        subject: ficOwner(inventory, fic).ref,
        message: `Federated credential '${fic.name}' on ${describeOwner(inventory, fic)} trusts ${describeTrust(fic)}${clause} which ${who} never emits (${verdict.reason})${meant}, so no token can match it.`,
        related: [ficRelated(fic)],
        evidence: trustEvidence(fic, {
          provider: provider?.id ?? null,
          reason: verdict.reason,
          suggestion: verdict.suggestion ?? null,
          unmatchableValue: value,
        }),
        key: [fic.name],
        remediation: remediationOf(value, verdict),
      });
    }
  },
});

/** Surrounding whitespace next to a credential with the trimmed subject is a duplicate variant (fic-duplicate). */
function trimmedTwinExists(siblings: readonly FederatedCredential[], fic: FederatedCredential): boolean {
  if (fic.claimsMatchingExpression !== undefined && fic.claimsMatchingExpression !== null) return false;
  const subject = fic.subject ?? '';
  const trimmed = subject.trim();
  // fic-duplicate groups by trimmed, lowercased issuer without trailing slashes; so does this check.
  const issuer = (value: string): string => value.trim().toLowerCase().replace(/\/+$/, '');
  return trimmed !== subject && siblings.some((other) => other.id !== fic.id && other.subject === trimmed && issuer(other.issuer) === issuer(fic.issuer));
}

function remediationOf(subject: string, verdict: Unmatchable): string {
  if (subject.includes('*')) return WILDCARD_FIX;
  if (verdict.suggestion !== undefined) {
    return `Recreate the credential with subject ${JSON.stringify(verdict.suggestion)} (check it against the sub of a real token), verify a run, then delete this one.`;
  }
  return 'Read the sub claim of a real token from the workload (or the provider documentation), recreate the credential with exactly that subject, verify a run, then delete this one.';
}
