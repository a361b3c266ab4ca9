/**
 * App registrations with credential metadata, owners and FICs, in two lists of up to 999 per page: one expanding
 * `owners`, one expanding `federatedIdentityCredentials` from Graph **beta**, the only version with
 * claimsMatchingExpression (https://learn.microsoft.com/graph/api/application-list-federatedidentitycredentials). Both relationships support `$expand` on the list
 * (https://learn.microsoft.com/graph/api/resources/application#relationships).
 */
import type { SnapshotApplication, SnapshotFederatedCredential } from '../../snapshot/schema.js';
import { ficFields } from '../arm/wire-mapping.js';
import type { RetrySettings } from '../http/retry-decision.js';
import { asObject, stringAt } from '../json.js';
import type { GraphApi } from './client.js';
import { listWithExpansion } from './expanded-list.js';
import { APPLICATION_FIELDS, applicationFromWire, directoryObjectFromWire } from './wire-mapping.js';

/** Every application with its owners (typed directory objects). */
export async function listApplicationsWithOwners(api: GraphApi, retry: RetrySettings): Promise<SnapshotApplication[]> {
  const listed = await listWithExpansion(api, '/applications', `$select=${APPLICATION_FIELDS}`, 'owners', { version: 'v1.0', retry }, {
    item: (raw) => applicationFromWire(raw, []),
    related: directoryObjectFromWire,
  });
  return [...listed.values()].map(({ value, related }) => ({ ...value, owners: [...related] }));
}

/** The FICs of every application (the caller keeps those of the applications it listed). */
export async function listApplicationFics(api: GraphApi, retry: RetrySettings): Promise<SnapshotFederatedCredential[]> {
  const listed = await listWithExpansion(api, '/applications', '$select=id', 'federatedIdentityCredentials', { version: 'beta', retry }, {
    item: (raw) => stringAt(raw, 'id'),
    related: (raw) => raw,
  });
  return [...listed.values()].flatMap(({ value: applicationId, related }) =>
    related.flatMap((item) => {
      const id = stringAt(item, 'id');
      const name = stringAt(item, 'name');
      return id === undefined || name === undefined ? [] : [ficFields(id, name, { kind: 'application', id: applicationId }, asObject(item))];
    }),
  );
}
