/**
 * HCP Terraform / Terraform Enterprise ([S16]): `sub` is always
 * `organization:<ORG>:project:<PROJECT>:workspace:<WORKSPACE>:run_phase:<plan|apply>`, "the project will be
 * Default Project if none is configured", and plan and apply are configured separately
 * (https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/azure-configuration).
 * A subject pinned to organisation, project, workspace and phase is one context (B2); whether a plan phase may hold
 * write access is plan-phase-write's question, not a breadth.
 */
import { type ClaimClause, firstWildcard, wildcardMatches } from '../util/flexible-expression.js';
import { claimPairs, wildcardPosition, wrongSeparator } from './claims.js';
import type { FederationProvider, ReadOnlyPhase, Unmatchable, Verdict } from './types.js';

const KEYS: readonly string[] = ['organization', 'project', 'workspace', 'run_phase'];
const PHASES: readonly string[] = ['plan', 'apply'];

/** "workspace contoso/platform/dns-prod": how every rule names an HCP Terraform workspace. */
export function workspaceLabel(claims: ReadonlyMap<string, string>): string {
  return `workspace ${claims.get('organization') ?? '?'}/${claims.get('project') ?? '?'}/${claims.get('workspace') ?? '?'}`;
}

function read(subject: string): Verdict {
  const claims = claimPairs(subject);
  const phase = claims.get('run_phase');
  return phase === 'plan'
    ? { breadth: 2, who: `plan runs of ${workspaceLabel(claims)}, speculative plans of pull requests included` }
    : { breadth: 2, who: `${phase ?? 'all'} runs of ${workspaceLabel(claims)}` };
}

function unmatchable(subject: string): Unmatchable | undefined {
  const tokens = subject.split(':');
  const keys: string[] = [];
  for (let index = 0; index < tokens.length; index += 2) {
    const key = tokens[index] ?? '';
    const separated = wrongSeparator(key, KEYS);
    if (separated !== undefined) {
      return { reason: `${JSON.stringify(key)} uses the wrong separator: Terraform Cloud writes ${separated}`, suggestion: [...tokens.slice(0, index), separated, ...tokens.slice(index + 1)].join(':') };
    }
    const value = tokens[index + 1];
    if (value === undefined || value === '') return { reason: `claim ${JSON.stringify(key)} has no value`, suggestion: undefined };
    keys.push(key);
  }
  const claims = claimPairs(subject);
  if (keys.join(',') === 'organization,workspace,run_phase') {
    return {
      reason: 'no project: Terraform Cloud always writes the project (Default Project when the workspace has none)',
      suggestion: `organization:${claims.get('organization') ?? ''}:project:Default Project:workspace:${claims.get('workspace') ?? ''}:run_phase:${claims.get('run_phase') ?? ''}`,
    };
  }
  if (keys.join(',') !== KEYS.join(',')) return { reason: 'Terraform Cloud writes organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:plan|apply, in this order', suggestion: undefined };
  const phase = claims.get('run_phase') ?? '';
  if (!PHASES.includes(phase)) {
    const lowered = phase.toLowerCase();
    return { reason: `run_phase ${JSON.stringify(phase)}: Terraform Cloud writes plan or apply`, suggestion: PHASES.includes(lowered) ? subject.replace(/run_phase:[^:]*$/, `run_phase:${lowered}`) : undefined };
  }
  return undefined;
}

function readOnlyPhase(subject: string): ReadOnlyPhase | undefined {
  const match = /^(.*):run_phase:plan$/.exec(subject);
  if (match === null) return undefined;
  const prefix = match[1] ?? '';
  return { target: workspaceLabel(claimPairs(prefix)), phase: 'run_phase:plan', applySubject: `${prefix}:run_phase:apply` };
}

function pattern(value: string, at: number): Verdict {
  const position = wildcardPosition(value.slice(0, at));
  const bound = ['organization', 'project', 'workspace'].every((key) => position.before.has(key));
  return bound ? { breadth: 2, who: `every run phase of ${workspaceLabel(position.before)}, plans included (${value})` } : { breadth: 4, who: `any workspace matching ${value}` };
}

/**
 * Whether a TFC `sub` pattern admits a run phase: from its literal `run_phase:` value when present, else when the
 * pattern ends with `*` (the wildcard can absorb `…:run_phase:<phase>`) (inference).
 */
export function tfcPatternAdmitsPhase(clause: ClaimClause, phase: 'plan' | 'apply'): boolean {
  if (clause.operator === 'eq') return clause.value.endsWith(`:run_phase:${phase}`);
  const at = clause.value.lastIndexOf('run_phase:');
  if (at >= 0) return wildcardMatches(clause.value.slice(at + 'run_phase:'.length), phase);
  return clause.value.endsWith('*');
}

/** The run_phase part of a TFC pattern, for messages. */
export function tfcPatternPhase(pattern: string): string {
  const at = pattern.lastIndexOf('run_phase:');
  return at >= 0 ? pattern.slice(at) : 'run_phase (any, by wildcard)';
}

/** "workspace o/p/w" when the pattern binds one workspace, else "workspaces matching …". */
export function tfcPatternTarget(pattern: string): string {
  const at = firstWildcard(pattern);
  const prefix = at < 0 ? pattern : pattern.slice(0, at);
  // The workspace is bound only when its whole value precedes the first wildcard (`workspace:<w>:`).
  const workspace = /(?:^|:)workspace:([^:]+):/.exec(prefix)?.[1];
  if (workspace === undefined) return `workspaces matching ${pattern}`;
  return workspaceLabel(new Map([...claimPairs(prefix), ['workspace', workspace]]));
}

export const TERRAFORM_CLOUD: FederationProvider = {
  id: 'terraform-cloud',
  label: 'Terraform Cloud',
  issuers: ['terraform-cloud'],
  issuerForms: [{ provider: 'terraform-cloud', host: /^app\.(eu\.)?terraform\.io$/, path: /^$/, trailingSlash: false, canonicalHost: true, source: '[S16][S5]' }],
  lookalikeHosts: ['app.terraform.io', 'app.eu.terraform.io'],
  flexible: [{ provider: 'terraform-cloud', label: 'Terraform Cloud', issuer: /^https:\/\/app\.(eu\.)?terraform\.io$/, claims: { sub: ['eq', 'matches'] }, requiresImmutableClaim: false }],
  looksLike: (subject) => subject.startsWith('organization:'),
  read,
  fields: (subject) => Object.fromEntries(claimPairs(subject)),
  unmatchable,
  mutable: () => undefined,
  pattern,
  readOnlyPhase,
};
