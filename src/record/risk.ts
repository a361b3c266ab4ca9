/**
 * Risk order of identity records: worst open finding severity first, then privilege tier (T0 first), then
 * trust breadth (B4 first), then name and key so that the order is total and stable. The rank is computed from
 * the sources (findings, grant tiers, credential breadths) before any record is built, so that an export can
 * build and write one record at a time in rank order.
 */
import type { RunFacts } from '../engine/facts.js';
import { severityRank, type Severity } from '../engine/severity.js';
import type { AssessedFinding, Finding } from '../engine/types.js';
import type { Inventory, WorkloadIdentity } from '../inventory/model.js';
import { statusOf } from './findings.js';
import { grantReachOf } from './grants.js';
import type { IdentityRecord } from './schema.js';

type Risk = Omit<IdentityRecord['risk'], 'rank'>;

/** An identity in rank order, with what its record's `risk` and the document's summary need. */
export interface RankedIdentity {
  readonly seed: WorkloadIdentity;
  readonly risk: IdentityRecord['risk'];
  /** How many grants its record lists. */
  readonly grants: number;
}

/**
 * The identities sorted by risk, rank 1 = riskiest, without building a record: worst open severity among the
 * identity's findings (`findingsFor(seed.key)`, without a status = open), best tier among its grants (T3 when
 * none has a known tier) and widest breadth among its federated credentials (0 without one) — the values its
 * record shows in `grants[].tier`, `trust[].breadth` and `findings`.
 */
export function rankIdentities(
  inventory: Inventory,
  facts: Pick<RunFacts, 'privilegeOf' | 'subjectBreadth'>,
  seeds: readonly WorkloadIdentity[],
  findingsFor: (key: string) => readonly (Finding | AssessedFinding)[],
): RankedIdentity[] {
  const unranked = seeds.map((seed) => {
    const reach = grantReachOf(inventory, facts, seed.principalId);
    const trustBreadth = inventory.ficsOf(seed.key).reduce<Risk['trustBreadth']>((widest, fic) => {
      const breadth = facts.subjectBreadth(fic).breadth;
      return breadth > widest ? breadth : widest;
    }, 0);
    const risk: Risk = { worstOpenSeverity: worstOpen(findingsFor(seed.key)), tier: reach.tier, trustBreadth };
    return { seed, key: seed.key, name: seed.displayName, risk, grants: reach.grants };
  });
  unranked.sort(compareByRisk);
  // Every field named, not `{ rank, ...entry.risk }`: Node 20's V8 gives each object a spread makes its own hidden
  // class (~500 bytes), and these live for the whole export (35,000 on the 100k-assignment tenant).
  return unranked.map((entry, index) => ({
    seed: entry.seed,
    risk: { rank: index + 1, worstOpenSeverity: entry.risk.worstOpenSeverity, tier: entry.risk.tier, trustBreadth: entry.risk.trustBreadth },
    grants: entry.grants,
  }));
}

function worstOpen(findings: readonly (Finding | AssessedFinding)[]): Severity | null {
  let worst: Severity | null = null;
  for (const finding of findings) {
    if (statusOf(finding) === 'open' && (worst === null || severityRank(finding.severity) > severityRank(worst))) worst = finding.severity;
  }
  return worst;
}

export function compareByRisk(a: { readonly risk: Risk; readonly name: string; readonly key: string }, b: { readonly risk: Risk; readonly name: string; readonly key: string }): number {
  const severity = (risk: Risk): number => (risk.worstOpenSeverity === null ? -1 : severityRank(risk.worstOpenSeverity));
  return (
    severity(b.risk) - severity(a.risk) ||
    a.risk.tier - b.risk.tier ||
    b.risk.trustBreadth - a.risk.trustBreadth ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}
