/** Hand-made findings and rule metadata for policy and reporter tests (no rule needs to run). */
import type { Severity } from '../../src/engine/severity.js';
import type { Finding, RuleMeta } from '../../src/engine/types.js';

export const TENANT = '11111111-2222-4333-8444-555555555555';
export const UAMI_ID = '/subscriptions/AAAA/resourceGroups/RG-Prod/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-deploy';
export const APP_OBJECT_ID = '9E57DD82-C921-4468-8C83-627F1379F5B0';

export const CATALOG: readonly RuleMeta[] = [
  {
    id: 'MIA-1001',
    name: 'privileged-role',
    category: 'privileged-role',
    severity: 'critical',
    title: 'Workload identity holds a role that can grant access',
    why: 'It can give itself or anyone any access.',
    fix: 'Replace the role with a narrower one.',
    references: [{ title: 'Azure RBAC best practices', url: 'https://learn.microsoft.com/azure/role-based-access-control/best-practices' }],
    requires: ['roleAssignments'],
  },
  {
    id: 'MIA-3003',
    name: 'unused-identity',
    category: 'unused-identity',
    severity: 'low',
    title: 'User-assigned identity is attached to nothing',
    why: 'Unused identities keep their access.',
    fix: 'Delete it.',
    references: [],
    requires: ['resources'],
  },
];

export function sampleFinding(overrides: Partial<Finding> & { readonly fingerprint: string }): Finding {
  const severity: Severity = overrides.severity ?? 'critical';
  return {
    ruleId: 'MIA-1001',
    rule: 'privileged-role',
    category: 'privileged-role',
    severity,
    confidence: 'high',
    title: 'Workload identity holds a role that can grant access',
    message: "Identity 'id-deploy' holds Owner on subscription AAAA.",
    subject: { kind: 'userAssignedIdentity', id: UAMI_ID, displayName: 'id-deploy' },
    related: [{ relation: 'role', kind: 'roleDefinition', id: '/providers/Microsoft.Authorization/roleDefinitions/8e3af657', displayName: 'Owner' }],
    evidence: { role: 'Owner', scopeLevel: 'subscription' },
    remediation: 'Replace the role with a narrower one.',
    references: [],
    caveats: [],
    ...overrides,
  };
}

/** `v1:` + 32 hex characters built from a digit, so tests read which finding is which. */
export function fp(digit: number): string {
  return `v1:${String(digit).repeat(32).slice(0, 32)}`;
}
