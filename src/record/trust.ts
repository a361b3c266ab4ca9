/**
 * Who can become an identity through its federated credentials: each FIC with its issuer, subject, audiences
 * and flexible expression verbatim, the provider behind the issuer, the subject taken apart (repository,
 * branch, environment, workspace, namespace/service account…) and, in words, who can mint a token it accepts.
 * The judgement (breadth, who) is the rules' own (src/rules/util/subject-breadth.ts).
 */
import type { FederatedCredential } from '../inventory/model.js';
import { parseGitHubSubject } from '../rules/util/github-subject.js';
import { issuerProvider } from '../rules/util/issuer-verdict.js';
import { type SubjectFormat, subjectBreadth } from '../rules/util/subject-breadth.js';
import type { TrustEntry } from './schema.js';

export function trustOf(fic: FederatedCredential): TrustEntry {
  const verdict = subjectBreadth(fic);
  const expression = fic.claimsMatchingExpression ?? null;
  return {
    id: fic.id,
    name: fic.name,
    issuer: fic.issuer,
    subject: fic.subject,
    audiences: [...fic.audiences],
    claimsMatchingExpression: expression === null ? null : expression.value,
    provider: issuerProvider(fic.issuer) ?? 'unknown',
    subjectFormat: verdict.format,
    decodedSubject: fic.subject === null ? {} : decodeSubject(verdict.format, fic.subject),
    whoCanMint: verdict.who,
    breadth: verdict.breadth,
  };
}

/**
 * The named parts of an exact subject, by format. Unrecognised shapes give {} (the raw subject is always in
 * the record). Examples: `repo:contoso/app:environment:prod` → {repository: contoso/app, environment: prod};
 * `system:serviceaccount:orders:api` → {namespace: orders, serviceAccount: api}.
 */
export function decodeSubject(format: SubjectFormat, subject: string): Record<string, string> {
  switch (format) {
    case 'github':
      return decodeGitHub(subject);
    case 'kubernetes': {
      const match = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(subject);
      return match === null ? {} : { namespace: match[1] ?? '', serviceAccount: match[2] ?? '' };
    }
    case 'azure-devops': {
      // sc://<organization>/<project>/<service connection>: https://learn.microsoft.com/azure/devops/pipelines/release/configure-workload-identity
      const match = /^sc:\/\/([^/]+)\/([^/]+)\/(.+)$/.exec(subject);
      return match === null ? {} : { organization: match[1] ?? '', project: match[2] ?? '', serviceConnection: match[3] ?? '' };
    }
    case 'terraform-cloud':
    case 'gitlab':
    case 'spacelift':
      return keyValuePairs(subject);
    case 'entra':
      return { managedIdentityPrincipalId: subject };
    case 'other':
      return {};
  }
}

function decodeGitHub(subject: string): Record<string, string> {
  const parsed = parseGitHubSubject(subject);
  if (parsed === undefined) return {};
  const decoded: Record<string, string> = {};
  if (parsed.repository !== undefined) decoded['repository'] = `${parsed.repository.owner}/${parsed.repository.name}`;
  const context = parsed.context;
  if (context?.kind === 'branch') decoded['branch'] = context.name;
  else if (context?.kind === 'tag') decoded['tag'] = context.name;
  else if (context?.kind === 'environment') decoded['environment'] = context.name;
  else if (context?.kind === 'pull_request') decoded['pullRequest'] = 'any';
  else if (context?.kind === 'ref') decoded['ref'] = context.ref;
  for (const [key, value] of parsed.claims) {
    if (key === 'repo' || key === 'ref' || key === 'environment' || key === 'context') continue;
    decoded[camel(key)] = value;
  }
  return decoded;
}

/** `organization:o:project:p:workspace:w:run_phase:apply` → {organization: o, project: p, workspace: w, runPhase: apply}. */
function keyValuePairs(subject: string): Record<string, string> {
  const tokens = subject.split(':');
  const decoded: Record<string, string> = {};
  for (let index = 0; index + 1 < tokens.length; index += 2) decoded[camel(tokens[index] ?? '')] = tokens[index + 1] ?? '';
  return decoded;
}

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}
