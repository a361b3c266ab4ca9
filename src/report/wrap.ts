/**
 * Wrapping to a display width, for the table cells and `mi-audit rules`. Widths are measured with
 * string-width, the same measure cli-table3 uses, so a pre-wrapped cell never makes cli-table3 truncate it
 * or draw a ragged border. Long tokens (ARM ids, issuers, subjects) are broken after `/`, `:` or `-` when
 * they can be, else between graphemes: a value is wrapped, never cut.
 */
import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Display width in terminal columns (wide CJK = 2, combining marks = 0); https://github.com/sindresorhus/string-width. */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** Printable ASCII only: each character is one grapheme one column wide (ARM ids, issuers, most names). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The token's graphemes with their display widths; printable ASCII skips the segmenter (its objects per character were most of a large table's garbage). */
function graphemes(token: string): { readonly segment: string; readonly width: number }[] {
  if (PRINTABLE_ASCII.test(token)) return Array.from(token, (segment) => ({ segment, width: 1 }));
  return Array.from(segmenter.segment(token), ({ segment }) => ({ segment, width: displayWidth(segment) }));
}

/** Breaks one token wider than `width` into pieces of at most `width` columns, preferring a break after `/ : - . ,`. */
function breakToken(token: string, width: number): string[] {
  const pieces: string[] = [];
  let current = '';
  let currentWidth = 0;
  let lastBreak = -1;
  for (const { segment, width: segmentWidth } of graphemes(token)) {
    if (currentWidth + segmentWidth > width && current !== '') {
      // Break after the last separator when it keeps at least a third of the line, else right here.
      if (lastBreak > 0 && displayWidth(current.slice(0, lastBreak)) >= width / 3) {
        pieces.push(current.slice(0, lastBreak));
        current = current.slice(lastBreak);
      } else {
        pieces.push(current);
        current = '';
      }
      currentWidth = displayWidth(current);
      lastBreak = -1;
      // What followed the separator may still not leave room for a wide character.
      if (currentWidth + segmentWidth > width && current !== '') {
        pieces.push(current);
        current = '';
        currentWidth = 0;
      }
    }
    current += segment;
    currentWidth += segmentWidth;
    if (/^[/:\-.,]$/.test(segment)) lastBreak = current.length;
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/**
 * Wraps `text` to lines of at most `width` display columns (width ≥ 2). Existing line breaks are kept;
 * runs of spaces between words collapse to one at a wrap. Returns the lines without trailing newline.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ').filter((candidate) => candidate !== '')) {
      const joined = line === '' ? word : `${line} ${word}`;
      if (displayWidth(joined) <= width) {
        line = joined;
        continue;
      }
      if (line !== '') lines.push(line);
      if (displayWidth(word) <= width) {
        line = word;
        continue;
      }
      const pieces = breakToken(word, width);
      line = pieces.pop() ?? '';
      lines.push(...pieces);
    }
    lines.push(line);
  }
  return lines;
}
