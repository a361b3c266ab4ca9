/**
 * GitLab CI/CD ([S15][S6]). Default `sub`: `project_path:GROUP/PROJECT:ref_type:branch|tag:ref:NAME`
 * with the bare branch or tag name (no `refs/heads/`); a project can choose its components
 * (`ci_id_token_sub_claim_components`), e.g. the immutable `project_id:57382910:ref_type:branch:ref:main`.
 * Source: https://docs.gitlab.com/ci/secrets/id_token_authentication/
 */
import { claimPairs, wildcardPosition, wrongSeparator } from './claims.js';
import type { FederationProvider, MutableName, Unmatchable, Verdict } from './types.js';

const KEYS: readonly string[] = ['project_path', 'project_id', 'namespace_path', 'namespace_id', 'ref_type', 'ref'];

function read(subject: string): Verdict {
  const claims = claimPairs(subject);
  const project = claims.get('project_path') ?? claims.get('project_id');
  if (project !== undefined) {
    return claims.has('ref')
      ? { breadth: 2, who: `pipelines of project ${project} on ref ${claims.get('ref') ?? ''}` }
      : { breadth: 3, who: `any pipeline of project ${project}, on any branch or tag` };
  }
  const namespace = claims.get('namespace_path') ?? claims.get('namespace_id');
  return namespace !== undefined ? { breadth: 4, who: `any project of group ${namespace}` } : { breadth: 2, who: 'one GitLab subject' };
}

function unmatchable(subject: string): Unmatchable | undefined {
  const tokens = subject.split(':');
  const replace = (index: number, count: number, text: string): string => [...tokens.slice(0, index), text, ...tokens.slice(index + count)].join(':');
  if (tokens.length === 1) {
    const separated = wrongSeparator(subject, KEYS);
    return separated === undefined
      ? { reason: 'a bare word: GitLab subjects are key:value claims such as project_path:GROUP/PROJECT:ref_type:branch:ref:NAME', suggestion: undefined }
      : { reason: `${JSON.stringify(subject)} uses the wrong separator: GitLab writes ${separated}`, suggestion: separated };
  }
  for (let index = 0; index < tokens.length; index += 2) {
    const key = tokens[index] ?? '';
    const separated = wrongSeparator(key, KEYS);
    if (separated !== undefined) return { reason: `${JSON.stringify(key)} uses the wrong separator: GitLab writes ${separated}`, suggestion: replace(index, 1, separated) };
    const value = tokens[index + 1];
    if (key === '' || value === undefined || value === '') return { reason: `claim ${JSON.stringify(key)} has no value`, suggestion: undefined };
    if (key === 'ref' && value.startsWith('refs/')) {
      // GitLab's ref claim is the bare name; the ref_type claim says branch or tag.
      const type = value.startsWith('refs/tags/') ? 'tag' : 'branch';
      const name = value.replace(/^refs\/(heads|tags)\//, '');
      return { reason: `ref ${JSON.stringify(value)} is a full Git ref: GitLab writes the bare name (ref_type:${type}:ref:${name})`, suggestion: replace(index + 1, 1, name) };
    }
    if (key === 'ref_type' && value !== 'branch' && value !== 'tag') return { reason: `ref_type ${JSON.stringify(value)}: GitLab writes branch or tag`, suggestion: undefined };
    if (key === 'project_path' && !value.includes('/')) return { reason: `project_path ${JSON.stringify(value)} is not GROUP/PROJECT`, suggestion: undefined };
    if (key === 'project_id' && !/^\d+$/.test(value)) return { reason: `project_id ${JSON.stringify(value)} is not numeric`, suggestion: undefined };
  }
  return undefined;
}

function mutable(subject: string): MutableName | undefined {
  const project = claimPairs(subject).get('project_path');
  return project === undefined ? undefined : { kind: 'gitlab-project', name: `GitLab project ${project}`, owner: undefined };
}

function pattern(value: string, at: number): Verdict {
  const position = wildcardPosition(value.slice(0, at));
  const project = position.before.get('project_path') ?? position.before.get('project_id');
  return project !== undefined ? { breadth: 3, who: `any branch or tag of project ${project} (${value})` } : { breadth: 4, who: `any project matching ${value}` };
}

export const GITLAB: FederationProvider = {
  id: 'gitlab',
  label: 'GitLab CI/CD',
  issuers: ['gitlab'],
  issuerForms: [
    { provider: 'gitlab', host: /^gitlab\.com$/, path: /^$/, trailingSlash: false, canonicalHost: true, source: '[S15][S5]' },
    // Self-managed GitLab: "https://gitlab.example.com where example can be any string" ([S5]).
    { provider: 'gitlab', host: /^gitlab\.[a-z0-9-]+\.[a-z0-9.-]+$/, path: /^$/, trailingSlash: false, canonicalHost: true, source: '[S15], [S5]' },
  ],
  lookalikeHosts: ['gitlab.com'],
  // gitlab.com, and "https://gitlab.example.com, https://gitlab.example.ca where example can be any string" ([S5]).
  flexible: [
    { provider: 'gitlab', label: 'GitLab', issuer: /^https:\/\/gitlab\.com$/, claims: { sub: ['eq', 'matches'] }, requiresImmutableClaim: false },
    { provider: 'gitlab', label: 'GitLab', issuer: /^https:\/\/gitlab\.[a-z0-9-]+\.(com|ca)$/, claims: { sub: ['eq', 'matches'] }, requiresImmutableClaim: false },
  ],
  looksLike: (subject) => subject.startsWith('project_path:') || subject.startsWith('project_id:'),
  read,
  fields: (subject) => Object.fromEntries(claimPairs(subject)),
  unmatchable,
  mutable,
  pattern,
};
