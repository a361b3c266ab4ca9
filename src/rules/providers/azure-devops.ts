/**
 * Azure DevOps on its own issuer (`https://vstoken.dev.azure.com/<org-id>`, retiring 2027-07-01;
 * [S17][S18]). Its subjects are names: `sc://<org>/<project>/<service-connection>` for a service connection and
 * `p://<org>/<project>/<pipeline>` for a pipeline-scoped token (e.g. a Terraform provider run inside a pipeline,
 * https://learn.microsoft.com/en-us/azure/devops/pipelines/release/troubleshoot-workload-identity), so a renamed or
 * recreated organisation, project, connection or pipeline changes or frees the subject (inference). On the Entra
 * issuer the subject is the id-based `/eid1/…/sc/<org-id>/<connection-id>` (entra.ts).
 */
import { GUID_PATTERN } from '../../azure/ids.js';
import type { FederationProvider, MutableName, Unmatchable, Verdict } from './types.js';

const NAMED = /^(sc|p):\/\/([^/]+)\/([^/]+)\/(.+)$/;

export type AzureDevOpsSubject =
  | { readonly kind: 'service-connection'; readonly organization: string; readonly project: string; readonly name: string }
  | { readonly kind: 'pipeline'; readonly organization: string; readonly project: string; readonly name: string };

/** Reads `sc://org/project/connection` or `p://org/project/pipeline`; undefined for any other shape. */
export function parseAzureDevOpsSubject(subject: string): AzureDevOpsSubject | undefined {
  const match = NAMED.exec(subject);
  if (match === null) return undefined;
  const [, scheme = '', organization = '', project = '', name = ''] = match;
  return { kind: scheme === 'sc' ? 'service-connection' : 'pipeline', organization, project, name };
}

/** "service connection contoso/platform/sc-prod" or "pipeline contoso/platform/terraform-apply": how every rule names them. */
export function azureDevOpsLabel(subject: AzureDevOpsSubject): string {
  return `${subject.kind === 'service-connection' ? 'service connection' : 'pipeline'} ${subject.organization}/${subject.project}/${subject.name}`;
}

function read(subject: string): Verdict {
  const parsed = parseAzureDevOpsSubject(subject);
  if (parsed === undefined) return { breadth: 2, who: 'one Azure DevOps subject' };
  // Every pipeline the connection is authorised for can mint its token (inference); invisible from Azure.
  return parsed.kind === 'service-connection'
    ? { breadth: 2, who: `pipelines authorised to use Azure DevOps ${azureDevOpsLabel(parsed)}` }
    : { breadth: 2, who: `runs of Azure DevOps ${azureDevOpsLabel(parsed)}` };
}

function unmatchable(subject: string): Unmatchable | undefined {
  if (parseAzureDevOpsSubject(subject) !== undefined) return undefined;
  if (subject.startsWith('/eid1/')) {
    return { reason: 'an /eid1/… subject is what the Microsoft Entra issuer emits; tokens of the Azure DevOps issuer carry sc://ORG/PROJECT/CONNECTION or p://ORG/PROJECT/PIPELINE', suggestion: undefined };
  }
  return { reason: 'the Azure DevOps issuer emits sc://ORG/PROJECT/CONNECTION or p://ORG/PROJECT/PIPELINE', suggestion: undefined };
}

function mutable(subject: string): MutableName | undefined {
  const parsed = parseAzureDevOpsSubject(subject);
  if (parsed === undefined) return undefined;
  return { kind: parsed.kind === 'service-connection' ? 'azure-devops-connection' : 'azure-devops-pipeline', name: `Azure DevOps ${azureDevOpsLabel(parsed)}`, owner: undefined };
}

export const AZURE_DEVOPS: FederationProvider = {
  id: 'azure-devops',
  label: 'Azure DevOps',
  issuers: ['azure-devops'],
  issuerForms: [
    { provider: 'azure-devops', host: /^vstoken\.dev\.azure\.com$/, path: new RegExp(`^/${GUID_PATTERN}$`), trailingSlash: false, canonicalHost: true, source: '[S17]' },
    { provider: 'azure-devops', host: /^app\.vstoken\.visualstudio\.com$/, path: /^\/[^/]+$/, trailingSlash: false, canonicalHost: true, source: '[S18]' },
  ],
  lookalikeHosts: ['vstoken.dev.azure.com'],
  flexible: [],
  looksLike: (subject) => subject.startsWith('sc://') || subject.startsWith('p://'),
  read,
  fields: (subject): Readonly<Record<string, string>> => {
    const parsed = parseAzureDevOpsSubject(subject);
    return parsed === undefined ? {} : { kind: parsed.kind, organization: parsed.organization, project: parsed.project, name: parsed.name };
  },
  unmatchable,
  mutable,
  // Entra documents no flexible credentials for Azure DevOps.
  pattern: (value) => ({ breadth: 3, who: `any subject matching ${value}` }),
};
