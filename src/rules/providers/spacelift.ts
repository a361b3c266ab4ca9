/**
 * Spacelift ([S21], secondary): `space:<SPACE>:(stack|module):<ID>:run_type:<TYPE>:scope:<read|write>`;
 * PROPOSED runs are pull-request runs and `scope:read` is the plan. One stack and run type is one context (B2);
 * a read phase on a write-capable identity is plan-phase-write's question.
 */
import { claimPairs } from './claims.js';
import type { FederationProvider, ReadOnlyPhase, Verdict } from './types.js';

function stackLabel(claims: ReadonlyMap<string, string>): string | undefined {
  const kind = claims.has('stack') ? 'stack' : claims.has('module') ? 'module' : undefined;
  const id = kind === undefined ? undefined : claims.get(kind);
  const space = claims.get('space');
  return kind === undefined || id === undefined ? undefined : `${kind} ${id}${space === undefined ? '' : ` in space ${space}`}`;
}

function read(subject: string): Verdict {
  const claims = claimPairs(subject);
  const target = stackLabel(claims) ?? 'one Spacelift stack or module';
  const readOnly = claims.get('scope') === 'read' || claims.get('run_type') === 'PROPOSED';
  return { breadth: 2, who: readOnly ? `proposed (pull request) or read-scope runs of ${target}` : `runs of ${target}` };
}

function readOnlyPhase(subject: string): ReadOnlyPhase | undefined {
  const claims = claimPairs(subject);
  const scope = claims.get('scope');
  const runType = claims.get('run_type');
  if (scope !== 'read' && runType !== 'PROPOSED') return undefined;
  const kind = claims.has('stack') ? 'stack' : claims.has('module') ? 'module' : undefined;
  const id = kind === undefined ? undefined : claims.get(kind);
  const space = claims.get('space');
  // The write twin: a tracked run with write scope on the same stack ([S21], secondary).
  const applySubject = space === undefined || kind === undefined || id === undefined ? undefined : `space:${space}:${kind}:${id}:run_type:TRACKED:scope:write`;
  return { target: stackLabel(claims) ?? 'a Spacelift stack', phase: scope === 'read' ? 'scope:read' : 'run_type:PROPOSED', applySubject };
}

export const SPACELIFT: FederationProvider = {
  id: 'spacelift',
  label: 'Spacelift',
  issuers: ['spacelift'],
  issuerForms: [{ provider: 'spacelift', host: /^[a-z0-9-]+\.app\.spacelift\.io$/, path: /^$/, trailingSlash: false, canonicalHost: true, source: '[S21] (secondary)' }],
  lookalikeHosts: ['.app.spacelift.io'],
  flexible: [],
  looksLike: (subject) => subject.startsWith('space:'),
  read,
  fields: (subject) => Object.fromEntries(claimPairs(subject)),
  // Secondary sources only: no grammar strict enough to call a subject unmatchable.
  unmatchable: () => undefined,
  mutable: () => undefined,
  pattern: (value) => ({ breadth: 3, who: `any subject matching ${value}` }),
  readOnlyPhase,
};
