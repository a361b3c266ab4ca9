/**
 * What mi-audit knows about one federation provider (GitHub Actions, GitLab CI/CD, Kubernetes, HCP Terraform,
 * Azure DevOps, Spacelift, Entra ID): which issuers are its own, the grammar of the subjects its tokens carry,
 * who can mint a given subject, which subjects it can never emit, and which of its subjects name things that can
 * be renamed and re-registered. One descriptor per provider; subject-breadth.ts, run-phase.ts and the rules read
 * provider knowledge only through these descriptors.
 */
import type { ClaimOperator } from '../util/flexible-expression.js';
import type { IssuerProvider, IssuerRule } from '../util/issuers.js';

/** Subject breadth B1..B4: B4 owner- or platform-wide, B3 any run of one repository or project, B2 one context, B1 one managed identity. */
export type Breadth = 1 | 2 | 3 | 4;

export const PROVIDER_IDS = ['github', 'gitlab', 'terraform-cloud', 'kubernetes', 'azure-devops', 'spacelift', 'entra'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** Who can obtain a token a credential accepts, for messages ("any pull request of contoso/app"). */
export interface Verdict {
  readonly breadth: Breadth;
  readonly who: string;
}

/** Why a provider never emits a subject, and the subject it most likely meant (when one can be derived). */
export interface Unmatchable {
  readonly reason: string;
  readonly suggestion: string | undefined;
}

/** A name in a subject that its owner can rename or delete and someone else can register again. */
export interface MutableName {
  readonly kind: 'github-repository' | 'github-owner' | 'gitlab-project' | 'azure-devops-connection' | 'azure-devops-pipeline';
  /** "contoso/app", "GitLab project acme/billing", "Azure DevOps service connection contoso/platform/sc-prod". */
  readonly name: string;
  /** GitHub only: the owner login, to look up its id among the tenant's immutable subjects. */
  readonly owner: string | undefined;
}

/** Where the first wildcard of a flexible `matches` comparand falls. */
export interface WildcardPosition {
  /** Literal `key:value` claims wholly before the wildcard. */
  readonly before: ReadonlyMap<string, string>;
  /** The key whose value holds the wildcard; undefined when the wildcard stands where a key would. */
  readonly key: string | undefined;
  /** The literal start of that value. */
  readonly partial: string;
}

/** GitHub `eq` clauses on repository_id / repository_owner_id in the same flexible expression (FIC-FLEX-001 step 3). */
export interface ImmutablePins {
  readonly repository: string | undefined;
  readonly owner: string | undefined;
}

/** A read-only CI phase an exact subject trusts. */
export interface ReadOnlyPhase {
  /** "workspace contoso/platform/dns-prod", "stack prod-network in space root". */
  readonly target: string;
  /** `run_phase:plan`, `scope:read`, `run_type:PROPOSED`. */
  readonly phase: string;
  /** The write (apply) subject of the same workspace or stack, when it can be derived exactly. */
  readonly applySubject: string | undefined;
}

/** What Entra documents as valid for a provider's flexible credentials ([S5], FIC-FLEX-003). */
export interface FlexibleIssuerSupport {
  readonly provider: ProviderId;
  /** Human label for messages. */
  readonly label: string;
  /** The raw issuer, matched byte for byte (the documented forms have no trailing slash). */
  readonly issuer: RegExp;
  /** Claim → operators allowed on it. */
  readonly claims: Readonly<Record<string, readonly ClaimOperator[]>>;
  /** GitHub: "must match the sub claim and one or both of repository_id, repository_owner_id" ([S5]). */
  readonly requiresImmutableClaim: boolean;
}

export interface FederationProvider {
  readonly id: ProviderId;
  /** "GitHub Actions", for messages. */
  readonly label: string;
  /** The issuer families (issuers.ts) whose tokens carry this provider's subjects. */
  readonly issuers: readonly IssuerProvider[];
  /** The exact issuer forms the provider's tokens carry, recognised by host. */
  readonly issuerForms: readonly IssuerRule[];
  /** Hosts attackers imitate; a leading `.` means "any one label, then this". */
  readonly lookalikeHosts: readonly string[];
  /** Issuers Entra accepts for flexible credentials, with their claims (empty: none documented). */
  readonly flexible: readonly FlexibleIssuerSupport[];
  /** Recognises this provider's subjects when the issuer is self-hosted or unknown. */
  looksLike(subject: string): boolean;
  /** Breadth and who can mint an exact subject the provider can emit. */
  read(subject: string): Verdict;
  /** Decoded fields of an exact subject, in order ("repository": "contoso/app", "environment": "prod"). */
  fields(subject: string): Readonly<Record<string, string>>;
  /** Why the provider never emits this exact subject (whitespace and `*` are judged before, for every provider). */
  unmatchable(subject: string): Unmatchable | undefined;
  /** The recyclable name an exact subject trusts, if any. */
  mutable(subject: string): MutableName | undefined;
  /** Breadth of a flexible `matches` comparand whose first wildcard is at `at` (> 0). */
  pattern(pattern: string, at: number, pins: ImmutablePins): Verdict;
  /** CI platforms with a read-only (pull-request, plan) phase: the phase an exact subject trusts, if it is one. */
  readonly readOnlyPhase?: (subject: string) => ReadOnlyPhase | undefined;
}
