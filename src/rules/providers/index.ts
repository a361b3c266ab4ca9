/**
 * The federation providers mi-audit knows, and the questions every rule asks of a credential's subject through
 * them: which provider it belongs to, who can mint it, and whether the provider can emit it at all.
 */
import { firstWildcard, parseClaimsExpression } from '../util/flexible-expression.js';
import { issuerProvider } from '../util/issuer-verdict.js';
import type { IssuerProvider } from '../util/issuers.js';
import { AZURE_DEVOPS } from './azure-devops.js';
import { ENTRA } from './entra.js';
import { GITHUB } from './github.js';
import { GITLAB } from './gitlab.js';
import { KUBERNETES } from './kubernetes.js';
import { SPACELIFT } from './spacelift.js';
import { TERRAFORM_CLOUD } from './terraform-cloud.js';
import type { Breadth, FederationProvider, FlexibleIssuerSupport, ProviderId, Unmatchable } from './types.js';

export const PROVIDERS: readonly FederationProvider[] = [GITHUB, GITLAB, TERRAFORM_CLOUD, KUBERNETES, AZURE_DEVOPS, SPACELIFT, ENTRA];

/** Every issuer Entra documents for flexible credentials, with its claims ([S5]). */
export const FLEXIBLE_ISSUER_SUPPORT: readonly FlexibleIssuerSupport[] = PROVIDERS.flatMap((provider) => provider.flexible);

/** The documented flexible-credential support for a raw issuer (byte for byte), or undefined when it is not supported. */
export function flexibleIssuerSupport(issuer: string): FlexibleIssuerSupport | undefined {
  return FLEXIBLE_ISSUER_SUPPORT.find((support) => support.issuer.test(issuer));
}

/**
 * Which provider a raw issuer belongs to (rules/util/issuer-verdict.ts `issuerProvider`). The functions below judge
 * it uncached by default; rules pass `context.facts.issuerProvider`, which judges each distinct issuer once per run.
 */
export type IssuerProviderLookup = (issuer: string) => IssuerProvider | undefined;

/** The provider of a credential: from its issuer when recognisable, else from the subject's shape (self-hosted issuers). */
export function providerOf(issuer: string, subject: string, lookup: IssuerProviderLookup = issuerProvider): FederationProvider | undefined {
  const family = lookup(issuer);
  const byIssuer = family === undefined ? undefined : PROVIDERS.find((provider) => provider.issuers.includes(family));
  if (byIssuer !== undefined || family !== undefined) return byIssuer;
  return PROVIDERS.find((provider) => provider.looksLike(subject));
}

/**
 * Why no token can ever carry this exact subject, or undefined when one can. Entra compares `subject` with the
 * token's `sub` byte for byte ([S9]); only flexible credentials have wildcards
 * (https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials).
 * Judged for every provider: surrounding whitespace and a `*`; then the provider's own grammar.
 */
export function unmatchableSubject(issuer: string, subject: string, lookup: IssuerProviderLookup = issuerProvider): Unmatchable | undefined {
  if (subject !== subject.trim()) {
    const trimmed = subject.trim();
    return { reason: 'leading or trailing whitespace', suggestion: trimmed !== '' && unmatchableSubject(issuer, trimmed, lookup) === undefined ? trimmed : undefined };
  }
  if (subject.includes('*')) {
    return { reason: 'a * is a literal character here, not a wildcard; only the matches clauses of flexible credentials have wildcards', suggestion: undefined };
  }
  if (subject === '') return undefined;
  // A provider's grammar is judged only when its issuer names it: GitHub-compatible forges and custom IdPs may use
  // look-alike subjects. Kubernetes is the exception, its sub format is the Kubernetes API's on every cluster.
  const byIssuer = lookup(issuer) !== undefined;
  const provider = providerOf(issuer, subject, lookup);
  return byIssuer || provider?.id === 'kubernetes' ? provider?.unmatchable(subject) : undefined;
}

export interface SubjectDescription {
  readonly provider: ProviderId | 'other';
  /** "GitHub Actions", "Kubernetes", or "unknown provider". */
  readonly label: string;
  /** The subject's decoded parts ("repo": "contoso/app", "environment": "prod", "namespace": "payments", …). */
  readonly fields: Readonly<Record<string, string>>;
  readonly breadth: Breadth;
  /** Who can obtain a token carrying this subject ("any pull request of contoso/app"); "nobody" when unmatchable. */
  readonly whoCanMint: string;
  readonly unmatchable: Unmatchable | undefined;
}

/** Everything mi-audit reads from an exact (standard) subject; for the identity record and the rules alike. */
export function describeSubject(issuer: string, subject: string, lookup: IssuerProviderLookup = issuerProvider): SubjectDescription {
  const provider = providerOf(issuer, subject, lookup);
  const unmatchable = unmatchableSubject(issuer, subject, lookup);
  const verdict = provider?.read(subject) ?? { breadth: 2, who: 'one exact subject' };
  return {
    provider: provider?.id ?? 'other',
    label: provider?.label ?? 'unknown provider',
    fields: provider?.fields(subject) ?? {},
    breadth: verdict.breadth,
    whoCanMint: unmatchable === undefined ? verdict.who : `nobody: ${unmatchable.reason}`,
    unmatchable,
  };
}

export interface TrustedSubject {
  readonly issuer: string;
  readonly subject: string | null;
  readonly claimsMatchingExpression?: { readonly value: string } | null | undefined;
}

/** The exact subject value of a credential that can never match, and why. */
export interface UnmatchableTrust {
  readonly value: string;
  readonly flexible: boolean;
  readonly verdict: Unmatchable;
}

/**
 * Why a credential can never match on its subject: its standard subject, or an exact `sub` clause of its flexible
 * expression (an `eq`, or a `matches` without wildcards), since clauses are joined by `and` ([S5]).
 * Wildcard patterns are flexible-credential-invalid's and broad-subject's to judge.
 */
export function unmatchableTrust(fic: TrustedSubject, lookup: IssuerProviderLookup = issuerProvider): UnmatchableTrust | undefined {
  const expression = fic.claimsMatchingExpression;
  if (expression === undefined || expression === null) {
    const verdict = fic.subject === null ? undefined : unmatchableSubject(fic.issuer, fic.subject, lookup);
    return verdict === undefined || fic.subject === null ? undefined : { value: fic.subject, flexible: false, verdict };
  }
  const parsed = parseClaimsExpression(expression.value);
  if (!parsed.ok) return undefined;
  for (const clause of parsed.clauses) {
    if (clause.claim !== 'sub' || (clause.operator === 'matches' && firstWildcard(clause.value) >= 0)) continue;
    const verdict = unmatchableSubject(fic.issuer, clause.value, lookup);
    if (verdict !== undefined) return { value: clause.value, flexible: true, verdict };
  }
  return undefined;
}

/** True when a credential can never match on its subject: the other subject rules stay silent on it. */
export function hasUnmatchableSubject(fic: TrustedSubject): boolean {
  return unmatchableTrust(fic) !== undefined;
}
