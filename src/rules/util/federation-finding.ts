/**
 * Pieces every "who can become it?" finding shares: the raw trust values as evidence (never normalised),
 * the owner's name for messages, and the owner's privilege as related objects.
 */
import type { Evidence } from '../../engine/types.js';
import type { FederatedCredential, Inventory, RelatedRef } from '../../inventory/model.js';
import type { RunFacts } from '../../engine/facts.js';
import type { Privilege } from './privilege.js';
import { ficOwner, describeWorkload } from './refs.js';

/**
 * issuer, subject, audiences and flexible expression exactly as stored, then a rule's own `extra` fields. The extras
 * come in as an argument, not as `{ ...trustEvidence(fic), extra }`: Node 20's V8 gives every object that starts
 * with a spread a hidden class of its own (~500 bytes), and evidence lives as long as its finding.
 */
export function trustEvidence(fic: FederatedCredential, extra?: Evidence): Evidence {
  return {
    issuer: fic.issuer,
    subject: fic.subject,
    audiences: fic.audiences,
    claimsMatchingExpression: fic.claimsMatchingExpression?.value ?? null,
    ...extra,
  };
}

/** `subject "repo:o/r:pull_request"` or `expression "claims['sub'] matches …"`, JSON-quoted so whitespace shows. */
export function describeTrust(fic: FederatedCredential): string {
  const expression = fic.claimsMatchingExpression?.value;
  return expression === undefined ? `subject ${JSON.stringify(fic.subject ?? '')}` : `expression ${JSON.stringify(expression)}`;
}

/** "user-assigned identity 'id-ci'" (mid-sentence), or the owner's kind and id when it is not in the inventory. */
export function describeOwner(inventory: Inventory, fic: FederatedCredential): string {
  const owner = ficOwner(inventory, fic);
  if (owner.workload === undefined) return `${owner.ref.kind} '${owner.ref.id}'`;
  const described = describeWorkload(owner.workload);
  return `${described.charAt(0).toLowerCase()}${described.slice(1)}`;
}

/** The privilege of the FIC's owner (T3 when the owner or its service principal is unknown), from the run's facts. */
export function ownerPrivilege(inventory: Inventory, facts: Pick<RunFacts, 'privilegeOf'>, fic: FederatedCredential): Privilege {
  return facts.privilegeOf(ficOwner(inventory, fic).workload?.principalId);
}

/** The top grants as related objects (most privileged first). */
export function grantRelated(privilege: Privilege, limit = 3): RelatedRef[] {
  return privilege.grants.slice(0, limit).map((grant) => grant.ref);
}

/** "Owner at /subscriptions/…, Microsoft Graph Application.ReadWrite.All", or "no privileged grant". */
export function describeGrants(privilege: Privilege, limit = 3): string {
  const labels = privilege.grants.slice(0, limit).map((grant) => grant.label);
  if (labels.length === 0) return 'no grant';
  const more = privilege.grants.length - labels.length;
  return more > 0 ? `${labels.join(', ')} and ${more} more` : labels.join(', ');
}
