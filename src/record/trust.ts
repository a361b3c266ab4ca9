/**
 * Who can become an identity through its federated credentials: each FIC with its issuer, subject, audiences
 * and flexible expression verbatim, the provider behind the issuer, the subject taken apart (repository,
 * branch, environment, workspace, namespace/service account…) and, in words, who can mint a token it accepts.
 * The judgement (breadth, who, unmatchable) is the provider descriptors' own (src/rules/providers/).
 */
import type { RunFacts } from '../engine/facts.js';
import type { FederatedCredential } from '../inventory/model.js';
import { describeSubject } from '../rules/providers/index.js';
import type { TrustEntry } from './schema.js';

/** Issuer and breadth verdicts come from the run's facts, so export and scan judge a credential once and alike. */
export function trustOf(fic: FederatedCredential, facts: Pick<RunFacts, 'issuerProvider' | 'subjectBreadth'>): TrustEntry {
  const verdict = facts.subjectBreadth(fic);
  const expression = fic.claimsMatchingExpression ?? null;
  // The run's issuer verdicts (the same judgement, remembered per issuer) rather than judging the issuer again.
  const described = fic.subject === null ? undefined : describeSubject(fic.issuer, fic.subject, facts.issuerProvider);
  return {
    id: fic.id,
    name: fic.name,
    issuer: fic.issuer,
    subject: fic.subject,
    audiences: [...fic.audiences],
    claimsMatchingExpression: expression === null ? null : expression.value,
    provider: facts.issuerProvider(fic.issuer) ?? 'unknown',
    subjectFormat: verdict.format,
    // describeSubject makes its fields for this call alone: no copy (on the 100k tenant the copies were 6 MB of the peak).
    decodedSubject: described === undefined ? {} : described.fields,
    whoCanMint: described?.unmatchable === undefined ? verdict.who : described.whoCanMint,
    breadth: verdict.breadth,
  };
}
