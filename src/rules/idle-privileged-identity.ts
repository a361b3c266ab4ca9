import { defineRule } from '../engine/define-rule.js';
import { describeWorkload } from './util/refs.js';
import { tierLabel } from './util/privilege.js';
import { lastSignInOf } from './util/sign-in.js';

// A privileged identity that has not signed in for a quarter is standing access nobody exercises: removing it
// breaks nothing that ran recently, and keeping it leaves T0/T1 reach to whoever can become it (privilege tiers:
// ). Only a *recorded* last sign-in counts: the Graph report may lack managed identities or was not
// readable (AuditLog.Read.All, Entra ID P1/P2), and no record is unknown, never "idle".
const IDLE_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export default defineRule({
  meta: {
    id: 'MIA-3009',
    name: 'idle-privileged-identity',
    category: 'unused-identity',
    severity: 'medium',
    title: 'Privileged workload identity has not signed in for more than 90 days',
    why: 'Access that has not been used for a quarter is access nobody needs, yet it stays valid: anyone who can become the identity (a federated workload, a controller, a compromised host) inherits its tier-0 or tier-1 reach.',
    fix: 'Confirm with the owner that the identity is no longer used, then remove its privileged role assignments, permissions and directory roles, or delete the identity.',
    references: [
      { title: 'List servicePrincipalSignInActivities (Microsoft Graph beta)', url: 'https://learn.microsoft.com/graph/api/reportroot-list-serviceprincipalsigninactivities?view=graph-rest-beta' },
      { title: 'Usage and insights in Microsoft Entra ID (service principal sign-in activity)', url: 'https://learn.microsoft.com/entra/identity/monitoring-health/concept-usage-insights-report' },
    ],
    requires: ['signInActivity', 'roleAssignments', 'appRoleAssignments', 'directoryRoles'],
  },
  check({ inventory, facts, now, report }) {
    for (const workload of inventory.workloadIdentities) {
      const last = lastSignInOf(inventory, workload.clientId);
      if (last === undefined) continue;
      const days = Math.floor((now.getTime() - last.epochMs) / DAY_MS);
      if (days <= IDLE_DAYS) continue;
      const privilege = facts.privilegeOf(workload.principalId);
      const strongest = privilege.grants[0];
      if (privilege.tier > 1 || strongest === undefined) continue;
      report({
        subject: workload.ref,
        severity: privilege.tier === 0 ? 'high' : 'medium',
        message: `${describeWorkload(workload)} last signed in ${days} days ago (${last.dateTime}) yet still holds ${tierLabel(privilege.tier)} access: ${strongest.label}.`,
        related: privilege.grants.filter((grant) => grant.tier <= 1).map((grant) => grant.ref),
        evidence: {
          lastSignIn: last.dateTime,
          daysSinceSignIn: days,
          idleThresholdDays: IDLE_DAYS,
          privilegeTier: tierLabel(privilege.tier),
          privilegedGrants: privilege.grants.filter((grant) => grant.tier <= 1).map((grant) => grant.label),
        },
      });
    }
  },
});
