import { canonicalGuid } from '../azure/ids.js';
import type { AppRoleAssignment, Inventory, RelatedRef, ServicePrincipal } from '../inventory/model.js';
import { defineRule } from '../engine/define-rule.js';
import type { Confidence, Severity } from '../engine/severity.js';
import {
  GRAPH_TIER0_DIRECT,
  MICROSOFT_GRAPH_APP_ID,
  graphPermissionName,
  graphPermissionTier,
  isHighTier1GraphPermission,
} from './util/graph-permissions.js';
import { describeWorkload } from './util/refs.js';

/**
 * GRAPH-001 / GRAPH-002 ([S31][S35]): a Microsoft Graph application permission (app role
 * assignment on the Graph service principal) of tier 0 (critical) or tier 1 (high for writes and tenant-wide
 * mail/files/sites/chat, medium otherwise). Tier-2 reads such as User.Read.All and Group.Read.All stay silent,
 * as do app roles of other APIs. The resource must resolve to the Graph service principal (appId
 * 00000003-0000-0000-c000-000000000000); when the snapshot lacks that service principal but Graph named itself
 * as the resource, the finding is kept with medium confidence.
 */
export default defineRule({
  meta: {
    id: 'MIA-1005',
    name: 'graph-permission',
    category: 'graph-permission',
    severity: 'critical',
    title: 'Workload identity holds a privileged Microsoft Graph application permission',
    why: 'Application permissions apply to the whole tenant without a signed-in user. Tier-0 permissions lead directly or in one step to Global Administrator; tier-1 permissions read or change all mail, files, sites or directory data.',
    fix: 'Remove the application permission, or replace it with a resource-scoped alternative (Sites.Selected, Exchange application RBAC, administrative-unit scoped roles). Keep identities that truly need tier-0 Graph access isolated and owned by the identity team.',
    references: [
      { title: 'Microsoft Graph permissions reference', url: 'https://learn.microsoft.com/graph/permissions-reference' },
      { title: 'Managed identities FAQ: permissions', url: 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identities-faq' },
      { title: 'AzTier: tiered Microsoft Graph application permissions', url: 'https://github.com/emiliensocchi/azure-tiering' },
    ],
    requires: ['appRoleAssignments', 'servicePrincipals'],
  },
  check({ inventory, report }) {
    for (const workload of inventory.workloadIdentities) {
      if (workload.principalId === undefined) continue;
      for (const grant of inventory.appRoleAssignmentsOf(workload.principalId)) {
        const resource = inventory.servicePrincipal(grant.resourceId);
        const confidence = graphConfidence(resource, grant);
        if (confidence === undefined) continue;
        const tier = graphPermissionTier(grant.appRoleId);
        if (tier === 2) continue;
        const name = graphPermissionName(grant.appRoleId) ?? grant.appRoleId;
        const severity: Severity = tier === 0 ? 'critical' : isHighTier1GraphPermission(name) ? 'high' : 'medium';
        const path = tier === 0 ? (GRAPH_TIER0_DIRECT.has(canonicalGuid(grant.appRoleId)) ? 'direct' : 'indirect') : null;
        report({
          subject: workload.ref,
          severity,
          ...(confidence === 'high' ? {} : { confidence }),
          message:
            tier === 0
              ? `${describeWorkload(workload)} holds the tier-0 Microsoft Graph application permission ${name}, ${path === 'direct' ? 'a direct' : 'an indirect'} path to Global Administrator.`
              : `${describeWorkload(workload)} holds the tier-1 Microsoft Graph application permission ${name}.`,
          related: graphRelated(inventory, grant, name),
          evidence: {
            permission: name,
            appRoleId: grant.appRoleId,
            tier,
            pathToGlobalAdmin: path,
            resourceAppId: resource?.appId ?? null,
            resourceDisplayName: resource?.displayName ?? grant.resourceDisplayName ?? null,
            grantedAt: grant.createdDateTime ?? null,
          },
          key: [canonicalGuid(grant.appRoleId)],
        });
      }
    }
  },
});

/** high when the resource is the Graph service principal; medium when only its display name says so. */
function graphConfidence(resource: ServicePrincipal | undefined, grant: AppRoleAssignment): Confidence | undefined {
  if (resource !== undefined) return canonicalGuid(resource.appId) === MICROSOFT_GRAPH_APP_ID ? 'high' : undefined;
  return grant.resourceDisplayName === 'Microsoft Graph' ? 'medium' : undefined;
}

function graphRelated(inventory: Inventory, grant: AppRoleAssignment, name: string): RelatedRef[] {
  const resource = inventory.servicePrincipal(grant.resourceId);
  return [
    { relation: 'appRoleAssignment', kind: 'appRoleAssignment', id: grant.id, displayName: name },
    {
      relation: 'resourceApi',
      kind: 'servicePrincipal',
      id: grant.resourceId,
      displayName: resource?.displayName ?? grant.resourceDisplayName ?? 'Microsoft Graph',
    },
  ];
}
