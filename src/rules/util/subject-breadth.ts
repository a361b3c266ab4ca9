/**
 * Subject breadth B1..B4 ("Subject breadth"): how many workloads can obtain a token that a FIC
 * accepts, read from its subject or flexible expression.
 *   B4  anyone in an owner, organisation or platform (owner-wide custom subjects, wildcards in owner, repo,
 *       project, workspace or namespace);
 *   B3  anyone who can open a pull request or trigger a plan (pull_request, `repo:O/R` with no context,
 *       wildcards over refs, environments, run phases or service accounts, TFC plan, Spacelift read/PROPOSED);
 *   B2  one ref, environment, service account, workspace phase or service connection (exact subjects);
 *   B1  gated: MI-as-FIC (the subject is one managed identity).
 * Standard subjects are exact strings (a `*` in them is a literal that never matches); only flexible
 * `matches` comparands have wildcards. Clauses are joined by `and`, so the narrowest `sub` clause bounds
 * the expression, and other clauses (job_workflow_ref) can only narrow it; GitHub `repository_id` /
 * `repository_owner_id` `eq` clauses pin the repository or owner (FIC-FLEX-001 step 3).
 */
import { isGuid } from './entra-issuer.js';
import { type ClaimClause, firstWildcard, parseClaimsExpression } from './flexible-expression.js';
import { parseGitHubSubject } from './github-subject.js';
import { issuerProvider } from './issuer-verdict.js';

export type Breadth = 1 | 2 | 3 | 4;

export const SUBJECT_FORMATS = ['github', 'gitlab', 'terraform-cloud', 'kubernetes', 'azure-devops', 'spacelift', 'entra', 'other'] as const;
export type SubjectFormat = (typeof SUBJECT_FORMATS)[number];

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

export function subjectBreadth(fic: FicTrust): SubjectBreadth {
  const expression = fic.claimsMatchingExpression;
  if (expression !== undefined && expression !== null) return flexibleBreadth(fic.issuer, expression.value);
  const subject = fic.subject ?? '';
  const format = subjectFormat(fic.issuer, subject);
  return { ...exactBreadth(format, subject), format, flexible: false };
}

/** The subject family: from the issuer's provider, else from the subject's shape (self-hosted issuers). */
export function subjectFormat(issuer: string, subject: string): SubjectFormat {
  switch (issuerProvider(issuer)) {
    case 'github':
    case 'github-enterprise-server':
      return 'github';
    case 'gitlab':
      return 'gitlab';
    case 'terraform-cloud':
      return 'terraform-cloud';
    case 'aks':
    case 'aws-eks':
      return 'kubernetes';
    case 'azure-devops':
      return 'azure-devops';
    case 'spacelift':
      return 'spacelift';
    case 'entra':
      return 'entra';
    default:
      break;
  }
  if (subject.startsWith('repo:')) return 'github';
  if (subject.startsWith('project_path:') || subject.startsWith('project_id:')) return 'gitlab';
  if (subject.startsWith('organization:')) return 'terraform-cloud';
  if (subject.startsWith('system:serviceaccount:')) return 'kubernetes';
  if (subject.startsWith('sc://')) return 'azure-devops';
  if (subject.startsWith('space:')) return 'spacelift';
  return 'other';
}

type Verdict = { readonly breadth: Breadth; readonly who: string };

function exactBreadth(format: SubjectFormat, subject: string): Verdict {
  switch (format) {
    case 'github':
      return githubExact(subject);
    case 'gitlab': {
      const claims = pairs(subject);
      const project = claims.get('project_path') ?? claims.get('project_id');
      if (project !== undefined) {
        return claims.has('ref') ? { breadth: 2, who: `pipelines of project ${project} on ref ${claims.get('ref') ?? ''}` } : { breadth: 3, who: `any pipeline of project ${project}, on any branch or tag` };
      }
      const namespace = claims.get('namespace_path') ?? claims.get('namespace_id');
      return namespace !== undefined ? { breadth: 4, who: `any project of group ${namespace}` } : { breadth: 2, who: 'one GitLab subject' };
    }
    case 'terraform-cloud': {
      const claims = pairs(subject);
      const workspace = `${claims.get('organization') ?? '?'}/${claims.get('workspace') ?? '?'}`;
      return claims.get('run_phase') === 'plan'
        ? { breadth: 3, who: `any plan of workspace ${workspace}, including speculative plans of pull requests` }
        : { breadth: 2, who: `${claims.get('run_phase') ?? 'runs'} runs of workspace ${workspace}` };
    }
    case 'kubernetes':
      return { breadth: 2, who: `service account ${subject.slice('system:serviceaccount:'.length).replace(':', '/')}` };
    case 'spacelift':
      return /:scope:read(:|$)/.test(subject) || /:run_type:PROPOSED(:|$)/.test(subject)
        ? { breadth: 3, who: 'proposed (pull request) or read-scope Spacelift runs' }
        : { breadth: 2, who: 'one Spacelift stack or module' };
    case 'entra':
      return isGuid(subject) ? { breadth: 1, who: `the managed identity ${subject}` } : { breadth: 2, who: 'one Entra-issued subject' };
    case 'azure-devops':
      return { breadth: 2, who: 'one Azure DevOps service connection' };
    case 'other':
      return { breadth: 2, who: 'one exact subject' };
  }
}

