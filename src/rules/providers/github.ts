/**
 * GitHub Actions ([S11]). The default `sub` is `repo:OWNER[@ID]/REPO[@ID]:<context>` where the
 * context is `environment:NAME`, `pull_request`, `ref:refs/heads/B` or `ref:refs/tags/T`. An organisation or
 * repository can replace it with a custom template (`include_claim_keys`): the chosen claims in order, each as
 * `key:value`, where `context` expands to one of the three contexts above, e.g.
 * `repository_owner_id:1:repository_id:2:ref:refs/heads/main` or
 * `repo:org/app:job_workflow_ref:org/shared/.github/workflows/deploy.yml@refs/heads/main`
 * (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#customizing-the-subject-claims-for-an-organization-or-repository).
 * A `:` inside a value is encoded `%3A`, so splitting on `:` is exact.
 */
import { type ClaimClause, firstWildcard } from '../util/flexible-expression.js';
import { wildcardPosition, wrongSeparator } from './claims.js';
import type { FederationProvider, ImmutablePins, MutableName, Unmatchable, Verdict } from './types.js';

export interface GitHubRepository {
  readonly owner: string;
  readonly ownerId: string | undefined;
  readonly name: string;
  readonly nameId: string | undefined;
}

export type GitHubContext =
  | { readonly kind: 'environment'; readonly name: string }
  | { readonly kind: 'pull_request' }
  | { readonly kind: 'branch'; readonly name: string }
  | { readonly kind: 'tag'; readonly name: string }
  | { readonly kind: 'ref'; readonly ref: string };

export interface GitHubSubject {
  readonly repository: GitHubRepository | undefined;
  readonly context: GitHubContext | undefined;
  /** Every `key:value` claim in order (`pull_request` appears as `['context', 'pull_request']`). */
  readonly claims: readonly (readonly [string, string])[];
}

/**
 * The claims GitHub can put in a subject: `repo` and `context` (template keys) and the token's own claims, from the
 * "Custom claims provided by GitHub" table of https://docs.github.com/en/actions/reference/security/oidc and the
 * `claims_supported` of https://token.actions.githubusercontent.com/.well-known/openid-configuration;
 * `repo_property_*` are custom repository properties.
 */
const CLAIM_KEYS: readonly string[] = [
  'repo',
  'context',
  'environment',
  'environment_node_id',
  'ref',
  'actor',
  'actor_id',
  'base_ref',
  'check_run_id',
  'enterprise',
  'enterprise_id',
  'event_name',
  'head_ref',
  'issuer_scope',
  'job_workflow_ref',
  'job_workflow_sha',
  'ref_protected',
  'ref_type',
  'repository',
  'repository_id',
  'repository_owner',
  'repository_owner_id',
  'repository_visibility',
  'run_attempt',
  'run_id',
  'run_number',
  'runner_environment',
  'sha',
  'workflow',
  'workflow_ref',
  'workflow_sha',
];

/** Spellings people write for a context that GitHub spells differently, with what GitHub writes. */
const PULL_REQUEST_MISSPELLINGS: readonly string[] = ['pull-request', 'pullrequest', 'pull_requests', 'pull-requests', 'pr', 'PR'];
const CLAIM_ALIASES: Readonly<Record<string, (value: string) => string>> = {
  branch: (value) => `ref:refs/heads/${value}`,
  tag: (value) => `ref:refs/tags/${value}`,
  env: (value) => `environment:${value}`,
  environments: (value) => `environment:${value}`,
};

/** Parses a subject; undefined when it is not a `key:value` chain (an empty key or a key without value). */
export function parseGitHubSubject(subject: string): GitHubSubject | undefined {
  const tokens = subject.split(':');
  const claims: [string, string][] = [];
  for (let index = 0; index < tokens.length; ) {
    const key = tokens[index] ?? '';
    if (key === 'pull_request') {
      claims.push(['context', 'pull_request']);
      index += 1;
      continue;
    }
    const value = tokens[index + 1];
    if (key === '' || value === undefined) return undefined;
    claims.push([key, value]);
    index += 2;
  }
  const repoValue = claims.find(([key]) => key === 'repo' || key === 'repository')?.[1];
  return { repository: repoValue === undefined ? undefined : parseRepository(repoValue), context: contextOf(claims), claims };
}

/** `owner[@id]/repo[@id]`; undefined unless there is exactly one `/`. */
export function parseRepository(value: string): GitHubRepository | undefined {
  const parts = value.split('/');
  if (parts.length !== 2) return undefined;
  const [owner, ownerId] = splitId(parts[0] ?? '');
  const [name, nameId] = splitId(parts[1] ?? '');
  return { owner, ownerId, name, nameId };
}

