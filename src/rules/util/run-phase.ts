/**
 * Read-only CI phases: the Terraform Cloud `plan` phase, whose tokens
 * are minted for speculative plans of pull requests [S16] (secondary), and Spacelift `scope:read` /
 * `run_type:PROPOSED` runs [S21] (secondary). Subjects:
 *   TFC        organization:<o>:project:<p>:workspace:<w>:run_phase:<plan|apply>   ([S16])
 *   Spacelift  space:<s>:(stack|module):<id>:run_type:<T>:scope:<read|write>       ([S21], secondary)
 * A FIC trusts a plan phase when its exact subject is one, or when every `sub` clause of its flexible expression
 * admits one (clauses are joined by `and`).
 */
import type { FederatedCredential } from '../../inventory/model.js';
import { clauseAccepts, firstWildcard, parseClaimsExpression } from './flexible-expression.js';
import { type IssuerProviderLookup, providerOf } from '../providers/index.js';
import { issuerProvider } from './issuer-verdict.js';
import { tfcPatternAdmitsPhase, tfcPatternPhase, tfcPatternTarget } from '../providers/terraform-cloud.js';

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
export function planPhaseTrust(
  fic: Pick<FederatedCredential, 'issuer' | 'subject' | 'claimsMatchingExpression'>,
  lookup: IssuerProviderLookup = issuerProvider,
): PlanPhaseTrust | undefined {
  const expression = fic.claimsMatchingExpression;
  if (expression === undefined || expression === null) return exactPlanTrust(fic.issuer, fic.subject ?? '', lookup);
  const parsed = parseClaimsExpression(expression.value);
  if (!parsed.ok) return undefined;
  const subs = parsed.clauses.filter((clause) => clause.claim === 'sub');
  const first = subs[0];
  if (first === undefined) return undefined;
  // An eq clause is an exact subject: judge it as one.
  const exact = subs.find((clause) => clause.operator === 'eq' || firstWildcard(clause.value) < 0);
  if (exact !== undefined) {
    if (!subs.every((clause) => clauseAccepts(clause, exact.value))) return undefined;
    const trust = exactPlanTrust(fic.issuer, exact.value, lookup);
    return trust === undefined ? undefined : { ...trust, flexible: true };
  }
  if (providerOf(fic.issuer, first.value, lookup)?.id !== 'terraform-cloud') return undefined;
  if (!subs.every((clause) => tfcPatternAdmitsPhase(clause, 'plan'))) return undefined;
  return {
    platform: 'terraform-cloud',
    target: tfcPatternTarget(first.value),
    phase: tfcPatternPhase(first.value),
    applySubject: undefined,
    admitsApply: subs.every((clause) => tfcPatternAdmitsPhase(clause, 'apply')),
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

function exactPlanTrust(issuer: string, subject: string, lookup: IssuerProviderLookup): PlanPhaseTrust | undefined {
  const provider = providerOf(issuer, subject, lookup);
  const phase = provider?.readOnlyPhase?.(subject);
  if (provider === undefined || phase === undefined || (provider.id !== 'terraform-cloud' && provider.id !== 'spacelift')) return undefined;
  return { platform: provider.id, ...phase, admitsApply: false, flexible: false };
}
