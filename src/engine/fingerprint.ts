import * as crypto from 'node:crypto';

import { canonicalArmId, canonicalGuid } from '../azure/ids.js';
import type { ObjectRef } from '../inventory/model.js';
import { flatten } from './flat-string.js';
import { jsonString } from './json-string.js';

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
  return fingerprintOf(ruleId, canonicalGuid(tenantId), subject.kind, canonicalSubjectId(subject.id), key);
}

/** The canonical form of a subject id in the fingerprint: ARM ids (leading `/`) and GUIDs, lowercased. */
export function canonicalSubjectId(id: string): string {
  return id.startsWith('/') ? canonicalArmId(id) : canonicalGuid(id);
}

/**
 * `fingerprint` with the tenant and subject id already canonical (the engine canonicalises each distinct value
 * once per run). Same formula, same values.
 */
export function fingerprintOf(ruleId: string, canonicalTenant: string, kind: string, canonicalId: string, key: readonly string[]): string {
  const material = JSON.stringify([ruleId, canonicalTenant, kind, canonicalId, ...key]);
  return v1Hash(material);
}

/**
 * `fingerprintOf` from parts already in JSON form (engine/json-string.ts), as the engine keeps them per rule and per
 * distinct subject: `head` is `["<ruleId>","<tenant>",`, `kindJson` and `idJson` the quoted kind and canonical id.
 * Hashes the same text as `JSON.stringify([ruleId, tenant, kind, id, ...key])`, so the same value.
 */
export function fingerprintOfJson(head: string, kindJson: string, idJson: string, key: readonly string[]): string {
  let material = `${head}${kindJson},${idJson}`;
  for (const part of key) material += `,${jsonString(part)}`;
  return v1Hash(`${material}]`);
}

// crypto.hash (Node ≥ 20.12, https://nodejs.org/api/crypto.html#cryptohashalgorithm-data-outputencoding) hashes in
// one call, without the Hash object createHash builds per finding; older Node 20 releases lack it.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** `v1:` and the first 32 hex characters of SHA-256 of the UTF-8 text, as one flat string (engine/flat-string.ts). */
export function v1Hash(text: string): string {
  const hex = oneShot === undefined ? crypto.createHash('sha256').update(text, 'utf8').digest('hex') : oneShot('sha256', text, 'hex');
  return flatten(`v1:${hex.slice(0, 32)}`);
}
