/**
 * Names and values from the tenant (display names, subjects, issuers, tags) are untrusted: anyone who can
 * name an app registration chooses them. Before such text reaches a terminal or a human report, every
 * character that could drive the terminal or reorder what the reader sees is replaced by a visible escape.
 *
 * Escaped: C0 controls (U+0000–U+001F, including ESC, BEL, CR, LF and TAB), DEL (U+007F), C1 controls
 * (U+0080–U+009F, which some terminals treat as CSI/OSC introducers), the bidirectional embeddings and
 * overrides U+202A–U+202E and isolates U+2066–U+2069 ("Trojan Source", https://trojansource.codes/),
 * and the line and paragraph separators U+2028/U+2029. A backslash already in the text is kept as it is: the
 * escape is for the eye, not a reversible encoding (JSON and SARIF carry the exact value).
 *
 * Output forms: `\xHH` for code points below U+0100, `\u{HHHH}` above. The result contains no character
 * from those ranges, so it cannot move the cursor, set the title, clear the screen or start a new line.
 *
 * Sources: ECMA-48 (control functions, https://ecma-international.org/publications-and-standards/standards/ecma-48/),
 * Unicode UAX #9 (bidirectional algorithm, https://www.unicode.org/reports/tr9/).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

function escapeCodePoint(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** Replaces every terminal-driving or bidi-reordering character of `text` with a visible escape. */
export function escapeUntrusted(text: string): string {
  return text.replace(UNSAFE, escapeCodePoint);
}

/** True when `text` holds a character that {@link escapeUntrusted} would replace. */
export function hasUnsafeCharacters(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}
