import { defineRule } from '../engine/define-rule.js';
import { canonicalGuid } from '../azure/ids.js';
import type { RunFacts } from '../engine/facts.js';
import type { FederatedCredential, Inventory, RelatedRef, WorkloadIdentity } from '../inventory/model.js';
import { breadthLabel, breadthTierSeverity } from './util/breadth-matrix.js';
import { parseEntraIssuer } from './providers/entra.js';
import { describeTrust } from './util/federation-finding.js';
import { type PrivilegeGrant, type Tier, tierLabel } from './util/privilege.js';
import { describeWorkload, ficRelated } from './util/refs.js';
import type { Breadth } from './util/subject-breadth.js';
import { compareText } from '../core/compare-text.js';

// The joined path (FIC-ESC-001): a weak federation (broad subject, look-alike issuer,
// another tenant's issuer) on an identity with privileged reach (T0/T1), one finding per identity, graded by
// the matrix. Credentials that can never match (malformed or non-canonical issuer) open no path and are
// left to the issuer rules. MI-as-FIC edges are followed: an app that trusts this managed identity lends its
// grants to whoever can become the identity (FIC-ESC-001 step 4, [S8]).

interface WeakFederation {
  readonly fic: FederatedCredential;
  readonly breadth: Breadth;
  readonly who: string;
}

export default defineRule({
  meta: {
    id: 'MIA-2070',
    name: 'blast-radius',
    category: 'blast-radius',
    severity: 'critical',
    title: 'Weakly federated identity has privileged reach',
    why: 'Who can become an identity and what it can do multiply: a pull_request subject, an owner-wide subject, a look-alike issuer or a foreign tenant on an identity that is Owner, Contributor at subscription scope or holds tier-0 Graph or Entra privileges turns "can open a pull request" into "controls the subscription or the directory".',
    fix: 'Cut one side of the path: narrow the federation (environment with reviewers, immutable subject, the exact issuer, this tenant) and move the privileged grants to a separate identity that only a gated deployment can obtain, at the narrowest scope it needs.',
    references: [
      { title: 'Mutable subjects: scope least privilege', url: 'https://learn.microsoft.com/entra/workload-id/workload-identities-federated-credential-mutable-subjects' },
      { title: 'GitHub Actions OpenID Connect reference', url: 'https://docs.github.com/actions/reference/security/oidc' },
      { title: 'Best practices for Azure RBAC', url: 'https://learn.microsoft.com/azure/role-based-access-control/best-practices' },
    ],
    requires: ['federatedIdentityCredentials', 'roleAssignments', 'roleDefinitions', 'appRoleAssignments', 'directoryRoles'],
  },
  check({ inventory, facts, report }) {
    const trustedBy = appsTrustingManagedIdentities(inventory, facts);
    for (const workload of inventory.workloadIdentities) {
      const weak = inventory.ficsOf(workload.key).flatMap((fic) => weakness(inventory, facts, fic) ?? []);
      if (weak.length === 0) continue;
      const bridged = workload.kind === 'userAssignedIdentity' && workload.principalId !== undefined ? (trustedBy.get(workload.principalId) ?? []) : [];
      const grants = [workload, ...bridged]
        .flatMap((holder) => facts.privilegeOf(holder.principalId).grants)
        .sort((a, b) => a.tier - b.tier || compareText(a.label, b.label));
      const tier = grants.reduce<Tier>((best, grant) => (grant.tier < best ? grant.tier : best), 3);
      // Read-only reach (T2/T3) is left to broad-subject, which grades it by the same matrix.
      if (tier > 1) continue;
      weak.sort((a, b) => b.breadth - a.breadth || compareText(a.fic.name, b.fic.name));
      const worst = weak[0];
      if (worst === undefined) continue;
      const top = grants.slice(0, 3);
      const more = weak.length > 1 ? ` (and ${weak.length - 1} more weak federated credential${weak.length > 2 ? 's' : ''})` : '';
      const via = bridged.length > 0 ? ` through ${bridged.map((app) => `app '${app.displayName}'`).join(', ')}` : '';
      report({
        subject: workload.ref,
        severity: breadthTierSeverity(worst.breadth, tier),
        message: `${describeWorkload(workload)} can be obtained by ${worst.who} through federated credential '${worst.fic.name}'${more}, and holds ${describe(top, grants.length)}${via}.`,
        related: [
          ...weak.map((entry) => ficRelated(entry.fic)),
          ...top.map((grant) => grant.ref),
          ...bridged.map((app): RelatedRef => ({ ...app.ref, relation: 'trustingApplication' })),
        ],
        evidence: {
          tier: tierLabel(tier),
          breadth: breadthLabel(worst.breadth),
          federatedCredentials: weak.map((entry) => entry.fic.name),
          issuers: weak.map((entry) => entry.fic.issuer),
          subjects: weak.map((entry) => entry.fic.claimsMatchingExpression?.value ?? entry.fic.subject ?? ''),
          who: weak.map((entry) => `${breadthLabel(entry.breadth)} ${entry.who}`),
          grants: grants.slice(0, 5).map((grant) => `${tierLabel(grant.tier)} ${grant.label}`),
          trustingApplications: bridged.map((app) => app.displayName),
        },
      });
    }
  },
});

