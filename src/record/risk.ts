/**
 * Risk order of identity records: worst open finding severity first, then privilege tier (T0 first), then
 * trust breadth (B4 first), then name and key so that the order is total and stable.
 */
import { severityRank, type Severity } from '../engine/severity.js';
import type { Grant, IdentityRecord, RecordFinding, Tier, TrustEntry } from './schema.js';

type Risk = Omit<IdentityRecord['risk'], 'rank'>;

export function riskOf(grants: readonly Grant[], trust: readonly TrustEntry[], findings: readonly RecordFinding[]): Risk {
  let worst: Severity | null = null;
  for (const finding of findings) {
    if (finding.status === 'open' && (worst === null || severityRank(finding.severity) > severityRank(worst))) worst = finding.severity;
  }
  const tier = grants.reduce<Tier>((best, grant) => (grant.tier !== null && grant.tier < best ? grant.tier : best), 3);
  const trustBreadth = trust.reduce<Risk['trustBreadth']>((widest, entry) => (entry.breadth > widest ? entry.breadth : widest), 0);
  return { worstOpenSeverity: worst, tier, trustBreadth };
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
