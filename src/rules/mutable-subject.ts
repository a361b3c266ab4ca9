import { defineRule } from '../engine/define-rule.js';
import type { RunFacts } from '../engine/facts.js';
import { shiftSeverity } from '../engine/severity.js';
import type { FederatedCredential } from '../inventory/model.js';
import { describeOwner, describeTrust, ownerPrivilege, trustEvidence } from './util/federation-finding.js';
import { parseClaimsExpression } from './util/flexible-expression.js';
import { providerOf } from './providers/index.js';
import { immutablePins, isImmutableRepository, parseGitHubSubject } from './providers/github.js';
import type { MutableName } from './providers/types.js';
import { ficOwner, ficRelated } from './util/refs.js';

// Name-based subjects can be recycled: rename, transfer or delete the owner/repo/project and whoever registers
// the freed name mints the same sub (FIC-MUT-001 [S6][S7][S42]). GitHub's immutable
// `owner@id/repo@id` form and GitLab `project_id:` are not exposed; GHES has no immutable form ([S7]).

export default defineRule({
  meta: {
    id: 'MIA-2030',
    name: 'mutable-subject',
    category: 'mutable-subject',
    severity: 'medium',
    title: 'Federated credential subject is name-based and can be recycled',
    why: 'A subject such as repo:contoso/app:… names an owner and a repository; after a rename, transfer or deletion anyone can register the freed name and obtain tokens the credential accepts. The immutable owner@id/repo@id form (GitLab project_id) does not change hands.',
    fix: 'Recreate the credential with the immutable subject (repo:OWNER@OWNER_ID/REPO@REPO_ID:…, or GitLab project_id:…), opt the repository or project in to immutable subjects, verify a run, then delete the name-based credential.',
    references: [
      { title: 'Mutable subjects in federated identity credentials', url: 'https://learn.microsoft.com/entra/workload-id/workload-identities-federated-credential-mutable-subjects' },
      { title: 'GitHub immutable subjects', url: 'https://learn.microsoft.com/entra/workload-id/workload-identities-github-immutable-subjects' },
      { title: 'GitHub Actions OpenID Connect reference', url: 'https://docs.github.com/actions/reference/security/oidc' },
    ],
    requires: ['federatedIdentityCredentials'],
  },
  check({ inventory, facts, report }) {
    const ownerIds = immutableOwnerIds(facts, inventory.federatedCredentials);
    for (const fic of inventory.federatedCredentials) {
      const mutable = mutableName(facts, fic);
      if (mutable === undefined) continue;
      const privilege = ownerPrivilege(inventory, facts, fic);
      const base = privilege.tier <= 1 ? 'medium' : 'low';
      // The tenant already federates with immutable subjects: this one is a leftover, and the fix is known.
      const usesImmutable = mutable.kind.startsWith('github') && ownerIds.size > 0;
      const knownOwnerId = mutable.owner === undefined ? undefined : ownerIds.get(mutable.owner);
      const hint =
        knownOwnerId === undefined ? (usesImmutable ? '; the tenant already uses immutable GitHub subjects elsewhere' : '') : `; the tenant already trusts ${mutable.owner}@${knownOwnerId} elsewhere`;
      const remediation = remediationOf(mutable);
      report({
        subject: ficOwner(inventory, fic).ref,
        severity: usesImmutable ? shiftSeverity(base, 1) : base,
        message: `Federated credential '${fic.name}' on ${describeOwner(inventory, fic)} trusts name-based ${describeTrust(fic)}, which anyone can claim if ${mutable.name} is renamed or deleted${hint}.`,
        related: [ficRelated(fic)],
        evidence: trustEvidence(fic, {
          mutable: mutable.kind,
          name: mutable.name,
          tenantUsesImmutableSubjects: usesImmutable,
          knownOwnerId: knownOwnerId ?? null,
        }),
        key: [fic.name],
        ...(remediation === undefined ? {} : { remediation }),
      });
    }
  },
});

/**
 * Azure DevOps names have no immutable twin on the same issuer: a service connection moves to the Entra issuer
 * (id-based /eid1/… subject); a pipeline-scoped p:// subject belongs to the pipeline, not to any
 * connection (https://learn.microsoft.com/en-us/azure/devops/pipelines/release/troubleshoot-workload-identity).
 */
function remediationOf(mutable: MutableName): string | undefined {
  if (mutable.kind === 'azure-devops-connection') {
    return 'Convert the service connection to the Microsoft Entra issuer, whose subject carries the organization and connection ids (/eid1/…/sc/<org-id>/<connection-id>), verify a pipeline run, then delete this credential.';
  }
  if (mutable.kind === 'azure-devops-pipeline') {
    return 'This pipeline-scoped subject names the organization, project and pipeline: delete the credential as soon as any of them is renamed or deleted (a pipeline created later under the same names mints the same subject), and limit who can create or rename pipelines in the project.';
  }
  return undefined;
}

function mutableName(facts: Pick<RunFacts, 'issuerProvider' | 'unmatchableTrust'>, fic: FederatedCredential): MutableName | undefined {
  const family = facts.issuerProvider(fic.issuer);
  // GHES has no immutable subject form to move to ([S7]); self-hosted unknown issuers are not judged.
  if (family === undefined || family === 'github-enterprise-server' || facts.unmatchableTrust(fic) !== undefined) return undefined;
  const expression = fic.claimsMatchingExpression?.value;
  if (expression === undefined) return providerOf(fic.issuer, fic.subject ?? '', facts.issuerProvider)?.mutable(fic.subject ?? '');
  const parsed = parseClaimsExpression(expression);
  if (!parsed.ok) return undefined;
  // An eq clause on repository_id or repository_owner_id binds immutable ids whatever the sub says ([S5]).
  const pins = immutablePins(parsed.clauses);
  if (family === 'github' && (pins.repository !== undefined || pins.owner !== undefined)) return undefined;
  const sub = parsed.clauses.find((clause) => clause.claim === 'sub')?.value;
  return sub === undefined ? undefined : providerOf(fic.issuer, sub, facts.issuerProvider)?.mutable(sub);
}

function parseSubClause(expression: string): string | undefined {
  const parsed = parseClaimsExpression(expression);
  return parsed.ok ? parsed.clauses.find((clause) => clause.claim === 'sub')?.value : undefined;
}

/** Owner login → id, from every immutable GitHub subject in the tenant (standard or flexible). */
function immutableOwnerIds(facts: Pick<RunFacts, 'issuerProvider'>, fics: readonly FederatedCredential[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const fic of fics) {
    if (facts.issuerProvider(fic.issuer) !== 'github') continue;
    const subject = fic.claimsMatchingExpression === undefined || fic.claimsMatchingExpression === null ? fic.subject : parseSubClause(fic.claimsMatchingExpression.value);
    const repository = parseGitHubSubject(subject ?? '')?.repository;
    if (repository !== undefined && isImmutableRepository(repository) && repository.ownerId !== undefined) ids.set(repository.owner, repository.ownerId);
  }
  return ids;
}
