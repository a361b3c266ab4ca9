/**
 * Resource Graph answers a query over several subscriptions with the rows of those the caller can read and silently
 * leaves out the others: no error, no marker ("without at least read permissions to the Azure object or object
 * group, results aren't returned",
 * https://learn.microsoft.com/azure/governance/resource-graph/overview#permissions-in-azure-resource-graph).
 * A subscription that returned no row AND whose role-assignment list was refused (403) was not visible, not empty:
 * its resources and identities become coverage gaps instead of reads, so no rule calls anything in it absent.
 * Returns the subscription ids so recorded.
 */
import type { CoverageRecorder } from '../coverage.js';

const INVENTORY_SOURCES = ['resources', 'userAssignedIdentities'] as const;

export function recordSilentOmissions(
  coverage: CoverageRecorder,
  subscriptionIds: readonly string[],
  rows: readonly { readonly subscriptionId: string }[],
): string[] {
  const rowSubscriptionIds = new Set(rows.map((row) => row.subscriptionId.toLowerCase()));
  const omitted = subscriptionIds.filter((id) => {
    if (rowSubscriptionIds.has(id.toLowerCase())) return false;
    const scope = `/subscriptions/${id}`.toLowerCase();
    return coverage.gaps.some((gap) => gap.source === 'roleAssignments' && gap.scope.toLowerCase() === scope && gap.status === 403);
  });
  for (const id of omitted) {
    const scope = `/subscriptions/${id}`;
    for (const source of INVENTORY_SOURCES) {
      const index = coverage.read.findIndex((entry) => entry.source === source && entry.scope.toLowerCase() === scope.toLowerCase());
      if (index >= 0) coverage.read.splice(index, 1);
      coverage.gap({
        source,
        scope,
        reason: 'Resource Graph returned no row for this subscription and its role assignments answered 403: not readable, so nothing in it is known to be absent',
        status: 403,
      });
    }
  }
  return omitted;
}