function githubExact(subject: string): Verdict {
  const parsed = parseGitHubSubject(subject);
  if (parsed === undefined) return { breadth: 2, who: 'a malformed GitHub subject' };
  const claims = new Map(parsed.claims);
  const repo = claims.get('repo');
  if (repo !== undefined) {
    const context = parsed.context;
    if (context === undefined) {
      return { breadth: 3, who: `any workflow run of ${repo} (every branch, tag, environment and pull request)` };
    }
    if (context.kind === 'pull_request') return { breadth: 3, who: `any pull request of ${repo}` };
    const where =
      context.kind === 'environment' ? `environment ${context.name}` : context.kind === 'branch' ? `branch ${context.name}` : context.kind === 'tag' ? `tag ${context.name}` : `ref ${context.ref}`;
    return { breadth: 2, who: `workflows of ${repo} in ${where}` };
  }
  const repositoryId = claims.get('repository_id');
  if (repositoryId !== undefined) return { breadth: 3, who: `any workflow run of repository id ${repositoryId}` };
  const owner = claims.get('repository_owner') ?? claims.get('repository_owner_id');
  if (owner !== undefined) return { breadth: 4, who: `any repository of owner ${owner}` };
  const workflow = claims.get('job_workflow_ref');
  if (workflow !== undefined) return { breadth: 3, who: `any repository that calls the reusable workflow ${workflow}` };
  return { breadth: 4, who: `any workflow whose claims give ${subject} (no repository binding)` };
}

function flexibleBreadth(issuer: string, text: string): SubjectBreadth {
  const parsed = parseClaimsExpression(text);
  if (!parsed.ok) return { breadth: 2, who: `an unparsable claims expression (${parsed.error})`, format: subjectFormat(issuer, ''), flexible: true };
  const subClauses = parsed.clauses.filter((clause) => clause.claim === 'sub');
  const format = subjectFormat(issuer, subClauses[0]?.value ?? '');
  const pins = githubPins(format, parsed.clauses);
  if (subClauses.length === 0) {
    if (pins.repository !== undefined) return { breadth: 3, who: `any workflow run of repository id ${pins.repository}`, format, flexible: true };
    if (pins.owner !== undefined) return { breadth: 4, who: `any repository of owner id ${pins.owner}`, format, flexible: true };
    return { breadth: 4, who: 'any token of the issuer (no sub clause)', format, flexible: true };
  }
  const verdicts = subClauses.map((clause) => clauseBreadth(format, clause, pins));
  const narrowest = verdicts.reduce((best, verdict) => (verdict.breadth < best.breadth ? verdict : best));
  return { ...narrowest, format, flexible: true };
}

interface GitHubPins {
  readonly repository: string | undefined;
  readonly owner: string | undefined;
}

function githubPins(format: SubjectFormat, clauses: readonly ClaimClause[]): GitHubPins {
  const eq = (claim: string): string | undefined =>
    format === 'github' ? clauses.find((clause) => clause.claim === claim && clause.operator === 'eq')?.value : undefined;
  return { repository: eq('repository_id'), owner: eq('repository_owner_id') };
}

function clauseBreadth(format: SubjectFormat, clause: ClaimClause, pins: GitHubPins): Verdict {
  const at = clause.operator === 'matches' ? firstWildcard(clause.value) : -1;
  if (at < 0) return exactBreadth(format, clause.value);
  return patternBreadth(format, clause.value, at, pins);
}

