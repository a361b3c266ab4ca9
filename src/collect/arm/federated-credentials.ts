/** FICs of one user-assigned identity (raw body, preview api-version: claimsMatchingExpression). */
import type { SnapshotFederatedCredential, SnapshotUserAssignedIdentity } from '../../snapshot/schema.js';
import { listMapped } from '../http/pager.js';
import type { ServiceHttp } from '../http/service-http.js';
import { API, armUrl } from './api-versions.js';
import { identityFicFromWire } from './wire-mapping.js';

export function listIdentityFics(arm: ServiceHttp, identity: SnapshotUserAssignedIdentity): Promise<SnapshotFederatedCredential[]> {
  return listMapped(arm, armUrl(`${identity.id}/federatedIdentityCredentials`, API.federatedCredentials), (item) => identityFicFromWire(item, identity.id));
}
