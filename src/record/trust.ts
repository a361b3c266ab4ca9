/**
 * Who can become an identity through its federated credentials: each FIC with its issuer, subject, audiences
 * and flexible expression verbatim, the provider behind the issuer, the subject taken apart (repository,
 * branch, environment, workspace, namespace/service account…) and, in words, who can mint a token it accepts.
 * The judgement (breadth, who, unmatchable) is the provider descriptors' own (src/rules/providers/).
 */
import type { FederatedCredential } from '../inventory/model.js';
import { describeSubject } from '../rules/providers/index.js';
import { issuerProvider } from '../rules/util/issuer-verdict.js';
import { subjectBreadth } from '../rules/util/subject-breadth.js';
import type { TrustEntry } from './schema.js';

export function trustOf(fic: FederatedCredential): TrustEntry {
  const verdict = subjectBreadth(fic);
  const expression = fic.claimsMatchingExpression ?? null;
  const described = fic.subject === null ? undefined : describeSubject(fic.issuer, fic.subject);
  return {
    id: fic.id,
    name: fic.name,
    issuer: fic.issuer,
    subject: fic.subject,
    audiences: [...fic.audiences],
    claimsMatchingExpression: expression === null ? null : expression.value,
    provider: issuerProvider(fic.issuer) ?? 'unknown',
    subjectFormat: verdict.format,
    decodedSubject: described === undefined ? {} : { ...described.fields },
    whoCanMint: described?.unmatchable === undefined ? verdict.who : described.whoCanMint,
    breadth: verdict.breadth,
  };
}
