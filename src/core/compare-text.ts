/**
 * Orders two strings by UTF-16 code unit, the order `<` gives: negative, zero or positive as `a` sorts before, with or
 * after `b`. Every sort of the tool's outputs uses it rather than `localeCompare`, whose order depends on the machine's
 * ICU data and locale, so a report, baseline or export is byte-identical wherever it is made
 * (https://tc39.es/ecma262/#sec-islessthan).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
