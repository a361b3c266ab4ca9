/**
 * The federation providers mi-audit knows, and the questions every rule asks of a credential's subject through
 * them: which provider it belongs to, who can mint it, and whether the provider can emit it at all.
 */
import { issuerProvider } from '../util/issuer-verdict.js';
import { AZURE_DEVOPS } from './azure-devops.js';
import { ENTRA } from './entra.js';
import { GITHUB } from './github.js';
import { GITLAB } from './gitlab.js';
import { KUBERNETES } from './kubernetes.js';
import { SPACELIFT } from './spacelift.js';
import { TERRAFORM_CLOUD } from './terraform-cloud.js';
import type { Breadth, FederationProvider, FlexibleIssuerSupport, ProviderId, Unmatchable } from './types.js';

export const PROVIDERS: readonly FederationProvider[] = [GITHUB, GITLAB, TERRAFORM_CLOUD, KUBERNETES, AZURE_DEVOPS, SPACELIFT, ENTRA];

/** Every issuer Entra documents for flexible credentials, with its claims (rules-kb §A.6 [S5]). */
export const FLEXIBLE_ISSUER_SUPPORT: readonly FlexibleIssuerSupport[] = PROVIDERS.flatMap((provider) => provider.flexible);

/** The documented flexible-credential support for a raw issuer (byte for byte), or undefined when it is not supported. */
export function flexibleIssuerSupport(issuer: string): FlexibleIssuerSupport | undefined {
  return FLEXIBLE_ISSUER_SUPPORT.find((support) => support.issuer.test(issuer));
}

/** The provider of a credential: from its issuer when recognisable, else from the subject's shape (self-hosted issuers). */
export function providerOf(issuer: string, subject: string): FederationProvider | undefined {
  const family = issuerProvider(issuer);
  const byIssuer = family === undefined ? undefined : PROVIDERS.find((provider) => provider.issuers.includes(family));
  if (byIssuer !== undefined || family !== undefined) return byIssuer;
  return PROVIDERS.find((provider) => provider.looksLike(subject));
}

/**
 * Why no token can ever carry this exact subject, or undefined when one can. Entra compares `subject` with the
 * token's `sub` byte for byte (rules-kb §A.4 [S9]); only flexible credentials have wildcards
 * (https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials).
 * Judged for every provider: surrounding whitespace and a `*`; then the provider's own grammar.
 */
export function unmatchableSubject(issuer: string, subject: string): Unmatchable | undefined {
  if (subject !== subject.trim()) {
    const trimmed = subject.trim();
    return { reason: 'leading or trailing whitespace', suggestion: trimmed !== '' && unmatchableSubject(issuer, trimmed) === undefined ? trimmed : undefined };
  }
  if (subject.includes('*')) {
    return { reason: 'a * in a standard subject is a literal character, not a wildcard; only flexible credentials have wildcards', suggestion: undefined };
  }
  if (subject === '') return undefined;
  // A provider's grammar is judged only when its issuer names it: GitHub-compatible forges and custom IdPs may use
  // look-alike subjects. Kubernetes is the exception, its sub format is the Kubernetes API's on every cluster.
  const byIssuer = issuerProvider(issuer) !== undefined;
  const provider = providerOf(issuer, subject);
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
export function describeSubject(issuer: string, subject: string): SubjectDescription {
  const provider = providerOf(issuer, subject);
  const unmatchable = unmatchableSubject(issuer, subject);
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

/** True when a standard (non-flexible) credential's subject can never match: the other subject rules stay silent on it. */
export function hasUnmatchableSubject(fic: { readonly issuer: string; readonly subject: string | null; readonly claimsMatchingExpression?: unknown }): boolean {
  const expression = fic.claimsMatchingExpression;
  return (expression === undefined || expression === null) && fic.subject !== null && unmatchableSubject(fic.issuer, fic.subject) !== undefined;
}
