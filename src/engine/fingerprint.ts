import { createHash } from 'node:crypto';

import { canonicalArmId, canonicalGuid } from '../azure/ids.js';
import type { ObjectRef } from '../inventory/model.js';

/**
 * The one fingerprint function. Formula:
 *   'v1:' + first 32 hex chars of SHA-256( JSON.stringify([ruleId, lower(tenantId), subject.kind, canonicalId(subject.id), ...key]) )
 * where canonicalId lowercases ARM ids (they are case-insensitive) and Graph GUIDs.
 * It deliberately excludes severity, message text, display names, timestamps and tool version, so a baseline
 * survives rewording and severity remaps. Key parts are verbatim (a FIC subject is case-sensitive).
 *
 * Example: fingerprint('MIA-1001', 'T', {kind:'userAssignedIdentity', id:'/subscriptions/S/…/UAMI'}, ['owner', '/subscriptions/s'])
 * hashes '["MIA-1001","t","userAssignedIdentity","/subscriptions/s/…/uami","owner","/subscriptions/s"]'.
 */
export function fingerprint(ruleId: string, tenantId: string, subject: ObjectRef, key: readonly string[]): string {
  const subjectId = subject.id.startsWith('/') ? canonicalArmId(subject.id) : canonicalGuid(subject.id);
  const material = JSON.stringify([ruleId, canonicalGuid(tenantId), subject.kind, subjectId, ...key]);
  return `v1:${createHash('sha256').update(material, 'utf8').digest('hex').slice(0, 32)}`;
}
