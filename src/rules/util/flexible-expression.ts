import type { FlexibleIssuerSupport } from '../providers/types.js';

/**
 * Flexible federated credentials (preview): `claimsMatchingExpression.value` ([S5]).
 * Grammar: `claims['<claim>'] <eq|matches> '<comparand>'` clauses joined by `and`; in `matches`, `?` is one
 * character and `*` any run of characters. `''` inside a comparand is read as a literal quote: the docs only say
 * "single quotes are interpreted as escape characters" (unverified). The ARM spec's own example has an unquoted
 * comparand (`claims['sub'] matches system:serviceaccount:ns:*`, [S41]); it is parsed and marked
 * `quoted: false` so that rules can judge it rather than choke on it.
 */
export const CLAIM_OPERATORS = ['eq', 'matches'] as const;
export type ClaimOperator = (typeof CLAIM_OPERATORS)[number];

export interface ClaimClause {
  readonly claim: string;
  readonly operator: ClaimOperator;
  readonly value: string;
  readonly quoted: boolean;
}

export type ParsedClaimsExpression =
  | { readonly ok: true; readonly clauses: readonly ClaimClause[] }
  | { readonly ok: false; readonly error: string };

export function parseClaimsExpression(text: string): ParsedClaimsExpression {
  const clauses: ClaimClause[] = [];
  let at = skipSpaces(text, 0);
  for (;;) {
    if (!text.startsWith('claims[', at)) return fail(`expected "claims[" at ${at}`);
    const name = readQuoted(text, at + 'claims['.length);
    if (name === undefined) return fail(`expected a quoted claim name at ${at + 7}`);
    at = name.end;
    if (text[at] !== ']') return fail(`expected "]" at ${at}`);
    at = skipSpaces(text, at + 1);
    const operator = /^[A-Za-z]+/.exec(text.slice(at))?.[0] ?? '';
    if (!isOperator(operator)) return fail(`unknown operator ${JSON.stringify(operator)} at ${at}`);
    at = skipSpaces(text, at + operator.length);
    let value: string;
    let quoted: boolean;
    if (text[at] === "'") {
      const comparand = readQuoted(text, at);
      if (comparand === undefined) return fail(`unterminated comparand at ${at}`);
      value = comparand.value;
      quoted = true;
      at = comparand.end;
    } else {
      const rest = text.slice(at);
      const end = /\s+and\s+/.exec(rest)?.index ?? rest.trimEnd().length;
      value = rest.slice(0, end);
      quoted = false;
      if (value === '') return fail(`missing comparand at ${at}`);
      at += end;
    }
    clauses.push({ claim: name.value, operator, value, quoted });
    at = skipSpaces(text, at);
    if (at >= text.length) return { ok: true, clauses };
    if (!/^and\s/.test(text.slice(at))) return fail(`expected "and" at ${at}`);
    at = skipSpaces(text, at + 3);
  }
}

/** Index of the first `*` or `?` in a `matches` comparand, or -1. */
export function firstWildcard(pattern: string): number {
  const star = pattern.indexOf('*');
  const question = pattern.indexOf('?');
  if (star < 0) return question;
  if (question < 0) return star;
  return Math.min(star, question);
}

/** True when a `matches` comparand accepts `text` (whole-string match). */
export function wildcardMatches(pattern: string, text: string): boolean {
  const source = [...pattern]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(text);
}

function isOperator(value: string): value is ClaimOperator {
  return (CLAIM_OPERATORS as readonly string[]).includes(value);
}

function skipSpaces(text: string, at: number): number {
  let index = at;
  while (index < text.length && /\s/.test(text[index] ?? '')) index += 1;
  return index;
}

function readQuoted(text: string, at: number): { value: string; end: number } | undefined {
  if (text[at] !== "'") return undefined;
  let value = '';
  for (let index = at + 1; index < text.length; index += 1) {
    const char = text[index];
    if (char === "'") {
      if (text[index + 1] === "'") {
        value += "'";
        index += 1;
        continue;
      }
      return { value, end: index + 1 };
    }
    value += char ?? '';
  }
  return undefined;
}

function fail(error: string): ParsedClaimsExpression {
  return { ok: false, error };
}

/*
 * What Entra documents as valid for flexible credentials ([S5], FIC-FLEX-003): the supported
 * issuers and their claims are in each provider's descriptor (src/rules/providers, `flexible`). The ARM spec example
 * with an AKS issuer and an unquoted comparand [S41] is not in the documented grammar or issuer list, so it is
 * reported rather than accepted.
 */

/** The only documented languageVersion ("should always be set to 1", [S5]). */
export const FLEXIBLE_LANGUAGE_VERSION = 1;

export interface ExpressionCheck {
  /** Human-readable problems, in expression order; empty when the expression is valid for the provider. */
  readonly problems: readonly string[];
  /** GitHub only: no `eq` clause on repository_id or repository_owner_id. */
  readonly missingImmutableClaim: boolean;
}

/**
 * Checks an expression against the documented grammar and, when `support` is given, the provider's claims and
 * operators. Without `support` (unsupported issuer) only the grammar is checked.
 */
export function checkClaimsExpression(text: string, support: FlexibleIssuerSupport | undefined): ExpressionCheck {
  const parsed = parseClaimsExpression(text);
  if (!parsed.ok) return { problems: [`grammar: ${parsed.error}`], missingImmutableClaim: false };
  const problems: string[] = [];
  for (const clause of parsed.clauses) {
    if (!clause.quoted) problems.push(`unquoted comparand for claim '${clause.claim}' (the grammar requires single quotes)`);
    if (support === undefined) continue;
    const operators = support.claims[clause.claim];
    if (operators === undefined) problems.push(`claim '${clause.claim}' is not supported for ${support.label}`);
    else if (!operators.includes(clause.operator)) problems.push(`operator ${clause.operator} is not allowed on claim '${clause.claim}'`);
  }
  if (!parsed.clauses.some((clause) => clause.claim === 'sub')) problems.push("no claims['sub'] clause");
  const missingImmutableClaim =
    support?.requiresImmutableClaim === true &&
    !parsed.clauses.some((clause) => clause.operator === 'eq' && (clause.claim === 'repository_id' || clause.claim === 'repository_owner_id'));
  if (missingImmutableClaim) problems.push("no eq clause on claims['repository_id'] or claims['repository_owner_id']");
  return { problems, missingImmutableClaim };
}

/** True when a flexible `sub` clause accepts this exact subject (eq: equal; matches: wildcard match). */
export function clauseAccepts(clause: ClaimClause, value: string): boolean {
  return clause.operator === 'eq' ? clause.value === value : wildcardMatches(clause.value, value);
}
