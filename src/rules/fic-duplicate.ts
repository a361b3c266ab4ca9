import { defineRule } from '../engine/define-rule.js';
import type { RunFacts } from '../engine/facts.js';
import type { FederatedCredential } from '../inventory/model.js';
import { describeOwner } from './util/federation-finding.js';
import { ficOwner, ficRelated } from './util/refs.js';
import { compareText } from '../core/compare-text.js';

// Entra compares issuer and subject byte for byte and case-sensitively ([S9][S10]; whitespace blocks
// the exchange, [S2]), so credentials that differ only by case, surrounding whitespace or a trailing slash are
// variants of which at most one can ever match a token (FIC-DUP-001, inference). Grouping key per owner:
// norm = trim, lowercase, strip trailing slashes; normalisation is used only to group, never in evidence.
// Flexible credentials are left out: two wildcard patterns that differ by case can each match different tokens.

function norm(value: string): string {
  return value.trim().toLowerCase().replace(/\/+$/, '');
}

/** How the raw values of one field differ inside a group: whitespace, trailing slash, case. */
function differences(values: readonly string[]): string[] {
  const found: string[] = [];
  const distinct = (list: readonly string[]): number => new Set(list).size;
  const trimmed = values.map((value) => value.trim());
  if (distinct(trimmed) < distinct(values)) found.push('surrounding whitespace');
  const unslashed = trimmed.map((value) => value.replace(/\/+$/, ''));
  if (distinct(unslashed) < distinct(trimmed)) found.push('trailing slash');
  if (distinct(unslashed.map((value) => value.toLowerCase())) < distinct(unslashed)) found.push('case');
  return found;
}

/** The variant whose issuer is the provider's canonical form and whose subject has no surrounding whitespace. */
function canonicalVariant(facts: Pick<RunFacts, 'issuerVerdict'>, group: readonly FederatedCredential[]): FederatedCredential | undefined {
  const candidates = group.filter((fic) => facts.issuerVerdict(fic.issuer).kind === 'canonical' && fic.subject !== null && fic.subject === fic.subject.trim());
  return candidates.length === 1 ? candidates[0] : undefined;
}

export default defineRule({
  meta: {
    id: 'MIA-2014',
    name: 'fic-duplicate',
    category: 'issuer',
    severity: 'low',
    title: 'Federated credentials differ only by case, whitespace or a trailing slash',
    why: 'Entra matches issuer and subject exactly and case-sensitively, so of several credentials that differ only by case, surrounding whitespace or a trailing slash at most one can ever match; the others are dead weight that hides which trust is real and uses up the 20-credential limit.',
    fix: 'Keep the variant whose issuer and subject match what the provider emits byte for byte (the canonical issuer, the exact sub), verify a run, and delete the other variants.',
    references: [
      { title: 'federatedIdentityCredential resource type (case-sensitive matching)', url: 'https://learn.microsoft.com/graph/api/resources/federatedidentitycredential' },
      { title: 'Federated identity credential considerations', url: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations' },
    ],
    requires: ['federatedIdentityCredentials'],
  },
  check({ inventory, facts, report }) {
    const groups = new Map<string, FederatedCredential[]>();
    for (const fic of inventory.federatedCredentials) {
      const expression = fic.claimsMatchingExpression;
      if ((expression !== undefined && expression !== null) || fic.subject === null) continue;
      const key = `${fic.ownerKey}\n${norm(fic.issuer)}\n${norm(fic.subject)}`;
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [fic]);
      else group.push(fic);
    }
    for (const unsorted of groups.values()) {
      // Nearly every group is one credential: leave those before copying and sorting.
      if (unsorted.length < 2) continue;
      const group = [...unsorted].sort((a, b) => compareText(a.name, b.name));
      const first = group[0];
      if (first === undefined) continue;
      // Identical raw issuer and subject under two names are not variants (both would match); require a real variant.
      if (new Set(group.map((fic) => `${fic.issuer}\n${fic.subject ?? ''}`)).size < 2) continue;
      const issuerDiffs = differences(group.map((fic) => fic.issuer)).map((kind) => `${kind} in the issuer`);
      const subjectDiffs = differences(group.map((fic) => fic.subject ?? '')).map((kind) => `${kind} in the subject`);
      const canonical = canonicalVariant(facts, group);
      const names = group.map((fic) => `'${fic.name}'`).join(', ');
      const verdict =
        canonical === undefined
          ? 'which one matches depends on the exact iss and sub the provider emits'
          : `'${canonical.name}' is the provider's canonical form`;
      report({
        subject: ficOwner(inventory, first).ref,
        message: `Federated credentials ${names} on ${describeOwner(inventory, first)} differ only by ${[...issuerDiffs, ...subjectDiffs].join(' and ')}, so at most one of them can ever match; ${verdict}.`,
        related: group.map((fic) => ficRelated(fic)),
        evidence: {
          names: group.map((fic) => fic.name),
          issuers: group.map((fic) => fic.issuer),
          subjects: group.map((fic) => fic.subject),
          differences: [...issuerDiffs, ...subjectDiffs],
          canonical: canonical?.name ?? null,
        },
        key: group.map((fic) => fic.name),
        ...(canonical === undefined
          ? {}
          : { remediation: `Keep '${canonical.name}', verify a run, then delete ${group.filter((fic) => fic !== canonical).map((fic) => `'${fic.name}'`).join(', ')}.` }),
      });
    }
  },
});
