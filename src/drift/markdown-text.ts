/**
 * Escapes untrusted text for a Markdown table cell. First escapeUntrusted (control, bidi and line-separator
 * characters made visible, so a name cannot end the row or reorder it), then a backslash before every ASCII
 * punctuation character, which CommonMark allows for all of them and which turns each into a literal
 * (https://spec.commonmark.org/0.31.2/#backslash-escapes): no emphasis, link, image, HTML tag, code span or
 * cell break (`|`, https://github.github.com/gfm/#tables-extension-) can start inside a name.
 */
import { escapeUntrusted } from '../core/untrusted-text.js';

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

export function escapeMarkdown(text: string): string {
  return escapeUntrusted(text).replace(ASCII_PUNCTUATION, (char) => `\\${char}`);
}
