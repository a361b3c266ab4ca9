import { defineRule } from '../engine/define-rule.js';
import { shiftSeverity } from '../engine/severity.js';
import type { FederatedCredential, RelatedRef } from '../inventory/model.js';
import { breadthTierSeverity } from './util/breadth-matrix.js';
import { describeGrants, describeOwner, describeTrust, grantRelated, ownerPrivilege, trustEvidence } from './util/federation-finding.js';
import { firstWildcard, parseClaimsExpression } from './util/flexible-expression.js';
import { tierLabel } from './util/privilege.js';
import { ficOwner, ficRelated } from './util/refs.js';
import { serviceAccountOf } from './providers/kubernetes.js';
import { subjectFormat } from './util/subject-breadth.js';

// Kubernetes sub = system:serviceaccount:<namespace>:<service-account> ([S4][S19]). Whoever can run a
// pod under that service account gets the Azure identity; shared and system namespaces and the `default` service
// account (which every pod without serviceAccountName runs as) widen that set (inference; FIC-K8S-001).
// Severity: the matrix at B2, one step higher for kube-system (pods there are cluster-admin equivalents).
// Wildcard subjects (`system:serviceaccount:ns:*`) are B3/B4 and belong to broad-subject; this rule judges exact ones.
// The shared list is fixed here (suggests making it configurable; there is no per-rule config yet).

const SHARED_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public'];

/** The exact service-account subject a credential trusts: its subject, or the wildcard-free `sub` of its expression. */
function exactSubject(fic: FederatedCredential): string | undefined {
  const expression = fic.claimsMatchingExpression;
  if (expression === undefined || expression === null) return fic.subject ?? undefined;
  const parsed = parseClaimsExpression(expression.value);
  if (!parsed.ok) return undefined;
  const subs = parsed.clauses.filter((clause) => clause.claim === 'sub');
  if (subs.length === 0 || subs.some((clause) => clause.operator === 'matches' && firstWildcard(clause.value) >= 0)) return undefined;
  return subs[0]?.value;
}

export default defineRule({
  meta: {
    id: 'MIA-2022',
    name: 'kubernetes-shared-namespace',
    category: 'broad-subject',
    severity: 'medium',
    title: 'Kubernetes subject uses a shared or system namespace or the default service account',
    why: 'Whoever can run a pod under the trusted service account becomes the identity; in default, kube-system or kube-public, or as the default service account every pod without serviceAccountName uses, that is far more workloads and people than one application.',
    fix: 'Create a dedicated namespace and service account for the workload, federate the identity with system:serviceaccount:<namespace>:<service-account>, restrict who can create pods there, then delete this credential.',
    references: [
      { title: 'Use Microsoft Entra Workload ID with AKS', url: 'https://learn.microsoft.com/azure/aks/workload-identity-overview' },
      { title: 'Kubernetes: configure service accounts for pods', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/' },
    ],
    requires: ['federatedIdentityCredentials', 'roleAssignments', 'roleDefinitions', 'appRoleAssignments', 'directoryRoles'],
  },
  check({ inventory, facts, report }) {
    for (const fic of inventory.federatedCredentials) {
      const subject = exactSubject(fic);
      if (subject === undefined || subjectFormat(fic.issuer, subject, facts.issuerProvider) !== 'kubernetes' || facts.unmatchableTrust(fic) !== undefined) continue;
      const account = serviceAccountOf(subject);
      if (account === undefined) continue;
      const { namespace, serviceAccount } = account;
      const reasons: string[] = [];
      if (namespace === 'kube-system') reasons.push('the kube-system namespace');
      else if (SHARED_NAMESPACES.includes(namespace)) reasons.push(`the shared ${namespace} namespace`);
      if (serviceAccount === 'default') reasons.push('the default service account');
      if (reasons.length === 0) continue;
      const privilege = ownerPrivilege(inventory, facts, fic);
      const base = breadthTierSeverity(2, privilege.tier);
      const clusters = inventory.clustersWithIssuer(fic.issuer);
      const clusterRefs: RelatedRef[] = clusters.map((cluster) => ({ ...cluster.ref, relation: 'cluster' }));
      const where = clusters[0] === undefined ? '' : ` on cluster '${clusters[0].name}'`;
      report({
        subject: ficOwner(inventory, fic).ref,
        severity: namespace === 'kube-system' ? shiftSeverity(base, 1) : base,
        message: `Federated credential '${fic.name}' on ${describeOwner(inventory, fic)} trusts ${describeTrust(fic)}, which uses ${reasons.join(' and ')}${where}, so anyone who can run a pod there can become it (identity ${tierLabel(privilege.tier)}: ${describeGrants(privilege)}).`,
        related: [ficRelated(fic), ...clusterRefs, ...grantRelated(privilege)],
        evidence: trustEvidence(fic, {
          namespace,
          serviceAccount,
          reasons,
          clusters: clusters.map((cluster) => cluster.name),
          tier: tierLabel(privilege.tier),
          grants: privilege.grants.slice(0, 5).map((grant) => grant.label),
        }),
        key: [fic.name],
      });
    }
  },
});