/** True for the immutable `owner@id/repo@id` form ([S7][S11]): both ids present and numeric. */
export function isImmutableRepository(repository: GitHubRepository): boolean {
  return repository.ownerId !== undefined && repository.nameId !== undefined && /^\d+$/.test(repository.ownerId) && /^\d+$/.test(repository.nameId);
}

function splitId(part: string): [string, string | undefined] {
  const at = part.indexOf('@');
  return at < 0 ? [part, undefined] : [part.slice(0, at), part.slice(at + 1)];
}

function contextOf(claims: readonly (readonly [string, string])[]): GitHubContext | undefined {
  for (const [key, value] of claims) {
    if (key === 'context' && value === 'pull_request') return { kind: 'pull_request' };
    if (key === 'environment') return { kind: 'environment', name: value };
    if (key === 'ref') {
      if (value.startsWith('refs/heads/')) return { kind: 'branch', name: value.slice('refs/heads/'.length) };
      if (value.startsWith('refs/tags/')) return { kind: 'tag', name: value.slice('refs/tags/'.length) };
      return { kind: 'ref', ref: value };
    }
  }
  return undefined;
}

/**
 * "contoso/app" (the immutable form is named by its names too, as mutable-subject names it), "repository id 2000002",
 * or undefined when the subject binds no single repository.
 */
function repositoryLabel(parsed: GitHubSubject, claims: ReadonlyMap<string, string>): string | undefined {
  if (parsed.repository !== undefined) return `${parsed.repository.owner}/${parsed.repository.name}`;
  return claims.get('repo') ?? claims.get('repository') ?? (claims.has('repository_id') ? `repository id ${claims.get('repository_id') ?? ''}` : undefined);
}

function contextLabel(context: GitHubContext): string {
  switch (context.kind) {
    case 'environment':
      return `environment ${context.name}`;
    case 'branch':
      return `branch ${context.name}`;
    case 'tag':
      return `tag ${context.name}`;
    case 'ref':
      return `ref ${context.ref}`;
    case 'pull_request':
      return 'pull requests';
  }
}

/** Breadth of an exact subject, default or custom template. */
function read(subject: string): Verdict {
  const parsed = parseGitHubSubject(subject);
  if (parsed === undefined) return { breadth: 2, who: 'a malformed GitHub subject' };
  const claims = new Map(parsed.claims);
  const context = parsed.context;
  const repository = repositoryLabel(parsed, claims);
  const workflow = claims.get('job_workflow_ref');
  if (repository !== undefined) {
    if (context === undefined) {
      return workflow === undefined
        ? { breadth: 3, who: `any workflow run of ${repository} (every branch, tag, environment and pull request)` }
        : { breadth: 3, who: `runs of reusable workflow ${workflow} from any branch, tag or pull request of ${repository}` };
    }
    if (context.kind === 'pull_request') return { breadth: 3, who: `any pull request of ${repository}` };
    return { breadth: 2, who: `workflows of ${repository} in ${contextLabel(context)}` };
  }
  // Anyone who can create a repository (or an environment in it) under the owner reaches these.
  const where = context === undefined || context.kind === 'pull_request' ? '' : `, in ${contextLabel(context)}`;
  const pulls = context?.kind === 'pull_request' ? 'any pull request of ' : '';
  if (workflow !== undefined) return { breadth: 3, who: `${pulls}any repository that calls the reusable workflow ${workflow}${where}` };
  const owner = claims.get('repository_owner') ?? (claims.has('repository_owner_id') ? `id ${claims.get('repository_owner_id') ?? ''}` : undefined);
  if (owner !== undefined) return { breadth: 4, who: `${pulls}any repository of owner ${owner}${where}` };
  return { breadth: 4, who: `any workflow whose claims give ${subject} (no repository binding)` };
}

function fields(subject: string): Readonly<Record<string, string>> {
  const parsed = parseGitHubSubject(subject);
  if (parsed === undefined) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of parsed.claims) out[key] = value;
  if (parsed.repository !== undefined) {
    out['owner'] = parsed.repository.owner;
    out['repositoryName'] = parsed.repository.name;
    if (parsed.repository.ownerId !== undefined) out['ownerId'] = parsed.repository.ownerId;
    if (parsed.repository.nameId !== undefined) out['repositoryNameId'] = parsed.repository.nameId;
  }
  return out;
}

