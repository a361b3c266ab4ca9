/**
 * Known federated-credential issuers, as data (table, retrieved 2026-11-23). Each entry says which
 * hosts belong to a provider and which exact path the provider's `iss` claim carries, trailing slash included,
 * because Entra compares the FIC issuer with the token's `iss` byte for byte ([S9]).
 *
 * Hosts are matched lowercased here only to recognise the provider; the verdict on the raw value is in
 * issuer-verdict.ts.
 */
export const ISSUER_PROVIDERS = [
  'github',
  'github-enterprise-server',
  'gitlab',
  'terraform-cloud',
  'aks',
  'entra',
  'azure-devops',
  'google',
  'aws-cognito',
  'aws-eks',
  'circleci',
  'bitbucket',
  'buildkite',
  'spacelift',
] as const;
export type IssuerProvider = (typeof ISSUER_PROVIDERS)[number];

export interface IssuerRule {
  readonly provider: IssuerProvider;
  /** Lowercase host. */
  readonly host: RegExp;
  /** The exact path after the host in the canonical issuer ('' = nothing, not even a slash). */
  readonly path: RegExp;
  /** Whether the canonical issuer ends with `/` (drives the "trailing slash" verdict). */
  readonly trailingSlash: boolean;
  /** False for legacy hosts whose issuer is valid elsewhere but not the documented FIC form (Entra v1 hosts). */
  readonly canonicalHost: boolean;
  readonly source: string;
}

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const ISSUER_RULES: readonly IssuerRule[] = [
  // github.com, and the GHEC enterprise-unique issuer `…/<enterpriseSlug>` ([S11][S12]).
  { provider: 'github', host: /^token\.actions\.githubusercontent\.com$/, path: /^(\/[A-Za-z0-9_-]+)?$/, trailingSlash: false, canonicalHost: true, source: '[S11][S12]' },
  // GHEC with data residency (ghe.com) ([S11]).
  { provider: 'github', host: /^token\.actions\.[a-z0-9-]+\.ghe\.com$/, path: /^(\/[A-Za-z0-9_-]+)?$/, trailingSlash: false, canonicalHost: true, source: '[S11]' },
  { provider: 'gitlab', host: /^gitlab\.com$/, path: /^$/, trailingSlash: false, canonicalHost: true, source: '[S15][S5]' },
  // Self-managed GitLab: "https://gitlab.example.com where example can be any string" ([S5]).
  { provider: 'gitlab', host: /^gitlab\.[a-z0-9-]+\.[a-z0-9.-]+$/, path: /^$/, trailingSlash: false, canonicalHost: true, source: '[S15][S5]' },
  { provider: 'terraform-cloud', host: /^app\.(eu\.)?terraform\.io$/, path: /^$/, trailingSlash: false, canonicalHost: true, source: '[S16][S5]' },
  // AKS: current regional form, older global form, Microsoft-owned blob form; all end with `/` ([S20][S19][S4]).
  { provider: 'aks', host: /^[a-z0-9]+\.oic\.prod-aks\.azure\.com$/, path: new RegExp(`^/${GUID}/${GUID}/$`), trailingSlash: true, canonicalHost: true, source: '[S20][S19]' },
  { provider: 'aks', host: /^oidc\.prod-aks\.azure\.com$/, path: new RegExp(`^/${GUID}/$`), trailingSlash: true, canonicalHost: true, source: '[S19]' },
  { provider: 'aks', host: /^aksoic[a-z0-9]+\.blob\.core\.windows\.net$/, path: new RegExp(`^/${GUID}/$`), trailingSlash: true, canonicalHost: true, source: '[S4]' },
  // Entra v2 issuers for MI-as-FIC / Azure DevOps; sovereign hosts come from secondary sources.
  { provider: 'entra', host: /^login\.(microsoftonline\.com|microsoftonline\.us|partner\.microsoftonline\.cn|chinacloudapi\.cn)$/, path: new RegExp(`^/${GUID}/v2\\.0$`), trailingSlash: false, canonicalHost: true, source: '[S8]' },
  // Entra v1 and alias hosts: real Entra issuers, but not the documented FIC form (FIC-ISS-005, [S1-old]).
  { provider: 'entra', host: /^(sts\.windows\.net|login\.windows\.net|login\.microsoft\.com|sts\.chinacloudapi\.cn)$/, path: new RegExp(`^/${GUID}/v2\\.0$`), trailingSlash: false, canonicalHost: false, source: '[S1-old], FIC-ISS-005' },
  { provider: 'azure-devops', host: /^vstoken\.dev\.azure\.com$/, path: new RegExp(`^/${GUID}$`), trailingSlash: false, canonicalHost: true, source: '[S17]' },
  { provider: 'azure-devops', host: /^app\.vstoken\.visualstudio\.com$/, path: /^\/[^/]+$/, trailingSlash: false, canonicalHost: true, source: '[S18]' },
  { provider: 'google', host: /^accounts\.google\.com$/, path: /^$/, trailingSlash: false, canonicalHost: true, source: '[S3][S4]' },
  { provider: 'aws-cognito', host: /^cognito-identity\.amazonaws\.com$/, path: /^$/, trailingSlash: false, canonicalHost: true, source: '[S25]' },
  { provider: 'aws-eks', host: /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com$/, path: /^\/id\/[A-Za-z0-9]+$/, trailingSlash: false, canonicalHost: true, source: '[S19] (secondary)' },
  { provider: 'circleci', host: /^oidc\.circleci\.com$/, path: new RegExp(`^/org/${GUID}$`), trailingSlash: false, canonicalHost: true, source: '[S22] (secondary)' },
  { provider: 'bitbucket', host: /^api\.bitbucket\.org$/, path: /^\/2\.0\/workspaces\/[^/]+\/pipelines-config\/identity\/oidc$/, trailingSlash: false, canonicalHost: true, source: '[S23] (secondary)' },
  { provider: 'buildkite', host: /^agent\.buildkite\.com$/, path: /^$/, trailingSlash: false, canonicalHost: true, source: '[S24] (secondary)' },
  { provider: 'spacelift', host: /^[a-z0-9-]+\.app\.spacelift\.io$/, path: /^$/, trailingSlash: false, canonicalHost: true, source: '[S21] (secondary)' },
];

