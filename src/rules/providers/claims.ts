/**
 * `key:value:key:value` subjects (GitHub, GitLab, HCP Terraform, Spacelift): GitHub encodes a `:` inside a value as
 * `%3A` ([S11]) and the others have no `:` in names, so splitting on `:` is exact.
 */
import type { WildcardPosition } from './types.js';

/** The `key → value` map of a colon-separated subject (a trailing key without value is dropped). */
export function claimPairs(subject: string): Map<string, string> {
  const tokens = subject.split(':');
  const map = new Map<string, string>();
  for (let index = 0; index + 1 < tokens.length; index += 2) map.set(tokens[index] ?? '', tokens[index + 1] ?? '');
  return map;
}

/** Where the first wildcard falls in the literal prefix of a `matches` comparand (GitHub's bare `pull_request` counts as a claim). */
export function wildcardPosition(prefix: string): WildcardPosition {
  const tokens = prefix.split(':');
  const before = new Map<string, string>();
  let index = 0;
  while (index < tokens.length - 1) {
    const key = tokens[index] ?? '';
    if (key === 'pull_request') {
      before.set('context', 'pull_request');
      index += 1;
      continue;
    }
    if (index + 1 === tokens.length - 1) return { before, key, partial: tokens[index + 1] ?? '' };
    before.set(key, tokens[index + 1] ?? '');
    index += 2;
  }
  return { before, key: undefined, partial: tokens[index] ?? '' };
}

/**
 * A key written with `/` (or `=`) instead of `:` before its value, as in `environment/dev` (field report
 * Azure/login#261): returns the corrected `key:value` text, else undefined.
 */
export function wrongSeparator(token: string, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    for (const separator of ['/', '=']) {
      if (token.startsWith(`${key}${separator}`) && token.length > key.length + 1) return `${key}:${token.slice(key.length + 1)}`;
    }
  }
  return undefined;
}
