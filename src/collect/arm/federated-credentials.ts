/** FICs of one user-assigned identity, read from the raw body with a preview api-version (claimsMatchingExpression). */
import type { SnapshotFederatedCredential, SnapshotUserAssignedIdentity } from '../../snapshot/schema.js';
import type { ArmClients } from './clients.js';
import { listRaw } from './raw-pages.js';
import { identityFicFromWire } from './wire-mapping.js';

export async function listIdentityFics(clients: ArmClients, identity: SnapshotUserAssignedIdentity): Promise<SnapshotFederatedCredential[]> {
  const client = await clients.federatedCredentials(identity.subscriptionId);
  const raw = await listRaw((options) => client.federatedIdentityCredentials.list(identity.resourceGroup, identity.name, options));
  return raw.map((item) => identityFicFromWire(item, identity.id)).filter((fic): fic is SnapshotFederatedCredential => fic !== undefined);
}
