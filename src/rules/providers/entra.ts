/**
 * Microsoft Entra ID as the issuer ([S8]): for MI-as-FIC the subject is the managed
 * identity's object (principal) id, a lowercase GUID compared case-sensitively; Azure DevOps service connections
 * on the Entra issuer carry `/eid1/c/pub/t/<tenant>/a/<app>/sc/<org-id>/<connection-id>` (secondary)
 * (https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity).
 * The issuer is `https://login.microsoftonline.com/{tenant}/v2.0`; v1 (`https://sts.windows.net/{tenant}/`), alias
 * and sovereign login hosts are recognised too so that the tenant can be read from any of them.
 */
import { GUID_PATTERN, isGuid } from '../../azure/ids.js';
import type { FederationProvider, Unmatchable, Verdict } from './types.js';

export interface EntraIssuer {
  /** Lowercase host. */
  readonly host: string;
  /** The tenant segment verbatim (a GUID, a domain, or `common`/`organizations`). */
  readonly tenant: string;
  readonly tenantIsGuid: boolean;
}

/**
 * Reads host and tenant from an Entra issuer (v2, v1, alias and sovereign hosts: the issuer forms below); tolerant
 * of casing and slashes (it locates, it does not judge).
 */
export function parseEntraIssuer(issuer: string): EntraIssuer | undefined {
  const match = /^\s*https?:\/\/([^/?#:]+)(?::\d+)?\/([^/?#]+)/i.exec(issuer);
  const host = match?.[1]?.toLowerCase().replace(/\.$/, '');
  const tenant = match?.[2];
  if (host === undefined || tenant === undefined || !ENTRA.issuerForms.some((form) => form.host.test(host))) return undefined;
  return { host, tenant, tenantIsGuid: isGuid(tenant) };
}

const EID_CONNECTION = /^\/eid1\/.*\/sc\/([^/]+)\/([^/]+)$/;

function read(subject: string): Verdict {
  if (isGuid(subject)) return { breadth: 1, who: `the managed identity ${subject}` };
  const connection = EID_CONNECTION.exec(subject);
  if (connection !== null) return { breadth: 2, who: `pipelines authorised to use Azure DevOps service connection ${connection[2] ?? ''}` };
  return { breadth: 2, who: 'one Entra-issued subject' };
}

function unmatchable(subject: string): Unmatchable | undefined {
  if (isGuid(subject) && subject !== subject.toLowerCase()) {
    return { reason: 'Entra writes object ids in lowercase and compares subjects case-sensitively', suggestion: subject.toLowerCase() };
  }
  if (subject.startsWith('sc://') || subject.startsWith('p://')) {
    return { reason: 'sc:// and p:// subjects come from the Azure DevOps issuer (vstoken.dev.azure.com); the Microsoft Entra issuer emits /eid1/…', suggestion: undefined };
  }
  return undefined;
}

export const ENTRA: FederationProvider = {
  id: 'entra',
  label: 'Microsoft Entra ID',
  issuers: ['entra'],
  issuerForms: [
    // Entra v2 issuers for MI-as-FIC / Azure DevOps; sovereign hosts are secondary sources.
    { provider: 'entra', host: /^login\.(microsoftonline\.com|microsoftonline\.us|partner\.microsoftonline\.cn|chinacloudapi\.cn)$/, path: new RegExp(`^/${GUID_PATTERN}/v2\\.0$`), trailingSlash: false, canonicalHost: true, source: '[S8]' },
    // Entra v1 and alias hosts: real Entra issuers, but not the documented FIC form (FIC-ISS-005, [S1-old]).
    { provider: 'entra', host: /^(sts\.windows\.net|login\.windows\.net|login\.microsoft\.com|sts\.chinacloudapi\.cn)$/, path: new RegExp(`^/${GUID_PATTERN}/v2\\.0$`), trailingSlash: false, canonicalHost: false, source: '[S1-old], G.2 FIC-ISS-005' },
  ],
  lookalikeHosts: ['login.microsoftonline.com', 'login.microsoftonline.us', 'login.partner.microsoftonline.cn', 'sts.windows.net', 'login.windows.net', 'login.microsoft.com'],
  flexible: [],
  // A GUID alone could be any provider's id: Entra subjects are recognised by their issuer only.
  looksLike: () => false,
  read,
  fields: (subject): Readonly<Record<string, string>> => {
    if (isGuid(subject)) return { objectId: subject };
    const connection = EID_CONNECTION.exec(subject);
    return connection === null ? {} : { organizationId: connection[1] ?? '', serviceConnectionId: connection[2] ?? '' };
  },
  unmatchable,
  mutable: () => undefined,
  pattern: (value) => ({ breadth: 3, who: `any subject matching ${value}` }),
};
