/**
 * Untrusted text (tenant names, subjects, messages that quote them) for the markup formats. Each function
 * first makes control and bidi characters visible with the one escaper, then neutralises the format's markup.
 */
import { lazyRequire } from '../core/lazy-require.js';
import { escapeUntrusted } from '../core/untrusted-text.js';

// he is loaded on the first HTML escape, not by every scan that imports the reporters.
const he = lazyRequire<typeof import('he')>('he');

/**
 * ASCII punctuation may be backslash-escaped in CommonMark and then renders as itself
 * (https://spec.commonmark.org/0.31.2/#backslash-escapes); GitHub's table extension honours `\|`
 * (https://github.github.com/gfm/#tables-extension-). Escaped here: everything that opens inline structure
 * (links and images `[ ] ( ) !`, emphasis `* _ ~`, code `` ` ``, math `$`, footnotes `^`, `{ }`, table cells
 * `|`), and GitHub's issue references (`#123`). A mention (`@team`) would notify people from a PR comment:
 * a zero-width space after `@` (as Renovate does in release notes) keeps the text and drops the mention.
 * Untrusted text never starts a line here, so the block markers (`-`, `+`, `1.`, `>`) stay as they are.
 * `<`, `>` and `&` become character references, because HTML blocks (inside `<details>`) ignore backslashes.
 */
const MARKDOWN_PUNCTUATION = /[!#$()*[\\\]^_`{|}~]/g;

/** Text → Markdown inline text that renders as that text (control characters escaped visibly, a zero-width space after `@`). */
export function markdownText(text: string): string {
  return escapeUntrusted(text)
    .replace(MARKDOWN_PUNCTUATION, (char) => `\\${char}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '@&#8203;');
}

/** Text → HTML text or attribute value (`& < > " ' \``) with control characters escaped visibly (he, https://github.com/mathiasbynens/he). */
export function htmlText(text: string): string {
  return he().escape(escapeUntrusted(text));
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
