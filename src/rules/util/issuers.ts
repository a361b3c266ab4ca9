import { AZURE_DEVOPS } from '../providers/azure-devops.js';
import { GUID_PATTERN } from '../../azure/ids.js';
import { ENTRA } from '../providers/entra.js';
import { GHES_PATH, GITHUB } from '../providers/github.js';
import { GITLAB } from '../providers/gitlab.js';
import { KUBERNETES } from '../providers/kubernetes.js';
import { SPACELIFT } from '../providers/spacelift.js';
import { TERRAFORM_CLOUD } from '../providers/terraform-cloud.js';

/**
 * Known federated-credential issuers, as data, gathered from the provider
 * descriptors (src/rules/providers) plus the issuers of providers mi-audit has no subject grammar for. Each entry says which
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

// Imported file by file rather than through providers/index.ts, which itself depends on the issuer verdict.
const PROVIDERS_WITH_ISSUERS = [GITHUB, GITLAB, TERRAFORM_CLOUD, KUBERNETES, ENTRA, AZURE_DEVOPS, SPACELIFT];

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

/** Issuers of providers without a subject descriptor (no subject grammar mi-audit judges). */
const OTHER_ISSUER_RULES: readonly IssuerRule[] = [
  { provider: 'google', host: /^accounts\.google\.com$/, path: /^$/, trailingSlash: false, canonicalHost: true, source: '[S3][S4]' },
  { provider: 'aws-cognito', host: /^cognito-identity\.amazonaws\.com$/, path: /^$/, trailingSlash: false, canonicalHost: true, source: '[S25]' },
  { provider: 'circleci', host: /^oidc\.circleci\.com$/, path: new RegExp(`^/org/${GUID_PATTERN}$`), trailingSlash: false, canonicalHost: true, source: '[S22] (secondary)' },
  { provider: 'bitbucket', host: /^api\.bitbucket\.org$/, path: /^\/2\.0\/workspaces\/[^/]+\/pipelines-config\/identity\/oidc$/, trailingSlash: false, canonicalHost: true, source: '[S23] (secondary)' },
  { provider: 'buildkite', host: /^agent\.buildkite\.com$/, path: /^$/, trailingSlash: false, canonicalHost: true, source: '[S24] (secondary)' },
];

export const ISSUER_RULES: readonly IssuerRule[] = [...PROVIDERS_WITH_ISSUERS.flatMap((provider) => provider.issuerForms), ...OTHER_ISSUER_RULES];

/**
 * Hosts attackers imitate ("Look-alike and typo patterns"). A leading `.` means "any one label, then this"
 * (regional AKS hosts, Spacelift accounts).
 */
export const LOOKALIKE_ANCHORS: readonly string[] = [
  ...PROVIDERS_WITH_ISSUERS.flatMap((provider) => provider.lookalikeHosts),
  'accounts.google.com',
  'cognito-identity.amazonaws.com',
  'oidc.circleci.com',
  'api.bitbucket.org',
  'agent.buildkite.com',
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
