/**
 * Federated identity credentials added, removed or changed. Issuer, subject, audiences and the flexible
 * claimsMatchingExpression are compared verbatim: Entra matches them case-sensitively, so a change of case is
 * a change of who can sign in (https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations).
 */
import { canonicalArmId, canonicalGuid, parseArmId } from '../azure/ids.js';
import type { FederatedCredential, Inventory } from '../inventory/model.js';
import { pairByKey, sortedList, type Keyed } from './keyed.js';
import type { FederatedCredentialChange } from './model.js';

interface FicRecord extends Keyed {
  readonly fic: FederatedCredential;
  readonly ownerName: string | null;
}

function ficsOf(inventory: Inventory): FicRecord[] {
  return inventory.federatedCredentials.map((fic) => ({
    key: fic.owner.kind === 'application' ? `app:${canonicalGuid(fic.id)}` : canonicalArmId(fic.id),
    fic,
    // A deleted identity's FIC is listed by the last segment of the owner's ARM id.
    ownerName: inventory.workload(fic.ownerKey)?.displayName ?? (fic.owner.kind === 'userAssignedIdentity' ? (parseArmId(fic.owner.id).name ?? null) : null),
    values: {
      issuer: fic.issuer,
      subject: fic.subject,
      audiences: sortedList(fic.audiences),
      claimsMatchingExpression: fic.claimsMatchingExpression?.value ?? null,
      languageVersion: fic.claimsMatchingExpression?.languageVersion ?? null,
    },
  }));
}

/** FIC changes from OLD to NEW, sorted by canonical key. */
export function diffFederatedCredentials(before: Inventory, after: Inventory): FederatedCredentialChange[] {
  return pairByKey(ficsOf(before), ficsOf(after)).map(({ change, current, changes }) => ({
    change,
    id: current.fic.id,
    name: current.fic.name,
    owner: { kind: current.fic.owner.kind, id: current.fic.owner.id, displayName: current.ownerName },
    values: current.values,
    changes,
  }));
}
