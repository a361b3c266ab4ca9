/**
 * GitHub Actions `sub` claims ([S11]): `repo:OWNER[@ID]/REPO[@ID]:<context>` where the
 * context is `environment:NAME`, `pull_request`, `ref:refs/heads/B` or `ref:refs/tags/T`, optionally followed by
 * more `key:value` claims (`job_workflow_ref:…`); or a custom template without `repo:` (`repository_owner:X`,
 * `repository_owner_id:N`, `repository_id:N`, `job_workflow_ref:…`). A `:` inside a value is encoded `%3A` by
 * GitHub, so splitting on `:` is exact.
 */
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
  const repoValue = claims.find(([key]) => key === 'repo')?.[1];
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
