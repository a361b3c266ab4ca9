import { fnv1a } from '../core/fnv1a.js';

// The characters of a fingerprint that are hashed: its last ones, hex digits of SHA-256.
const TAIL = 8;

/**
 * The first finding whose fingerprint an earlier finding of the list already has, or undefined: two findings with one
 * fingerprint are a rule bug (engine/run.ts). An open-addressing table of finding indices in one Int32Array (4 bytes a
 * slot, twice as many slots as findings) instead of a `Set` of the fingerprint strings: on the 100k-assignment
 * tenant the `Set` was 5 MB of heap that outlived two scavenges and stayed in the old generation as garbage
 * (docs/performance.md, "Rule pass, round 5"). A fingerprint ends in hex digits of SHA-256, so its last 8 characters
 * are hashed, not all 35 (any other text only collides more). Exact: equal hashes are compared as strings. Linear probing:
 * https://en.wikipedia.org/wiki/Linear_probing
 */
export function duplicateFingerprint<F extends { readonly fingerprint: string }>(findings: readonly F[]): F | undefined {
  let size = 16;
  while (size < findings.length * 2) size *= 2;
  const mask = size - 1;
  // Slot value: finding index + 1; 0 is an empty slot.
  const slots = new Int32Array(size);
  for (let index = 0; index < findings.length; index++) {
    const finding = findings[index];
    if (finding === undefined) continue;
    const text = finding.fingerprint;
    let slot = fnv1a(text, false, text.length - TAIL) & mask;
    for (let held = slots[slot] ?? 0; held !== 0; held = slots[slot] ?? 0) {
      if (findings[held - 1]?.fingerprint === text) return finding;
      slot = (slot + 1) & mask;
    }
    slots[slot] = index + 1;
  }
  return undefined;
}
