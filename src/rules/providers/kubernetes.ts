/**
 * Kubernetes service-account tokens (AKS and self-managed issuers, EKS): `sub` is
 * `system:serviceaccount:<NAMESPACE>:<SERVICE_ACCOUNT>` ([S4][S19];
 * https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/). Namespaces are lowercase
 * DNS labels and service-account names lowercase DNS subdomains, so other shapes are never emitted.
 */
import { GUID_PATTERN } from '../../azure/ids.js';
import type { FederationProvider, Unmatchable, Verdict } from './types.js';

const PREFIX = 'system:serviceaccount:';
const SERVICE_ACCOUNT = /^system:serviceaccount:([^:]+):([^:]+)$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Namespace and service account of an exact subject, or undefined. */
export function serviceAccountOf(subject: string): { namespace: string; serviceAccount: string } | undefined {
  const match = SERVICE_ACCOUNT.exec(subject);
  return match === null ? undefined : { namespace: match[1] ?? '', serviceAccount: match[2] ?? '' };
}

function read(subject: string): Verdict {
  const account = serviceAccountOf(subject);
  return { breadth: 2, who: account === undefined ? 'one Kubernetes subject' : `service account ${account.namespace}/${account.serviceAccount}` };
}

function unmatchable(subject: string): Unmatchable | undefined {
  if (subject.startsWith('system:serviceaccounts:')) {
    // The plural is the group every service account of a namespace belongs to, never a token's sub.
    const rest = subject.slice('system:serviceaccounts:'.length);
    return { reason: 'system:serviceaccounts:… is a group name, never a token subject: Kubernetes writes system:serviceaccount:NAMESPACE:NAME', suggestion: rest.includes(':') ? `${PREFIX}${rest}` : undefined };
  }
  if (!subject.startsWith(PREFIX)) {
    const parts = subject.split(/[:/]/);
    const suggestion = parts.length === 2 ? `${PREFIX}${parts[0] ?? ''}:${parts[1] ?? ''}` : undefined;
    return { reason: 'Kubernetes service-account tokens carry system:serviceaccount:NAMESPACE:NAME', suggestion };
  }
  const rest = subject.slice(PREFIX.length);
  const parts = rest.split(':');
  if (parts.length !== 2) {
    const slashed = rest.split('/');
    const suggestion = parts.length === 1 && slashed.length === 2 ? `${PREFIX}${slashed[0] ?? ''}:${slashed[1] ?? ''}` : undefined;
    return { reason: `${JSON.stringify(rest)} is not NAMESPACE:NAME`, suggestion };
  }
  const [namespace = '', account = ''] = parts;
  if (!DNS_LABEL.test(namespace)) return { reason: `namespace ${JSON.stringify(namespace)} is not a valid Kubernetes name (lowercase letters, digits, '-')`, suggestion: lowerFix(subject) };
  if (!DNS_SUBDOMAIN.test(account)) return { reason: `service account ${JSON.stringify(account)} is not a valid Kubernetes name (lowercase letters, digits, '-', '.')`, suggestion: lowerFix(subject) };
  return undefined;
}

function lowerFix(subject: string): string | undefined {
  const lowered = subject.toLowerCase();
  return lowered !== subject && unmatchable(lowered) === undefined ? lowered : undefined;
}

function pattern(value: string, at: number): Verdict {
  const prefix = value.slice(0, at);
  const rest = prefix.startsWith(PREFIX) ? prefix.slice(PREFIX.length) : undefined;
  if (rest === undefined || !rest.includes(':')) return { breadth: 4, who: `any service account in any namespace (${value})` };
  return { breadth: 3, who: `any service account in namespace ${rest.slice(0, rest.indexOf(':'))} (${value})` };
}

export const KUBERNETES: FederationProvider = {
  id: 'kubernetes',
  label: 'Kubernetes',
  issuers: ['aks', 'aws-eks'],
  issuerForms: [
    // AKS: current regional form, older global form, Microsoft-owned blob form; all end with `/` ([S20][S19][S4]).
    { provider: 'aks', host: /^[a-z0-9]+\.oic\.prod-aks\.azure\.com$/, path: new RegExp(`^/${GUID_PATTERN}/${GUID_PATTERN}/$`), trailingSlash: true, canonicalHost: true, source: '[S20][S19]' },
    { provider: 'aks', host: /^oidc\.prod-aks\.azure\.com$/, path: new RegExp(`^/${GUID_PATTERN}/$`), trailingSlash: true, canonicalHost: true, source: '[S19]' },
    { provider: 'aks', host: /^aksoic[a-z0-9]+\.blob\.core\.windows\.net$/, path: new RegExp(`^/${GUID_PATTERN}/$`), trailingSlash: true, canonicalHost: true, source: '[S4]' },
    { provider: 'aws-eks', host: /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com$/, path: /^\/id\/[A-Za-z0-9]+$/, trailingSlash: false, canonicalHost: true, source: '[S19] (secondary)' },
  ],
  lookalikeHosts: ['.oic.prod-aks.azure.com', 'oidc.prod-aks.azure.com'],
  // The ARM spec's AKS example is outside the documented flexible issuers ([S41]).
  flexible: [],
  looksLike: (subject) => subject.startsWith('system:serviceaccount'),
  read,
  fields: (subject): Readonly<Record<string, string>> => {
    const account = serviceAccountOf(subject);
    return account === undefined ? {} : { namespace: account.namespace, serviceAccount: account.serviceAccount };
  },
  unmatchable,
  mutable: () => undefined,
  pattern,
};
