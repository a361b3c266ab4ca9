/**
 * 32-bit FNV-1a over a string's UTF-16 code units, as an unsigned integer: the hash of the in-memory tables that tell
 * many strings apart without a Map of the strings themselves (duplicate fingerprints, duplicate snapshot ids).
 * `foldAsciiCase`: each code unit is hashed with bit 0x20 set, so an ASCII string and its lowercase form hash alike
 * (a few punctuation pairs merge too, which costs callers one comparison). Not a cryptographic hash.
 * `from`: hash only the code units from that index on (a text whose tail is already random, such as a hex digest).
 * https://datatracker.ietf.org/doc/html/draft-eastlake-fnv
 */
export function fnv1a(text: string, foldAsciiCase = false, from = 0): number {
  const fold = foldAsciiCase ? 0x20 : 0;
  let hash = 0x811c9dc5;
  for (let at = Math.max(0, from); at < text.length; at++) hash = Math.imul(hash ^ (text.charCodeAt(at) | fold), 0x01000193);
  return hash >>> 0;
}
