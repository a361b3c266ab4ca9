/**
 * Entra ID as the issuer of a federated credential: MI-as-FIC and Azure DevOps use
 * `https://login.microsoftonline.com/{tenant}/v2.0`; v1 (`https://sts.windows.net/{tenant}/`), alias hosts and
 * sovereign login hosts are recognised too so that the tenant can be read from any of them.
 */
const ENTRA_HOST = /^(login\.microsoftonline\.com|login\.microsoftonline\.us|login\.partner\.microsoftonline\.cn|login\.chinacloudapi\.cn|sts\.windows\.net|sts\.chinacloudapi\.cn|login\.windows\.net|login\.microsoft\.com)$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface EntraIssuer {
  /** Lowercase host. */
  readonly host: string;
  /** The tenant segment verbatim (a GUID, a domain, or `common`/`organizations`). */
  readonly tenant: string;
  readonly tenantIsGuid: boolean;
}

/** Reads host and tenant from an Entra issuer; tolerant of casing and slashes (it locates, it does not judge). */
export function parseEntraIssuer(issuer: string): EntraIssuer | undefined {
  const match = /^\s*https?:\/\/([^/?#:]+)(?::\d+)?\/([^/?#]+)/i.exec(issuer);
  const host = match?.[1]?.toLowerCase().replace(/\.$/, '');
  const tenant = match?.[2];
  if (host === undefined || tenant === undefined || !ENTRA_HOST.test(host)) return undefined;
  return { host, tenant, tenantIsGuid: GUID.test(tenant) };
}

export function isGuid(value: string): boolean {
  return GUID.test(value);
}
