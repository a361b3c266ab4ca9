import { defineRule } from '../engine/define-rule.js';
import { breadthLabel, breadthTierSeverity } from './util/breadth-matrix.js';
import { describeGrants, describeOwner, describeTrust, grantRelated, ownerPrivilege, trustEvidence } from './util/federation-finding.js';
import { tierLabel } from './util/privilege.js';
import { ficOwner, ficRelated } from './util/refs.js';

// Breadth B3/B4 = more than one workload can mint a matching token (FIC-GH-001/002,
// FIC-FLEX-001/002); graded by breadth × the owner's privilege tier (matrix).
export default defineRule({
  meta: {
    id: 'MIA-2020',
    name: 'broad-subject',
    category: 'broad-subject',
    severity: 'high',
    title: 'Federated credential trusts more than one workload',
    why: 'A pull_request subject, a repository without a context, an owner-wide custom subject or a flexible wildcard lets anyone who can open a pull request, push a branch or create a repository or workspace mint a token for the identity; what they get is everything the identity can do.',
    fix: 'Bind the credential to one deployment context: a GitHub environment with required reviewers (repo:ORG/REPO:environment:prod, immutable form preferred), one Terraform workspace and the apply phase, one service account; keep pull-request and plan contexts on a separate read-only identity.',
    references: [
      { title: 'GitHub Actions OpenID Connect reference', url: 'https://docs.github.com/actions/reference/security/oidc' },
      { title: 'Flexible federated identity credentials', url: 'https://learn.microsoft.com/entra/workload-id/workload-identities-flexible-federated-identity-credentials' },
      { title: 'Keeping your GitHub Actions and workflows secure: preventing pwn requests', url: 'https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/' },
    ],
    requires: ['federatedIdentityCredentials', 'roleAssignments', 'roleDefinitions', 'appRoleAssignments', 'directoryRoles'],
  },
  check({ inventory, facts, report }) {
    for (const fic of inventory.federatedCredentials) {
      // A subject no token carries trusts nobody: unmatchable-subject's finding, not a breadth.
      if (facts.unmatchableTrust(fic) !== undefined) continue;
      const breadth = facts.subjectBreadth(fic);
      if (breadth.breadth < 3) continue;
      const privilege = ownerPrivilege(inventory, facts, fic);
      report({
        subject: ficOwner(inventory, fic).ref,
        severity: breadthTierSeverity(breadth.breadth, privilege.tier),
        message: `Federated credential '${fic.name}' on ${describeOwner(inventory, fic)} accepts ${describeTrust(fic)}, so ${breadth.who} can become it (${breadthLabel(breadth.breadth)}, identity ${tierLabel(privilege.tier)}: ${describeGrants(privilege)}).`,
        related: [ficRelated(fic), ...grantRelated(privilege)],
        evidence: trustEvidence(fic, {
          breadth: breadthLabel(breadth.breadth),
          who: breadth.who,
          format: breadth.format,
          flexible: breadth.flexible,
          tier: tierLabel(privilege.tier),
          grants: privilege.grants.slice(0, 5).map((grant) => grant.label),
        }),
        key: [fic.name],
      });
    }
  },
});