/** How a credential makes the identity reachable by more than one workload, or undefined when it does not. */
function weakness(inventory: Inventory, facts: Pick<RunFacts, 'issuerVerdict' | 'unmatchableTrust' | 'subjectBreadth'>, fic: FederatedCredential): WeakFederation | undefined {
  const verdict = facts.issuerVerdict(fic.issuer);
  if (verdict.kind === 'malformed' || verdict.kind === 'non-canonical' || facts.unmatchableTrust(fic) !== undefined) return undefined;
  if (verdict.kind === 'lookalike') {
    return { fic, breadth: 4, who: `whoever controls the look-alike issuer host ${verdict.host} (imitating ${verdict.resembles})` };
  }
  const entra = parseEntraIssuer(fic.issuer);
  if (entra !== undefined && entra.tenantIsGuid && canonicalGuid(entra.tenant) !== canonicalGuid(inventory.tenantId)) {
    return { fic, breadth: 3, who: `principal ${JSON.stringify(fic.subject ?? '')} of foreign tenant ${entra.tenant}` };
  }
  const breadth = facts.subjectBreadth(fic);
  return breadth.breadth >= 3 ? { fic, breadth: breadth.breadth, who: `${breadth.who} (${describeTrust(fic)})` } : undefined;
}

/** Managed identity principal id → the app registrations that trust it as MI-as-FIC (same tenant, exact subject). */
function appsTrustingManagedIdentities(inventory: Inventory, facts: Pick<RunFacts, 'issuerVerdict'>): Map<string, WorkloadIdentity[]> {
  const map = new Map<string, WorkloadIdentity[]>();
  const home = canonicalGuid(inventory.tenantId);
  for (const fic of inventory.federatedCredentials) {
    const entra = parseEntraIssuer(fic.issuer);
    if (fic.owner.kind !== 'application' || entra === undefined || canonicalGuid(entra.tenant) !== home || facts.issuerVerdict(fic.issuer).kind !== 'canonical') continue;
    const app = inventory.workload(fic.ownerKey);
    const trusted = fic.subject === null ? undefined : inventory.workloadByPrincipal(fic.subject);
    const uami = trusted?.kind === 'userAssignedIdentity' ? trusted.userAssignedIdentity : undefined;
    if (app === undefined || uami === undefined) continue;
    const key = canonicalGuid(uami.principalId);
    const list = map.get(key) ?? [];
    if (!list.includes(app)) list.push(app);
    map.set(key, list);
  }
  return map;
}

function describe(top: readonly PrivilegeGrant[], total: number): string {
  const labels = top.map((grant) => grant.label).join(', ');
  return total > top.length ? `${labels} and ${total - top.length} more grant${total - top.length > 1 ? 's' : ''}` : labels;
}
