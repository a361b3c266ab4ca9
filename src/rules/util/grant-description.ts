/**
 * A privilege grant (util/privilege.ts) in words for messages: Azure roles get the human scope name
 * ("Owner on subscription 'contoso-prod'") instead of the raw ARM id; other grants keep their label.
 */
import type { Inventory } from '../../inventory/model.js';
import type { PrivilegeGrant } from './privilege.js';
import { describeScope } from './refs.js';

const ASSIGNMENT_SUFFIX = /\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i;

export function describeGrant(inventory: Inventory, grant: PrivilegeGrant): string {
  if (grant.kind !== 'azureRole' || !ASSIGNMENT_SUFFIX.test(grant.ref.id)) return grant.label;
  const scope = grant.ref.id.replace(ASSIGNMENT_SUFFIX, '') || '/';
  const suffix = ` at ${scope}`;
  if (!grant.label.endsWith(suffix)) return grant.label;
  return `${grant.label.slice(0, -suffix.length)} on ${describeScope(inventory, scope)}`;
}
