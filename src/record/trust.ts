/**
 * Who can become an identity through its federated credentials: each FIC with its issuer, subject, audiences
 * and flexible expression verbatim, the provider behind the issuer, the subject taken apart (repository,
 * branch, environment, workspace, namespace/service account…) and, in words, who can mint a token it accepts.
 * The judgement (breadth, who, unmatchable) is the provider descriptors' own (src/rules/providers/).
 */
import type { RunFacts } from '../engine/facts.js';
import type { FederatedCredential } from '../inventory/model.js';
import { remember } from '../core/memo.js';
import { type SubjectDescription, describeSubject } from '../rules/providers/index.js';
import type { TrustEntry } from './schema.js';

/** `describeSubject` (src/rules/providers/index.ts) of an issuer and an exact subject. */
export type SubjectDescriber = (issuer: string, subject: string) => SubjectDescription;

/**
 * describeSubject with the run's issuer verdicts, remembered per issuer and subject for as long as the caller keeps
 * the function (one record build): tenants repeat one trust on many identities (12,500 credentials, 505 distinct
 * subjects on the 100k-assignment tenant), and describing each again left its fields as old-generation garbage.
 * Answers, and the records' `decodedSubject` objects, are shared: never mutate them.
 */
export function subjectDescriber(facts: Pick<RunFacts, 'issuerProvider'>): SubjectDescriber {
  const byIssuer = new Map<string, Map<string, SubjectDescription>>();
  return (issuer, subject) => {
    const bySubject = remember(byIssuer, issuer, () => new Map<string, SubjectDescription>());
    return remember(bySubject, subject, () => describeSubject(issuer, subject, facts.issuerProvider));
  };
}

/** Issuer and breadth verdicts come from the run's facts, so export and scan judge a credential once and alike. */
export function trustOf(fic: FederatedCredential, facts: Pick<RunFacts, 'issuerProvider' | 'subjectBreadth'>, describe: SubjectDescriber = subjectDescriber(facts)): TrustEntry {
  const verdict = facts.subjectBreadth(fic);
  const expression = fic.claimsMatchingExpression ?? null;
  const described = fic.subject === null ? undefined : describe(fic.issuer, fic.subject);
  return {
    id: fic.id,
    name: fic.name,
    issuer: fic.issuer,
    subject: fic.subject,
    audiences: [...fic.audiences],
    claimsMatchingExpression: expression === null ? null : expression.value,
    provider: facts.issuerProvider(fic.issuer) ?? 'unknown',
    subjectFormat: verdict.format,
    // Shared, not copied (on the 100k tenant the copies were 6 MB of the peak): the record is read, never changed.
    decodedSubject: described === undefined ? {} : described.fields,
    whoCanMint: described?.unmatchable === undefined ? verdict.who : described.whoCanMint,
    breadth: verdict.breadth,
  };
}
