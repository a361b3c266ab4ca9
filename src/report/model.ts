/**
 * Findings report v1: the public JSON contract (docs/json-contract.md). Adding a field is fine; renaming or
 * removing one needs schemaVersion 2. Reporters render only this model.
 */
import { CATEGORIES, type Category } from '../engine/categories.js';
import { SEVERITIES, type Severity } from '../engine/severity.js';
import type { AssessedFinding, Finding, FindingStatus } from '../engine/types.js';
import type { CoverageGap, Inventory, ScanScope } from '../inventory/model.js';
import { assessFinding } from '../engine/assessed.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface ScanReport {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly tool: { readonly name: 'mi-audit'; readonly version: string };
  readonly tenantId: string;
  readonly cloud: string;
  readonly scope: ScanScope;
  /** When the data was collected (from the snapshot). */
  readonly collectedAt: string;
  /** When this report was produced. */
  readonly generatedAt: string;
  readonly failOn: Severity | 'none';
  readonly coverage: { readonly complete: boolean; readonly gaps: readonly CoverageGap[] };
  readonly summary: {
    /** Every finding in `findings`, whatever its status. */
    readonly total: number;
    /** By status; open + suppressed + baselined = total. Only open findings trip the gate. */
    readonly open: number;
    readonly suppressed: number;
    readonly baselined: number;
    /** Open findings only, so that the counts match what the gate sees. */
    readonly bySeverity: Readonly<Record<Severity, number>>;
    /** Open findings only. */
    readonly byCategory: Readonly<Record<Category, number>>;
    /** Workload identities examined, by kind. */
    readonly identities: Readonly<Record<'userAssignedIdentity' | 'systemAssignedIdentity' | 'application', number>>;
  };
  readonly findings: readonly AssessedFinding[];
}

export function buildReport(input: {
  inventory: Inventory;
  /** After policy; a finding without a status (raw engine output) is open. */
  findings: readonly (Finding | AssessedFinding)[];
  version: string;
  generatedAt: Date;
  failOn: Severity | 'none';
}): ScanReport {
  const { inventory } = input;
  const findings = input.findings.map((finding): AssessedFinding => ('status' in finding ? finding : assessFinding(finding, 'open')));
  const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  const byCategory = Object.fromEntries(CATEGORIES.map((category) => [category, 0])) as Record<Category, number>;
  const byStatus: Record<FindingStatus, number> = { open: 0, suppressed: 0, baselined: 0 };
  for (const finding of findings) {
    byStatus[finding.status] += 1;
    if (finding.status !== 'open') continue;
    bySeverity[finding.severity] += 1;
    byCategory[finding.category] += 1;
  }
  const identities = { userAssignedIdentity: 0, systemAssignedIdentity: 0, application: 0 };
  for (const workload of inventory.workloadIdentities) identities[workload.kind] += 1;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'mi-audit', version: input.version },
    tenantId: inventory.tenantId,
    cloud: inventory.cloud,
    scope: inventory.scope,
    collectedAt: inventory.collectedAt,
    generatedAt: input.generatedAt.toISOString(),
    failOn: input.failOn,
    coverage: { complete: inventory.coverage.complete, gaps: inventory.coverage.gaps },
    summary: { total: findings.length, ...byStatus, bySeverity, byCategory, identities },
    findings,
  };
}