/** Why GitHub never emits this subject: a separator, context, ref or repository form its tokens do not have. */
function unmatchable(subject: string): Unmatchable | undefined {
  const tokens = subject.split(':');
  if (tokens.length === 1 && subject !== 'pull_request') {
    const separated = wrongSeparator(subject, CLAIM_KEYS);
    if (separated !== undefined) return { reason: `${JSON.stringify(subject)} uses the wrong separator: GitHub writes ${separated}`, suggestion: separated };
    return { reason: `a bare word: GitHub subjects are key:value claims such as repo:OWNER/REPO:environment:NAME`, suggestion: undefined };
  }
  const replace = (index: number, count: number, text: string): string => [...tokens.slice(0, index), text, ...tokens.slice(index + count)].join(':');
  for (let index = 0; index < tokens.length; ) {
    const key = tokens[index] ?? '';
    if (key === 'pull_request') {
      index += 1;
      continue;
    }
    if (key === 'pull_request_target') {
      // pull_request_target runs in the base branch's context, so its sub carries that ref (inference from [S11][S13]).
      return { reason: 'pull_request_target is an event, not a context: those runs carry the base branch ref (ref:refs/heads/BRANCH)', suggestion: undefined };
    }
    if (PULL_REQUEST_MISSPELLINGS.includes(key)) {
      return { reason: `${JSON.stringify(key)} is not a GitHub context: pull-request runs carry pull_request`, suggestion: replace(index, 1, 'pull_request') };
    }
    const separated = wrongSeparator(key, CLAIM_KEYS);
    if (separated !== undefined) return { reason: `${JSON.stringify(key)} uses the wrong separator: GitHub writes ${separated}`, suggestion: replace(index, 1, separated) };
    const value = tokens[index + 1];
    if (key === '') return { reason: 'an empty claim (two colons in a row, or a leading or trailing colon)', suggestion: undefined };
    if (value === undefined) return { reason: `claim ${JSON.stringify(key)} has no value`, suggestion: undefined };
    const alias = CLAIM_ALIASES[key];
    if (alias !== undefined) return { reason: `${JSON.stringify(key)} is not a claim GitHub puts in subjects`, suggestion: replace(index, 2, alias(value)) };
    if (!CLAIM_KEYS.includes(key) && !key.startsWith('repo_property_')) return { reason: `${JSON.stringify(key)} is not a GitHub OIDC claim`, suggestion: undefined };
    if (value === '') return { reason: `claim ${JSON.stringify(key)} has an empty value`, suggestion: undefined };
    const problem = valueProblem(key, value);
    if (problem !== undefined) return { reason: problem.reason, suggestion: problem.value === undefined ? undefined : replace(index + 1, 1, problem.value) };
    index += 2;
  }
  return undefined;
}

function valueProblem(key: string, value: string): { reason: string; value: string | undefined } | undefined {
  if (key === 'repo' || key === 'repository') {
    const repository = parseRepository(value);
    if (repository === undefined || repository.owner === '' || repository.name === '') return { reason: `${key} ${JSON.stringify(value)} is not OWNER/REPO`, value: undefined };
    const ids = [repository.ownerId, repository.nameId];
    // "@ cannot appear in GitHub usernames or repository names": an @ is the immutable form, which carries both numeric ids ([S7]).
    if (ids.some((id) => id !== undefined) && !isImmutableRepository(repository)) {
      return { reason: `${key} ${JSON.stringify(value)} is neither OWNER/REPO nor the immutable OWNER@ID/REPO@ID with both numeric ids`, value: undefined };
    }
  }
  if (key === 'ref' && !value.startsWith('refs/')) {
    const fixed = value.startsWith('heads/') || value.startsWith('tags/') ? `refs/${value}` : `refs/heads/${value}`;
    return { reason: `ref ${JSON.stringify(value)} is not a full ref: GitHub writes ref:${fixed}`, value: fixed };
  }
  if ((key === 'repository_id' || key === 'repository_owner_id' || key === 'actor_id' || key === 'enterprise_id') && !/^\d+$/.test(value)) {
    return { reason: `${key} ${JSON.stringify(value)} is not numeric`, value: undefined };
  }
  return undefined;
}

function mutable(subject: string): MutableName | undefined {
  const parsed = parseGitHubSubject(subject);
  if (parsed === undefined) return undefined;
  const repository = parsed.repository;
  if (repository !== undefined) {
    return isImmutableRepository(repository) ? undefined : { kind: 'github-repository', name: `${repository.owner}/${repository.name}`, owner: repository.owner };
  }
  // repository_id / repository_owner_id are immutable; only the owner login can be recycled.
  if (parsed.claims.some(([key]) => key === 'repository_id' || key === 'repository_owner_id')) return undefined;
  const owner = parsed.claims.find(([key]) => key === 'repository_owner')?.[1];
  return owner === undefined ? undefined : { kind: 'github-owner', name: `GitHub owner ${owner}`, owner };
}

