/** A small hand-made report: one open, one suppressed, one baselined finding, for reporter tests. */
import { CATEGORIES, type Category } from '../../src/engine/categories.js';
import type { AssessedFinding } from '../../src/engine/types.js';
import type { ScanReport } from '../../src/report/model.js';
import { APP_OBJECT_ID, fp, sampleFinding, TENANT, UAMI_ID } from '../policy/sample-findings.js';

export const OPEN: AssessedFinding = { ...sampleFinding({ fingerprint: fp(1) }), status: 'open' };
export const SUPPRESSED: AssessedFinding = {
  ...sampleFinding({ fingerprint: fp(2), severity: 'high', subject: { kind: 'application', id: APP_OBJECT_ID, displayName: 'app-deploy' } }),
  status: 'suppressed',
  suppression: { source: 'config', reason: 'break-glass, reviewed quarterly', expires: '2026-12-31', ticket: 'SEC-42' },
};
export const BASELINED: AssessedFinding = {
  ...sampleFinding({ fingerprint: fp(3), ruleId: 'MIA-3003', rule: 'unused-identity', category: 'unused-identity', severity: 'low', confidence: 'medium' }),
  caveats: ['coverage gap in resources: this verdict may be incomplete'],
  status: 'baselined',
};

export function sampleReport(findings: readonly AssessedFinding[] = [OPEN, SUPPRESSED, BASELINED]): ScanReport {
  const byCategory = Object.fromEntries(CATEGORIES.map((category) => [category, 0])) as Record<Category, number>;
  const bySeverity = { info: 0, low: 0, medium: 0, high: 0, critical: 0 };
  const count = (status: AssessedFinding['status']): number => findings.filter((finding) => finding.status === status).length;
  for (const finding of findings.filter((candidate) => candidate.status === 'open')) {
    bySeverity[finding.severity] += 1;
    byCategory[finding.category] += 1;
  }
  return {
    schemaVersion: 1,
    tool: { name: 'mi-audit', version: '9.9.9' },
    tenantId: TENANT,
    cloud: 'AzureCloud',
    scope: { kind: 'tenant', ids: [] },
    collectedAt: '2026-06-01T00:00:00Z',
    generatedAt: '2026-06-02T00:00:00.000Z',
    failOn: 'high',
    coverage: { complete: true, gaps: [] },
    summary: {
      total: findings.length,
      open: count('open'),
      suppressed: count('suppressed'),
      baselined: count('baselined'),
      bySeverity,
      byCategory,
      identities: { userAssignedIdentity: 1, systemAssignedIdentity: 0, application: 1 },
    },
    findings,
  };
}

/**
 * A report of `count` findings on distinct subjects (open, suppressed and baselined mixed, two rules) and `gaps`
 * coverage gaps, for the streamed reporters: enough to fill many chunks and batches. `onRead` is called each time
 * a finding's remediation is read (only a reporter writing the finding reads it).
 */
export function manyFindingsReport(count: number, gaps: number, onRead: () => void = () => undefined): ScanReport {
  const findings = Array.from({ length: count }, (_, index): AssessedFinding => {
    const base = index % 4 === 3 ? BASELINED : index % 4 === 2 ? SUPPRESSED : OPEN;
    const finding: AssessedFinding = {
      ...base,
      fingerprint: `v1:${index.toString(16).padStart(32, '0')}`,
      severity: index % 3 === 0 ? 'medium' : base.severity,
      subject: { ...base.subject, id: `${UAMI_ID}-${index}`, displayName: `id-<${index}>&"` },
      message: `Finding ${index} of ${count}: Identity 'id-${index}' holds Owner on subscription AAAA.`,
    };
    return new Proxy(finding, {
      get(target, key, receiver): unknown {
        if (key === 'remediation') onRead();
        return Reflect.get(target, key, receiver);
      },
    });
  });
  const report = sampleReport(findings);
  return {
    ...report,
    coverage: { complete: gaps === 0, gaps: Array.from({ length: gaps }, (_, index) => ({ source: 'roleAssignments', scope: `/subscriptions/${index}`, reason: `403 <${index}>` })) },
  };
}
