import type { Confidence } from '../engine/severity.js';
import { defineRule } from '../engine/define-rule.js';
import type { RunFacts } from '../engine/facts.js';
import type { FindingDraft } from '../engine/types.js';
import { canonicalGuid, isGuid } from '../azure/ids.js';
import type { FederatedCredential, Inventory } from '../inventory/model.js';
import { parseEntraIssuer } from './providers/entra.js';
import { describeOwner, trustEvidence } from './util/federation-finding.js';
import { ficOwner, ficRelated } from './util/refs.js';

// Dangling trust: the AKS cluster behind an OIDC issuer, or the managed identity behind an MI-as-FIC subject,
// is gone (FIC-DEAD-001 [S6][S20], [S8]). Neither can be re-minted by others (random issuer
// GUID, random object id), hence low; "not found" is not "deleted" when coverage is partial.
const AKS_TENANT = /^https:\/\/[^/]+\/([0-9a-f-]{36})\/[0-9a-f-]{36}\/?$/i;

export default defineRule({
  meta: {
    id: 'MIA-2050',
    name: 'dangling-federation',
    category: 'dangling-federation',
    severity: 'low',
    title: 'Federated credential trusts an issuer or subject whose backing object is gone',
    why: 'A credential for a deleted AKS cluster or a deleted managed identity is dead trust: it keeps a path into the identity that nobody reviews, counts against the 20-credential limit, and hides which workloads really use the identity.',
    fix: 'Delete the federated credential once you have confirmed the cluster or managed identity no longer exists; if it was recreated, add a credential for the new issuer or object id instead.',
    references: [
      { title: 'Mutable subjects: delete dangling credentials', url: 'https://learn.microsoft.com/entra/workload-id/workload-identities-federated-credential-mutable-subjects' },
      { title: 'Create an OIDC issuer for AKS', url: 'https://learn.microsoft.com/azure/aks/use-oidc-issuer' },
      { title: 'Configure an application to trust a managed identity', url: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity' },
    ],
    requires: ['federatedIdentityCredentials'],
  },
  check({ inventory, facts, report }) {
    const clustersScanned = inventory.resources.filter((resource) => typeof resource.aks?.oidcIssuerUrl === 'string').length;
    for (const fic of inventory.federatedCredentials) {
      const draft = danglingCluster(inventory, facts, fic, clustersScanned) ?? danglingManagedIdentity(inventory, fic);
      if (draft !== undefined) report(draft);
    }
  },
});

function danglingCluster(inventory: Inventory, facts: Pick<RunFacts, 'issuerVerdict'>, fic: FederatedCredential, clustersScanned: number): FindingDraft | undefined {
  const verdict = facts.issuerVerdict(fic.issuer);
  const aks = (verdict.kind === 'canonical' || verdict.kind === 'non-canonical') && verdict.provider === 'aks';
  if (!aks) return undefined;
  // A near-miss of a live cluster is a spelling problem (issuer-non-canonical), not a deleted cluster.
  const candidates = [fic.issuer, ...(verdict.kind === 'non-canonical' && verdict.expected !== undefined ? [verdict.expected] : [])];
  if (candidates.some((issuer) => inventory.clustersWithIssuer(issuer).length > 0)) return undefined;
  // Regional issuers carry the cluster's tenant; a cluster of another tenant is out of sight, not gone.
  const tenant = AKS_TENANT.exec(fic.issuer)?.[1];
  if (tenant !== undefined && canonicalGuid(tenant) !== canonicalGuid(inventory.tenantId)) return undefined;

  const unread = inventory.subscriptions.filter((sub) => !inventory.coverage.readableSubscriptions.has(sub.subscriptionId.toLowerCase()));
  const partialScope = inventory.scope.kind !== 'tenant';
  const gap = !inventory.coverage.isComplete('resources') || unread.length > 0;
  const confidence: Confidence = gap ? 'low' : partialScope ? 'medium' : 'high';
  const caveat = gap
    ? `; resources of ${unread.length > 0 ? `${unread.length} subscription(s)` : 'part of the scope'} could not be read, so the cluster may live there`
    : partialScope
      ? `; the scan covered ${inventory.scope.kind} ${inventory.scope.ids.join(', ')} only, so the cluster may live elsewhere in the tenant`
      : '';
  return {
    subject: ficOwner(inventory, fic).ref,
    confidence,
    message: `Federated credential '${fic.name}' on ${describeOwner(inventory, fic)} trusts AKS issuer ${JSON.stringify(fic.issuer)}, which no cluster in the scanned scope uses${caveat}.`,
    related: [ficRelated(fic)],
    evidence: trustEvidence(fic, {
      backing: 'aksCluster',
      clustersScanned,
      scopeKind: inventory.scope.kind,
      unreadSubscriptions: unread.map((sub) => sub.subscriptionId),
      resourcesCoverageComplete: inventory.coverage.isComplete('resources'),
    }),
    key: [fic.name],
  };
}

function danglingManagedIdentity(inventory: Inventory, fic: FederatedCredential): FindingDraft | undefined {
  const entra = parseEntraIssuer(fic.issuer);
  const subject = fic.subject ?? '';
  // Cross-tenant subjects live in the other tenant (cross-tenant rule); /eid1/ subjects are not object ids.
  if (entra === undefined || canonicalGuid(entra.tenant) !== canonicalGuid(inventory.tenantId) || !isGuid(subject)) return undefined;
  const known =
    inventory.servicePrincipal(subject) !== undefined ||
    inventory.workloadByPrincipal(subject)?.kind === 'userAssignedIdentity';
  if (known) return undefined;
  const confirmed = inventory.isUnresolvedPrincipal(subject);
  // Absence proves something only when the tenant's service principals were read (a recorded read, no gap).
  const complete = inventory.coverage.wasRead('servicePrincipals', 'tenant');
  const confidence: Confidence = confirmed || complete ? 'high' : 'low';
  const caveat = confirmed ? ' (Graph confirmed it does not exist)' : complete ? '' : '; the service principal list is incomplete, so it may exist unseen';
  return {
    subject: ficOwner(inventory, fic).ref,
    confidence,
    message: `Federated credential '${fic.name}' on ${describeOwner(inventory, fic)} trusts managed identity ${subject}, which resolves to no service principal${caveat}.`,
    related: [ficRelated(fic), { relation: 'trustedPrincipal', kind: 'directoryObject', id: subject }],
    evidence: trustEvidence(fic, { backing: 'managedIdentity', confirmedDeleted: confirmed, servicePrincipalsCoverageComplete: complete }),
    key: [fic.name],
  };
}