/** GitHub Enterprise Server: `https://<HOSTNAME>/_services/token`, no trailing slash ([S11][S12]). Recognised by path. */
export const GHES_PATH = /^\/_services\/token$/;

/**
 * Hosts attackers imitate ("Look-alike and typo patterns"). A leading `.` means "any one label, then this"
 * (regional AKS hosts, Spacelift accounts).
 */
export const LOOKALIKE_ANCHORS: readonly string[] = [
  'token.actions.githubusercontent.com',
  'gitlab.com',
  'app.terraform.io',
  'app.eu.terraform.io',
  '.oic.prod-aks.azure.com',
  'oidc.prod-aks.azure.com',
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.partner.microsoftonline.cn',
  'sts.windows.net',
  'login.windows.net',
  'login.microsoft.com',
  'vstoken.dev.azure.com',
  'accounts.google.com',
  'cognito-identity.amazonaws.com',
  'oidc.circleci.com',
  'api.bitbucket.org',
  'agent.buildkite.com',
  '.app.spacelift.io',
];

/**
 * Hosting whose names anyone can register again once the owner deletes them: whoever re-registers the name
 * serves discovery and JWKS and can mint tokens (FIC-ISS-004, inference). Microsoft-run AKS blob hosts
 * (`aksoic*`) are excluded because ISSUER_RULES recognises them first.
 */
export const RECLAIMABLE_HOSTING: readonly { readonly host: RegExp; readonly label: string }[] = [
  { host: /^[a-z0-9]+\.(blob|web|z\d+\.web)\.core\.windows\.net$/, label: 'Azure Storage account' },
  { host: /\.azurewebsites\.net$/, label: 'Azure App Service' },
  { host: /\.azureedge\.net$/, label: 'Azure CDN endpoint' },
  { host: /\.github\.io$/, label: 'GitHub Pages' },
  { host: /(^|\.)s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/, label: 'Amazon S3 bucket' },
  { host: /^storage\.googleapis\.com$/, label: 'Google Cloud Storage bucket' },
];

export interface RecognisedIssuer {
  readonly provider: IssuerProvider;
  readonly rule: IssuerRule | undefined;
}

/** The provider a lowercase host (and raw path, for GHES) belongs to, or undefined. */
export function recogniseIssuerHost(host: string, path: string): RecognisedIssuer | undefined {
  const rule = ISSUER_RULES.find((candidate) => candidate.host.test(host));
  if (rule !== undefined) return { provider: rule.provider, rule };
  if (GHES_PATH.test(path.replace(/\/+$/, ''))) return { provider: 'github-enterprise-server', rule: undefined };
  return undefined;
}