/**
 * The ids a flexible expression pins with `eq` clauses on repository_id / repository_owner_id: "must match the sub
 * claim and one or both of repository_id, repository_owner_id" ([S5], FIC-FLEX-001 step 3).
 */
export function immutablePins(clauses: readonly ClaimClause[]): ImmutablePins {
  const eq = (claim: string): string | undefined => clauses.find((clause) => clause.claim === claim && clause.operator === 'eq')?.value;
  return { repository: eq('repository_id'), owner: eq('repository_owner_id') };
}

function pattern(value: string, at: number, pins: ImmutablePins): Verdict {
  const position = wildcardPosition(value.slice(0, at));
  if (position.key === 'repo') {
    const ownerWildcard = !position.partial.includes('/');
    const unpinned: ImmutablePins = { repository: undefined, owner: undefined };
    // The ids pin what a name wildcard would widen; judge what follows the pinned segment instead.
    if (pins.repository !== undefined) {
      const after = /^repo:[^:]*(:.*)?$/.exec(value)?.[1];
      if (after === undefined) return { breadth: 3, who: `any workflow run of repository id ${pins.repository}` };
      return rewritten(`repo:pinned/pinned${after}`, unpinned);
    }
    if (ownerWildcard && pins.owner !== undefined) {
      const rest = /^repo:[^/]*\/(.*)$/s.exec(value)?.[1];
      if (rest === undefined) return { breadth: 4, who: `any repository of owner id ${pins.owner} (${value})` };
      return rewritten(`repo:owner-${pins.owner}/${rest}`, unpinned);
    }
    return ownerWildcard
      ? { breadth: 4, who: `any owner's repositories (${value})` }
      : { breadth: 4, who: `any repository of ${position.partial.slice(0, position.partial.indexOf('/'))} matching ${value}` };
  }
  if (!position.before.has('repo')) {
    if (pins.repository !== undefined) return { breadth: 3, who: `any workflow run of repository id ${pins.repository}` };
    return { breadth: 4, who: `any repository matching ${value}` };
  }
  const repo = position.before.get('repo') ?? '';
  if (position.key === 'ref' && position.partial.startsWith('refs/tags/')) return { breadth: 2, who: `tags of ${repo} matching ${value}` };
  if (position.key === 'ref') return { breadth: 3, who: `any branch of ${repo} (${value})` };
  if (position.key === 'environment') return { breadth: 3, who: `any environment of ${repo} (${value})` };
  if (position.key === undefined) return { breadth: 3, who: `any workflow run of ${repo}, pull requests included (${value})` };
  return { breadth: 3, who: `several workflows of ${repo} (${value})` };
}

function rewritten(value: string, pins: ImmutablePins): Verdict {
  const next = firstWildcard(value);
  return next < 0 ? read(value) : pattern(value, next, pins);
}

/** GitHub Enterprise Server: `https://<HOSTNAME>/_services/token`, no trailing slash ([S11][S12]). Recognised by path. */
export const GHES_PATH = /^\/_services\/token$/;

export const GITHUB: FederationProvider = {
  id: 'github',
  label: 'GitHub Actions',
  issuers: ['github', 'github-enterprise-server'],
  issuerForms: [
    // github.com, and the GHEC enterprise-unique issuer `…/<enterpriseSlug>` ([S11][S12]).
    { provider: 'github', host: /^token\.actions\.githubusercontent\.com$/, path: /^(\/[A-Za-z0-9_-]+)?$/, trailingSlash: false, canonicalHost: true, source: '[S11][S12]' },
    // GHEC with data residency (ghe.com) ([S11]).
    { provider: 'github', host: /^token\.actions\.[a-z0-9-]+\.ghe\.com$/, path: /^(\/[A-Za-z0-9_-]+)?$/, trailingSlash: false, canonicalHost: true, source: '[S11]' },
  ],
  lookalikeHosts: ['token.actions.githubusercontent.com'],
  flexible: [
    {
      provider: 'github',
      label: 'GitHub',
      issuer: /^https:\/\/token\.actions\.githubusercontent\.com$/,
      claims: { sub: ['eq', 'matches'], job_workflow_ref: ['eq', 'matches'], repository_id: ['eq'], repository_owner_id: ['eq'] },
      requiresImmutableClaim: true,
    },
  ],
  looksLike: (subject) => subject.startsWith('repo:'),
  read,
  fields,
  unmatchable,
  mutable,
  pattern,
};
