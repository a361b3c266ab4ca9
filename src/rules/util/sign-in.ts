/**
 * The recorded last sign-in of a workload identity's service principal, from the optional `signInActivity`
 * snapshot list (Microsoft Graph beta reports/servicePrincipalSignInActivities,
 * https://learn.microsoft.com/graph/api/reportroot-list-serviceprincipalsigninactivities?view=graph-rest-beta).
 * Undefined means unknown: the report was not read, had no row for this appId, or held no parsable date.
 * Whether managed identities appear in that report is not documented, so absence never means "never signed in".
 */
import type { Inventory } from '../../inventory/model.js';

export interface LastSignIn {
  /** ISO 8601 date-time as Graph sent it. */
  readonly dateTime: string;
  /** Milliseconds since the epoch, for comparisons. */
  readonly epochMs: number;
}

export function lastSignInOf(inventory: Inventory, appId: string | undefined): LastSignIn | undefined {
  if (appId === undefined) return undefined;
  const activity = inventory.signInActivityOf(appId);
  if (activity === undefined) return undefined;
  let latest: LastSignIn | undefined;
  for (const dateTime of [activity.lastSignInDateTime, activity.lastAppOnlyClientSignInDateTime]) {
    if (typeof dateTime !== 'string') continue;
    const epochMs = Date.parse(dateTime);
    if (Number.isNaN(epochMs)) continue;
    if (latest === undefined || epochMs > latest.epochMs) latest = { dateTime, epochMs };
  }
  return latest;
}
