/**
 * Last sign-ins of the collected service principals, from Microsoft Graph **beta**
 * `GET /reports/servicePrincipalSignInActivities` (all pages), kept only for the appIds collection already holds.
 * https://learn.microsoft.com/graph/api/reportroot-list-serviceprincipalsigninactivities?view=graph-rest-beta
 * Needs AuditLog.Read.All and Entra ID P1/P2: a 403 is a coverage gap (`signInActivity`), not a failure. The
 * report exists in the global service only (see the page's national cloud availability). A date-time Graph sends that does not parse (the doc
 * examples have `-8:00` offsets) is kept as null, never a crash.
 */
import type { SnapshotSignInActivity } from '../../snapshot/schema.js';
import { objectAt, stringAt } from '../json.js';
import type { GraphApi } from './client.js';
import { listAllPages } from './paging.js';

export const SIGN_IN_ACTIVITY_PATH = '/reports/servicePrincipalSignInActivities';

export async function readSignInActivity(api: GraphApi, appIds: readonly string[]): Promise<SnapshotSignInActivity[]> {
  const wanted = new Set(appIds.map((appId) => appId.toLowerCase()));
  const items = await listAllPages(api, SIGN_IN_ACTIVITY_PATH, 'beta');
  return items.flatMap((item) => {
    const appId = stringAt(item, 'appId');
    if (appId === undefined || !wanted.has(appId.toLowerCase())) return [];
    return [
      {
        appId,
        lastSignInDateTime: dateTimeIn(item, 'lastSignInActivity'),
        lastAppOnlyClientSignInDateTime: dateTimeIn(item, 'applicationAuthenticationClientSignInActivity'),
      },
    ];
  });
}

/** `{…, key: {lastSignInDateTime}}` → the date-time when it parses, else null. */
function dateTimeIn(item: unknown, key: string): string | null {
  const value = stringAt(objectAt(item, key), 'lastSignInDateTime');
  return value === undefined || Number.isNaN(Date.parse(value)) ? null : value;
}