/** Breadth of a `matches` comparand, from the segment its first (leftmost, hence widest) wildcard falls in. */
function patternBreadth(format: SubjectFormat, pattern: string, at: number, pins: GitHubPins): Verdict {
  const prefix = pattern.slice(0, at);
  if (prefix === '') return { breadth: 4, who: `any subject matching ${pattern}` };
  switch (format) {
    case 'github':
      return githubPattern(pattern, prefix, pins);
    case 'gitlab': {
      const position = wildcardPosition(prefix);
      const bound = position.before.has('project_path') || position.before.has('project_id');
      return bound
        ? { breadth: 3, who: `any branch or tag of project ${position.before.get('project_path') ?? position.before.get('project_id') ?? ''} (${pattern})` }
        : { breadth: 4, who: `any project matching ${pattern}` };
    }
    case 'terraform-cloud': {
      const position = wildcardPosition(prefix);
      const bound = ['organization', 'project', 'workspace'].every((key) => position.before.has(key));
      return bound ? { breadth: 3, who: `any run phase, plans included (${pattern})` } : { breadth: 4, who: `any workspace matching ${pattern}` };
    }
    case 'kubernetes': {
      const rest = prefix.startsWith('system:serviceaccount:') ? prefix.slice('system:serviceaccount:'.length) : undefined;
      if (rest === undefined || !rest.includes(':')) return { breadth: 4, who: `any service account in any namespace (${pattern})` };
      return { breadth: 3, who: `any service account in namespace ${rest.slice(0, rest.indexOf(':'))} (${pattern})` };
    }
    default:
      return { breadth: 3, who: `any subject matching ${pattern}` };
  }
}

function githubPattern(pattern: string, prefix: string, pins: GitHubPins): Verdict {
  const position = wildcardPosition(prefix);
  if (position.key === 'repo') {
    const ownerWildcard = !position.partial.includes('/');
    const unpinned: GitHubPins = { repository: undefined, owner: undefined };
    // The ids pin what a name wildcard would widen; judge what follows the pinned segment instead.
    if (pins.repository !== undefined) {
      const after = /^repo:[^:]*(:.*)?$/.exec(pattern)?.[1];
      if (after === undefined) return { breadth: 3, who: `any workflow run of repository id ${pins.repository}` };
      return githubRewritten(`repo:pinned/pinned${after}`, unpinned);
    }
    if (ownerWildcard && pins.owner !== undefined) {
      const rest = /^repo:[^/]*\/(.*)$/s.exec(pattern)?.[1];
      if (rest === undefined) return { breadth: 4, who: `any repository of owner id ${pins.owner} (${pattern})` };
      return githubRewritten(`repo:owner-${pins.owner}/${rest}`, unpinned);
    }
    return ownerWildcard
      ? { breadth: 4, who: `any owner's repositories (${pattern})` }
      : { breadth: 4, who: `any repository of ${position.partial.slice(0, position.partial.indexOf('/'))} matching ${pattern}` };
  }
  if (!position.before.has('repo')) {
    if (pins.repository !== undefined) return { breadth: 3, who: `any workflow run of repository id ${pins.repository}` };
    return { breadth: 4, who: `any repository matching ${pattern}` };
  }
  const repo = position.before.get('repo') ?? '';
  if (position.key === 'ref' && position.partial.startsWith('refs/tags/')) return { breadth: 2, who: `tags of ${repo} matching ${pattern}` };
  if (position.key === 'ref') return { breadth: 3, who: `any branch of ${repo} (${pattern})` };
  if (position.key === 'environment') return { breadth: 3, who: `any environment of ${repo} (${pattern})` };
  if (position.key === undefined) return { breadth: 3, who: `any workflow run of ${repo}, pull requests included (${pattern})` };
  return { breadth: 3, who: `several workflows of ${repo} (${pattern})` };
}

function githubRewritten(pattern: string, pins: GitHubPins): Verdict {
  const next = firstWildcard(pattern);
  return next < 0 ? githubExact(pattern) : githubPattern(pattern, pattern.slice(0, next), pins);
}

interface WildcardPosition {
  /** Literal `key:value` claims wholly before the wildcard. */
  readonly before: ReadonlyMap<string, string>;
  /** The key whose value holds the wildcard; undefined when the wildcard stands where a key would. */
  readonly key: string | undefined;
  /** The literal start of that value. */
  readonly partial: string;
}

function wildcardPosition(prefix: string): WildcardPosition {
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

function pairs(subject: string): Map<string, string> {
  const tokens = subject.split(':');
  const map = new Map<string, string>();
  for (let index = 0; index + 1 < tokens.length; index += 2) map.set(tokens[index] ?? '', tokens[index + 1] ?? '');
  return map;
}
