import { defineRule } from '../engine/define-rule.js';
import type { Severity } from '../engine/severity.js';
import type { RelatedRef } from '../inventory/model.js';
import { breadthLabel } from './util/breadth-matrix.js';
import { describeGrants, describeOwner, describeTrust, grantRelated, ownerPrivilege, trustEvidence } from './util/federation-finding.js';
import { tierLabel } from './util/privilege.js';
import { SPACELIFT } from './providers/spacelift.js';
import { TERRAFORM_CLOUD } from './providers/terraform-cloud.js';
import { ficOwner, ficRelated } from './util/refs.js';
import { acceptsSubject, planPhaseTrust } from './util/run-phase.js';

// A read-only CI phase (Terraform Cloud plan, Spacelift scope:read / run_type:PROPOSED) runs for pull requests and
// speculative plans, so it must not carry write access ([S16] (secondary), [S21] (secondary),
// FIC-PHASE-001).
//
// One root cause, one finding: a plan subject pinned to one workspace or stack is one context (B2), so broad-subject
// stays silent on it; this rule reports WHAT the phase holds: it fires only when the owner is write-capable (T0/T1)
// and asks for a phase split, not a narrower subject (a plan subject cannot be narrowed). Its evidence carries the
// breadth label.
// Grading: critical on T0, high on T1; medium when a separate credential on the same identity trusts the apply
// phase of the same workspace or stack (the documented single-identity setup: the write grant is there for apply,
// the fix is the split, and the exposure is already graded by broad-subject). A flexible `run_phase:*` admits both
// phases in one credential and keeps the T0/T1 grade.

const REMEDIATION = {
  'terraform-cloud':
    'Give the plan phase its own identity with Reader plus the list actions plan needs (TFC_AZURE_PLAN_CLIENT_ID), keep write roles on the apply identity (TFC_AZURE_APPLY_CLIENT_ID, run_phase:apply), then delete this credential.',
  spacelift:
    'Trust scope:read and PROPOSED runs only on a read-only identity, keep write roles on the identity trusted by TRACKED scope:write runs, then delete this credential.',
} as const;

export default defineRule({
  meta: {
    id: 'MIA-2021',
    name: 'plan-phase-write',
    category: 'broad-subject',
    severity: 'high',
    title: 'Read-only CI phase is trusted by a write-capable identity',
    why: 'Terraform Cloud mints plan-phase tokens for speculative plans of pull requests, and Spacelift read-scope and PROPOSED runs are pull-request runs; when that phase can become a write-capable identity, anyone who can trigger a plan can change Azure.',
    fix: 'Split plan and apply identities (TFC_AZURE_PLAN_CLIENT_ID / TFC_AZURE_APPLY_CLIENT_ID, or Spacelift read/write scopes on separate identities); give the plan identity Reader plus the specific list actions only.',
    references: [
      { title: 'HCP Terraform dynamic credentials with Azure', url: 'https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/azure-configuration' },
      { title: 'Spacelift OIDC integration', url: 'https://docs.spacelift.io/integrations/cloud-providers/oidc' },
    ],
    requires: ['federatedIdentityCredentials', 'roleAssignments', 'roleDefinitions', 'appRoleAssignments', 'directoryRoles'],
  },
  check({ inventory, facts, report }) {
    for (const fic of inventory.federatedCredentials) {
      const trust = planPhaseTrust(fic, facts.issuerProvider);
      if (trust === undefined || facts.unmatchableTrust(fic) !== undefined) continue;
      const privilege = ownerPrivilege(inventory, facts, fic);
      if (privilege.tier > 1) continue;
      const applySubject = trust.applySubject;
      const applyFic =
        applySubject === undefined
          ? undefined
          : inventory.ficsOf(fic.ownerKey).find((other) => other.id !== fic.id && other.issuer === fic.issuer && acceptsSubject(other, applySubject));
      const severity: Severity = applyFic !== undefined ? 'medium' : privilege.tier === 0 ? 'critical' : 'high';
      const platform = trust.platform === 'terraform-cloud' ? TERRAFORM_CLOUD.label : SPACELIFT.label;
      const shared =
        applyFic !== undefined
          ? `; its apply phase is trusted by '${applyFic.name}' on the same identity, so plan and apply share one write-capable identity`
          : trust.admitsApply
            ? '; the same credential also admits the apply phase'
            : '';
      const related: RelatedRef[] = [ficRelated(fic)];
      if (applyFic !== undefined) related.push({ ...ficRelated(applyFic), relation: 'applyCredential' });
      report({
        subject: ficOwner(inventory, fic).ref,
        severity,
        message: `Federated credential '${fic.name}' on ${describeOwner(inventory, fic)} trusts the read-only ${platform} ${trust.phase} phase of ${trust.target} (${describeTrust(fic)}), but the identity can write (${tierLabel(privilege.tier)}: ${describeGrants(privilege)})${shared}.`,
        related: [...related, ...grantRelated(privilege)],
        evidence: trustEvidence(fic, {
          platform: trust.platform,
          target: trust.target,
          phase: trust.phase,
          flexible: trust.flexible,
          admitsApply: trust.admitsApply,
          applyCredential: applyFic?.name ?? null,
          applySubject: applyFic?.subject ?? null,
          breadth: breadthLabel(facts.subjectBreadth(fic).breadth),
          tier: tierLabel(privilege.tier),
          grants: privilege.grants.slice(0, 5).map((grant) => grant.label),
        }),
        key: [fic.name],
        remediation: REMEDIATION[trust.platform],
      });
    }
  },
});
