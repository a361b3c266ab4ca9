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
import { compareText } from '../core/compare-text.js';

type Risk = Omit<IdentityRecord['risk'], 'rank'>;

/**
 * An identity in rank order, with what its record's `risk` and the document's summary need. The record's `risk`
 * object (`{ rank, ...risk }`) is made when the record is built: ranking keeps one small object per identity.
 */
export interface RankedIdentity {
  readonly seed: WorkloadIdentity;
  readonly key: string;
  readonly name: string;
  readonly risk: Risk;
  /** How many grants its record lists. */
  readonly grants: number;
}

/**
 * The identities sorted by risk, riskiest first (rank = index + 1), without building a record: worst open
 * severity among the identity's findings (`findingsFor(seed.key)`, without a status = open), best tier among its
 * grants (T3 when none has a known tier) and widest breadth among its federated credentials (0 without one) — the
 * values its record shows in `grants[].tier`, `trust[].breadth` and `findings`.
 */
export function rankIdentities(
  inventory: Inventory,
  facts: Pick<RunFacts, 'roleReach' | 'subjectBreadth'>,
  seeds: readonly WorkloadIdentity[],
  findingsFor: (key: string) => readonly (Finding | AssessedFinding)[],
): RankedIdentity[] {
  const ranked = seeds.map((seed): RankedIdentity => {
    const reach = grantReachOf(inventory, facts, seed.principalId);
    let trustBreadth: Risk['trustBreadth'] = 0;
    for (const fic of inventory.ficsOf(seed.key)) {
      const breadth = facts.subjectBreadth(fic).breadth;
      if (breadth > trustBreadth) trustBreadth = breadth;
    }
    const risk: Risk = { worstOpenSeverity: worstOpen(findingsFor(seed.key)), tier: reach.tier, trustBreadth };
    return { seed, key: seed.key, name: seed.displayName, risk, grants: reach.grants };
  });
  // Sorted in place and kept: a second array of entries with their rank would live for the whole export too.
  return ranked.sort(compareByRisk);
}

/** The record's `risk`: every field named (a spread gives each object its own hidden class in Node 20's V8). */
export function riskWithRank(entry: RankedIdentity, rank: number): IdentityRecord['risk'] {
  return { rank, worstOpenSeverity: entry.risk.worstOpenSeverity, tier: entry.risk.tier, trustBreadth: entry.risk.trustBreadth };
}

function worstOpen(findings: readonly (Finding | AssessedFinding)[]): Severity | null {
  let worst: Severity | null = null;
  for (const finding of findings) {
    if (statusOf(finding) === 'open' && (worst === null || severityRank(finding.severity) > severityRank(worst))) worst = finding.severity;
  }
  return worst;
}

export function compareByRisk(a: { readonly risk: Risk; readonly name: string; readonly key: string }, b: { readonly risk: Risk; readonly name: string; readonly key: string }): number {
  return (
    severityOf(b.risk) - severityOf(a.risk) ||
    a.risk.tier - b.risk.tier ||
    b.risk.trustBreadth - a.risk.trustBreadth ||
    compareText(a.name, b.name) ||
    compareText(a.key, b.key)
  );
}

// Module level, not a closure inside compareByRisk: the sort calls it ~500,000 times on the 100k tenant.
function severityOf(risk: Risk): number {
  return risk.worstOpenSeverity === null ? -1 : severityRank(risk.worstOpenSeverity);
}
