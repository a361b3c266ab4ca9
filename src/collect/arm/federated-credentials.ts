/** FICs of one user-assigned identity (raw body, preview api-version: claimsMatchingExpression). */
import type { SnapshotFederatedCredential, SnapshotUserAssignedIdentity } from '../../snapshot/schema.js';
import { listAll } from '../http/pager.js';
import type { ServiceHttp } from '../http/service-http.js';
import { API, armUrl } from './api-versions.js';
import { identityFicFromWire } from './wire-mapping.js';

export async function listIdentityFics(arm: ServiceHttp, identity: SnapshotUserAssignedIdentity): Promise<SnapshotFederatedCredential[]> {
  const raw = await listAll(arm, armUrl(`${identity.id}/federatedIdentityCredentials`, API.federatedCredentials));
  return raw.map((item) => identityFicFromWire(item, identity.id)).filter((fic): fic is SnapshotFederatedCredential => fic !== undefined);
}
