/**
 * Read-only CI phases (FIC-PHASE-001): the Terraform Cloud `plan` phase, whose tokens
 * are minted for speculative plans of pull requests [S16] (secondary), and Spacelift `scope:read` /
 * `run_type:PROPOSED` runs [S21] (secondary). Subjects:
 * TFC organization:<o>:project:<p>:workspace:<w>:run_phase:<plan|apply> ([S16])
 * Spacelift space:<s>:(stack|module):<id>:run_type:<T>:scope:<read|write> ([S21], secondary)
 * A FIC trusts a plan phase when its exact subject is one, or when every `sub` clause of its flexible expression
 * admits one (clauses are joined by `and`).
 */
import type { FederatedCredential } from '../../inventory/model.js';
import { type ClaimClause, clauseAccepts, firstWildcard, parseClaimsExpression, wildcardMatches } from './flexible-expression.js';
import { subjectFormat } from './subject-breadth.js';

export type PhasePlatform = 'terraform-cloud' | 'spacelift';

export interface PlanPhaseTrust {
  readonly platform: PhasePlatform;
  /** "workspace contoso/platform/dns-prod", "stack prod-network in space root", "workspaces matching …". */
  readonly target: string;
  /** The read-only phase trusted: `run_phase:plan`, `run_phase:*`, `scope:read`, `run_type:PROPOSED`. */
  readonly phase: string;
  /** The write (apply) subject of the same workspace or stack, when it can be derived exactly. */
  readonly applySubject: string | undefined;
  /** True when the credential itself also admits the apply phase (a flexible `run_phase:*`). */
  readonly admitsApply: boolean;
  readonly flexible: boolean;
}

/** The plan-phase trust of a credential, or undefined when it trusts no read-only phase. */
export function planPhaseTrust(fic: Pick<FederatedCredential, 'issuer' | 'subject' | 'claimsMatchingExpression'>): PlanPhaseTrust | undefined {
  const expression = fic.claimsMatchingExpression;
  if (expression === undefined || expression === null) return exactPlanTrust(fic.issuer, fic.subject ?? '');
  const parsed = parseClaimsExpression(expression.value);
  if (!parsed.ok) return undefined;
  const subs = parsed.clauses.filter((clause) => clause.claim === 'sub');
  const first = subs[0];
  if (first === undefined) return undefined;
  // An eq clause is an exact subject: judge it as one.
  const exact = subs.find((clause) => clause.operator === 'eq' || firstWildcard(clause.value) < 0);
  if (exact !== undefined) {
    if (!subs.every((clause) => clauseAccepts(clause, exact.value))) return undefined;
    const trust = exactPlanTrust(fic.issuer, exact.value);
    return trust === undefined ? undefined : { ...trust, flexible: true };
  }
  if (subjectFormat(fic.issuer, first.value) !== 'terraform-cloud') return undefined;
  if (!subs.every((clause) => patternAdmitsPhase(clause, 'plan'))) return undefined;
  return {
    platform: 'terraform-cloud',
    target: tfcPatternTarget(first.value),
    phase: phaseOf(first.value),
    applySubject: undefined,
    admitsApply: subs.every((clause) => patternAdmitsPhase(clause, 'apply')),
    flexible: true,
  };
}

/** True when a credential accepts this exact subject (standard: equal; flexible: every `sub` clause accepts it). */
export function acceptsSubject(fic: Pick<FederatedCredential, 'subject' | 'claimsMatchingExpression'>, subject: string): boolean {
  const expression = fic.claimsMatchingExpression;
  if (expression === undefined || expression === null) return fic.subject === subject;
  const parsed = parseClaimsExpression(expression.value);
  if (!parsed.ok) return false;
  const subs = parsed.clauses.filter((clause) => clause.claim === 'sub');
  return subs.length > 0 && subs.every((clause) => clauseAccepts(clause, subject));
}

function exactPlanTrust(issuer: string, subject: string): PlanPhaseTrust | undefined {
  const format = subjectFormat(issuer, subject);
  if (format === 'terraform-cloud') {
    const match = /^(.*):run_phase:plan$/.exec(subject);
    if (match === null) return undefined;
    const prefix = match[1] ?? '';
    const claims = pairs(prefix);
    const target = `workspace ${claims.get('organization') ?? '?'}/${claims.get('project') ?? '?'}/${claims.get('workspace') ?? '?'}`;
    return { platform: 'terraform-cloud', target, phase: 'run_phase:plan', applySubject: `${prefix}:run_phase:apply`, admitsApply: false, flexible: false };
  }
  if (format === 'spacelift') {
    const claims = pairs(subject);
    const scope = claims.get('scope');
    const runType = claims.get('run_type');
    if (scope !== 'read' && runType !== 'PROPOSED') return undefined;
    const kind = claims.has('stack') ? 'stack' : claims.has('module') ? 'module' : undefined;
    const id = kind === undefined ? undefined : claims.get(kind);
    const space = claims.get('space');
    const target = kind === undefined || id === undefined ? 'a Spacelift stack' : `${kind} ${id}${space === undefined ? '' : ` in space ${space}`}`;
    // The write twin: a tracked run with write scope on the same stack ([S21], secondary).
    const applySubject = space === undefined || kind === undefined || id === undefined ? undefined : `space:${space}:${kind}:${id}:run_type:TRACKED:scope:write`;
    return { platform: 'spacelift', target, phase: scope === 'read' ? 'scope:read' : 'run_type:PROPOSED', applySubject, admitsApply: false, flexible: false };
  }
  return undefined;
}

/**
 * Whether a TFC `sub` pattern admits a run phase: from its literal `run_phase:` value when present, else when the
 * pattern ends with `*` (the wildcard can absorb `…:run_phase:<phase>`) (inference).
 */
function patternAdmitsPhase(clause: ClaimClause, phase: 'plan' | 'apply'): boolean {
  if (clause.operator === 'eq') return clause.value.endsWith(`:run_phase:${phase}`);
  const at = clause.value.lastIndexOf('run_phase:');
  if (at >= 0) return wildcardMatches(clause.value.slice(at + 'run_phase:'.length), phase);
  return clause.value.endsWith('*');
}

function phaseOf(pattern: string): string {
  const at = pattern.lastIndexOf('run_phase:');
  return at >= 0 ? pattern.slice(at) : 'run_phase (any, by wildcard)';
}

function tfcPatternTarget(pattern: string): string {
  const at = firstWildcard(pattern);
  const prefix = at < 0 ? pattern : pattern.slice(0, at);
  // The workspace is bound only when its whole value precedes the first wildcard (`workspace:<w>:`).
  const workspace = /(?:^|:)workspace:([^:]+):/.exec(prefix)?.[1];
  if (workspace === undefined) return `workspaces matching ${pattern}`;
  const claims = pairs(prefix);
  return `workspace ${claims.get('organization') ?? '?'}/${claims.get('project') ?? '?'}/${workspace}`;
}

function pairs(subject: string): Map<string, string> {
  const tokens = subject.split(':');
  const map = new Map<string, string>();
  for (let index = 0; index + 1 < tokens.length; index += 2) map.set(tokens[index] ?? '', tokens[index + 1] ?? '');
  return map;
}
