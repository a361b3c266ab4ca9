/**
 * Subject breadth B1..B4: how many workloads can obtain a token that a FIC
 * accepts, read from its subject or flexible expression through the provider descriptors (src/rules/providers).
 *   B4  anyone in an owner, organisation or platform (owner-wide custom subjects, wildcards in owner, repo,
 *       project, workspace or namespace);
 *   B3  anyone who can open a pull request or push a branch (pull_request, `repo:O/R` with no context,
 *       wildcards over refs, environments or service accounts);
 *   B2  one ref, environment, service account, workspace phase, pipeline or service connection (exact subjects);
 *   B1  gated: MI-as-FIC (the subject is one managed identity).
 * Standard subjects are exact strings (a `*` in them is a literal that never matches, : unmatchableSubject);
 * only flexible `matches` comparands have wildcards. Clauses are joined by `and`, so the narrowest `sub`
 * clause bounds the expression, and other clauses (job_workflow_ref) can only narrow it; GitHub `repository_id` /
 * `repository_owner_id` `eq` clauses pin the repository or owner (FIC-FLEX-001 step 3).
 */
import { immutablePins } from '../providers/github.js';
import { type IssuerProviderLookup, providerOf } from '../providers/index.js';
import { issuerProvider } from './issuer-verdict.js';
import type { Breadth, ImmutablePins, ProviderId, Verdict } from '../providers/types.js';
import { type ClaimClause, firstWildcard, parseClaimsExpression } from './flexible-expression.js';

export type { Breadth } from '../providers/types.js';
export type SubjectFormat = ProviderId | 'other';

export interface SubjectBreadth {
  readonly breadth: Breadth;
  /** Who can obtain a matching token, for messages: "any pull request of contoso/app". */
  readonly who: string;
  readonly format: SubjectFormat;
  readonly flexible: boolean;
}

export interface FicTrust {
  readonly issuer: string;
  readonly subject: string | null;
  readonly claimsMatchingExpression?: { readonly value: string; readonly languageVersion: number } | null | undefined;
}

/** `lookup` judges the issuer's provider (uncached by default; rules pass `context.facts.issuerProvider`). */
export function subjectBreadth(fic: FicTrust, lookup: IssuerProviderLookup = issuerProvider): SubjectBreadth {
  const expression = fic.claimsMatchingExpression;
  if (expression !== undefined && expression !== null) return flexibleBreadth(fic.issuer, expression.value, lookup);
  const subject = fic.subject ?? '';
  return { ...exactBreadth(fic.issuer, subject, lookup), format: subjectFormat(fic.issuer, subject, lookup), flexible: false };
}

/** The subject family: from the issuer's provider, else from the subject's shape (self-hosted issuers). */
export function subjectFormat(issuer: string, subject: string, lookup: IssuerProviderLookup = issuerProvider): SubjectFormat {
  return providerOf(issuer, subject, lookup)?.id ?? 'other';
}

function exactBreadth(issuer: string, subject: string, lookup: IssuerProviderLookup): Verdict {
  return providerOf(issuer, subject, lookup)?.read(subject) ?? { breadth: 2, who: 'one exact subject' };
}

function flexibleBreadth(issuer: string, text: string, lookup: IssuerProviderLookup): SubjectBreadth {
  const parsed = parseClaimsExpression(text);
  if (!parsed.ok) return { breadth: 2, who: `an unparsable claims expression (${parsed.error})`, format: subjectFormat(issuer, '', lookup), flexible: true };
  const subClauses = parsed.clauses.filter((clause) => clause.claim === 'sub');
  const format = subjectFormat(issuer, subClauses[0]?.value ?? '', lookup);
  const pins = githubPins(format, parsed.clauses);
  if (subClauses.length === 0) {
    if (pins.repository !== undefined) return { breadth: 3, who: `any workflow run of repository id ${pins.repository}`, format, flexible: true };
    if (pins.owner !== undefined) return { breadth: 4, who: `any repository of owner id ${pins.owner}`, format, flexible: true };
    return { breadth: 4, who: 'any token of the issuer (no sub clause)', format, flexible: true };
  }
  const verdicts = subClauses.map((clause) => clauseBreadth(issuer, clause, pins, lookup));
  const narrowest = verdicts.reduce((best, verdict) => (verdict.breadth < best.breadth ? verdict : best));
  return { ...narrowest, format, flexible: true };
}

function githubPins(format: SubjectFormat, clauses: readonly ClaimClause[]): ImmutablePins {
  return format === 'github' ? immutablePins(clauses) : { repository: undefined, owner: undefined };
}

function clauseBreadth(issuer: string, clause: ClaimClause, pins: ImmutablePins, lookup: IssuerProviderLookup): Verdict {
  const at = clause.operator === 'matches' ? firstWildcard(clause.value) : -1;
  if (at < 0) return exactBreadth(issuer, clause.value, lookup);
  // A leading wildcard is platform-wide whatever the provider.
  if (at === 0) return { breadth: 4, who: `any subject matching ${clause.value}` };
  const provider = providerOf(issuer, clause.value, lookup);
  return provider === undefined ? { breadth: 3, who: `any subject matching ${clause.value}` } : provider.pattern(clause.value, at, pins);
}
