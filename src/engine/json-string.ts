// Characters JSON.stringify escapes in a string: the quote, the backslash, controls, and (well-formed JSON.stringify,
// ES2019) lone surrogates; any surrogate sends the text to JSON.stringify, which keeps valid pairs as they are.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `JSON.stringify(text)` for a string, exactly: the text in double quotes when nothing in it needs an escape (ids,
 * names and subjects nearly always), JSON.stringify's answer otherwise. The engine builds each fingerprint's JSON
 * material from parts quoted once (engine/run.ts) instead of stringifying a fresh array per finding.
 * Spec: https://tc39.es/ecma262/#sec-quotejsonstring
 */
export function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}
