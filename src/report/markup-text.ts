/**
 * Untrusted text (tenant names, subjects, messages that quote them) for the markup formats. Each function
 * first makes control and bidi characters visible with the one escaper, then neutralises the format's markup.
 */
import he from 'he';

import { escapeUntrusted } from '../core/untrusted-text.js';

/**
 * Every ASCII punctuation character may be backslash-escaped in CommonMark and then renders as itself
 * (https://spec.commonmark.org/0.31.2/#backslash-escapes); GitHub's table extension also honours `\|`
 * (https://github.github.com/gfm/#tables-extension-). Escaping them all means a name cannot open a link, an
 * image, emphasis, a code span, a heading, a list, a table cell or raw HTML. `<`, `>` and `&` become
 * character references as well, because HTML blocks (inside `<details>`) do not honour backslashes.
 */
const MARKDOWN_PUNCTUATION = /[!"#$%'()*+,\-./:;=?@[\\\]^_`{|}~]/g;

/** Text → Markdown inline text that renders as exactly that text (control characters escaped visibly). */
export function markdownText(text: string): string {
  return escapeUntrusted(text)
    .replace(MARKDOWN_PUNCTUATION, (char) => `\\${char}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Text → HTML text or attribute value (`& < > " ' \``) with control characters escaped visibly (he, https://github.com/mathiasbynens/he). */
export function htmlText(text: string): string {
  return he.escape(escapeUntrusted(text));
}

/**
 * XML 1.0 forbids lone surrogates and U+FFFE/U+FFFF even as character references
 * (https://www.w3.org/TR/xml/#charsets); after the control escape, these are the only characters left that
 * would make a JUnit file unreadable. xmlbuilder2 escapes the markup itself.
 */
const XML_FORBIDDEN = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g;

/** Text → a string that is valid XML 1.0 character data once the XML writer escapes `<`, `&` and quotes. */
export function xmlText(text: string): string {
  return escapeUntrusted(text).replace(XML_FORBIDDEN, (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`);
}
