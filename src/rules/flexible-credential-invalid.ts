import { defineRule } from '../engine/define-rule.js';
import { describeGrants, describeOwner, grantRelated, ownerPrivilege, trustEvidence } from './util/federation-finding.js';
import { flexibleIssuerSupport } from './providers/index.js';
import { FLEXIBLE_LANGUAGE_VERSION, checkClaimsExpression } from './util/flexible-expression.js';
import { tierLabel } from './util/privilege.js';
import { ficOwner, ficRelated } from './util/refs.js';

// Flexible federated credentials (preview): languageVersion 1, subject and expression mutually exclusive, documented
// grammar `claims['<c>'] <eq|matches> '<v>'` joined by `and`, three issuers with per-provider claims, and GitHub's
// mandatory eq clause on repository_id or repository_owner_id ([S5][S9], FIC-FLEX-003).
// Where they can live is contested: app objects only (EN concept and setup pages [S5][S5-setup]) vs app objects and
// user-assigned identities (zh-hk copy [S5-zh]); ARM has the property on UAMI FICs in preview API versions only,
// with an example outside the documented grammar [S41]. So a UAMI host is noted in evidence, not reported alone.
// A non-canonical or malformed spelling of a supported issuer is left to issuer-non-canonical / issuer-malformed.

const UAMI_NOTE = 'user-assigned identity: flexible credentials exist there only in ARM preview API versions and the docs conflict on support (https://learn.microsoft.com/entra/workload-id/workload-identities-flexible-federated-identity-credentials)';

export default defineRule({
  meta: {
    id: 'MIA-2015',
    name: 'flexible-credential-invalid',
    category: 'issuer',
    severity: 'low',
    title: 'Flexible federated credential is invalid or unsupported',
    why: 'A flexible credential outside the documented preview contract (languageVersion 1, no subject, a GitHub, GitLab or Terraform Cloud issuer, the documented grammar and claims, and for GitHub an eq clause on repository_id or repository_owner_id) may never match, may match more than intended, or may break tools that cannot read it.',
    fix: "Rewrite the expression per the documented grammar (claims['sub'] matches '…' and claims['repository_id'] eq '<id>' for GitHub), or replace it with standard federated credentials.",
    references: [
      { title: 'Flexible federated identity credentials', url: 'https://learn.microsoft.com/entra/workload-id/workload-identities-flexible-federated-identity-credentials' },
      { title: 'Set up a flexible federated identity credential', url: 'https://learn.microsoft.com/entra/workload-id/workload-identities-set-up-flexible-federated-identity-credential' },
      { title: 'federatedIdentityCredential resource type', url: 'https://learn.microsoft.com/graph/api/resources/federatedidentitycredential' },
    ],
    requires: ['federatedIdentityCredentials', 'roleAssignments', 'roleDefinitions', 'appRoleAssignments', 'directoryRoles'],
  },
  check({ inventory, facts, report }) {
    for (const fic of inventory.federatedCredentials) {
      const expression = fic.claimsMatchingExpression;
      if (expression === undefined || expression === null) continue;
      const problems: string[] = [];
      if (expression.languageVersion !== FLEXIBLE_LANGUAGE_VERSION) problems.push(`languageVersion ${expression.languageVersion} (must be ${FLEXIBLE_LANGUAGE_VERSION})`);
      if (fic.subject !== null && fic.subject !== '') problems.push('subject is also set (subject and claimsMatchingExpression are mutually exclusive)');
      const verdict = facts.issuerVerdict(fic.issuer);
      const intended =
        verdict.kind === 'canonical' ? fic.issuer : verdict.kind === 'non-canonical' ? verdict.expected : verdict.kind === 'malformed' ? verdict.intended : undefined;
      const support = intended === undefined ? undefined : flexibleIssuerSupport(intended);
      if (support === undefined) problems.push('issuer is not supported for flexible credentials (only GitHub, GitLab and Terraform Cloud are)');
      const checked = checkClaimsExpression(expression.value, support);
      problems.push(...checked.problems);
      if (problems.length === 0) continue;

      const owner = ficOwner(inventory, fic);
      const privilege = ownerPrivilege(inventory, facts, fic);
      // A GitHub expression without an immutable pin on a write-capable identity (FIC-FLEX-003).
      const raised = checked.missingImmutableClaim && privilege.tier <= 1;
      const host = owner.ref.kind === 'userAssignedIdentity' ? UAMI_NOTE : null;
      const privileged = raised ? ` on an identity that can write (${tierLabel(privilege.tier)}: ${describeGrants(privilege)})` : '';
      report({
        subject: owner.ref,
        severity: raised ? 'medium' : 'low',
        message: `Flexible federated credential '${fic.name}' on ${describeOwner(inventory, fic)} is invalid or unsupported: ${problems.join('; ')}${privileged}.`,
        related: [ficRelated(fic), ...(raised ? grantRelated(privilege) : [])],
        evidence: trustEvidence(fic, {
          languageVersion: expression.languageVersion,
          provider: support?.provider ?? null,
          problems,
          missingImmutableClaim: checked.missingImmutableClaim,
          tier: tierLabel(privilege.tier),
          host,
        }),
        key: [fic.name],
      });
    }
  },
});
