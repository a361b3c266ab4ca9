/**
 * One verdict per raw FIC issuer, most serious first (FIC-ISS-001..003):
 *   malformed      can never be an OIDC issuer: whitespace, control characters, not an absolute https URL,
 * user info, query or fragment, over 600 characters (FIC-ISS-001, [S2]);
 *   lookalike      the host imitates a known issuer: a known host followed by more labels, a known host with
 *                  labels dropped, or within a small edit distance (FIC-ISS-003);
 *   non-canonical  a known provider, but not the exact form its tokens carry: trailing slash where the
 * provider has none (or missing on AKS), host casing, unexpected path (FIC-ISS-002);
 *   unknown        no known provider (FIC-ISS-003/004);
 *   canonical      the provider's exact form.
 * The raw value is judged as is; normalisation happens only to find what it was meant to be.
 */
import { editDistance } from './edit-distance.js';
import {
  type IssuerProvider,
  LOOKALIKE_ANCHORS,
  RECLAIMABLE_HOSTING,
  recogniseIssuerHost,
} from './issuers.js';

export type LookalikeTechnique = 'extra-labels' | 'dropped-labels' | 'typo';

export type IssuerVerdict =
  | { readonly kind: 'malformed'; readonly problems: readonly string[]; readonly intended: string | undefined }
  | { readonly kind: 'lookalike'; readonly host: string; readonly resembles: string; readonly technique: LookalikeTechnique }
  | {
      readonly kind: 'non-canonical';
      readonly provider: IssuerProvider;
      readonly problems: readonly string[];
      /** The canonical form, when it can be derived from the raw value. */
      readonly expected: string | undefined;
    }
  | { readonly kind: 'unknown'; readonly host: string; readonly reclaimableHosting: string | undefined }
  | { readonly kind: 'canonical'; readonly provider: IssuerProvider };

const MAX_ISSUER_LENGTH = 600; // [S2]
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The verdict on one raw issuer. Uncached: a tenant has few distinct issuers while every federation rule asks about
 * every credential, so rules ask `context.facts.issuerVerdict(raw)`, which judges each value once per run.
 */
export function judgeIssuer(raw: string): IssuerVerdict {
  const problems = malformedProblems(raw);
  if (problems.length > 0) {
    const repaired = raw.trim().replace(/^http:\/\//i, 'https://');
    const intended = repaired !== raw && malformedProblems(repaired).length === 0 ? judgeWellFormed(repaired) : undefined;
    const intendedValue =
      intended?.kind === 'canonical' ? repaired : intended?.kind === 'non-canonical' ? intended.expected : undefined;
    return { kind: 'malformed', problems, intended: intendedValue };
  }
  return judgeWellFormed(raw);
}

/** The provider behind an issuer when it is recognisable (canonical, non-canonical or repairable), else undefined. */
export function issuerProvider(raw: string): IssuerProvider | undefined {
  return providerOfVerdict(judgeIssuer(raw), judgeIssuer);
}

/** The provider a verdict names; a repairable malformed issuer is judged again (through `judge`) in its intended form. */
export function providerOfVerdict(verdict: IssuerVerdict, judge: (raw: string) => IssuerVerdict): IssuerProvider | undefined {
  if (verdict.kind === 'canonical' || verdict.kind === 'non-canonical') return verdict.provider;
  if (verdict.kind === 'malformed' && verdict.intended !== undefined) return providerOfVerdict(judge(verdict.intended), judge);
  return undefined;
}

function malformedProblems(raw: string): string[] {
  const problems: string[] = [];
  if (raw !== raw.trim()) problems.push('leading or trailing whitespace');
  if (CONTROL.test(raw)) problems.push('control characters');
  if (raw.length > MAX_ISSUER_LENGTH) problems.push(`longer than ${MAX_ISSUER_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    problems.push('not an absolute URL');
    return problems;
  }
  if (url.protocol !== 'https:') problems.push(`scheme ${url.protocol}// instead of https://`);
  if (url.username !== '' || url.password !== '') problems.push('user info in the URL');
  if (raw.includes('?') || raw.includes('#')) problems.push('query or fragment');
  if (url.hostname === '') problems.push('no host');
  return problems;
}

function judgeWellFormed(raw: string): IssuerVerdict {
  const match = /^https:\/\/([^/?#]*)(.*)$/i.exec(raw);
  const rawAuthority = match?.[1] ?? '';
  const path = match?.[2] ?? '';
  const rawHost = rawAuthority.replace(/:\d+$/, '');
  const host = rawHost.toLowerCase().replace(/\.$/, '');
  // Checked first: gitlab.com.evil.net would otherwise pass for a self-managed GitLab host.
  const extended = extraLabelsLookalike(host);
  if (extended !== undefined) return { kind: 'lookalike', host, resembles: extended, technique: 'extra-labels' };
  const recognised = recogniseIssuerHost(host, path);
  if (recognised === undefined) {
    const lookalike = findLookalike(host);
    if (lookalike !== undefined) return { kind: 'lookalike', host, ...lookalike };
    const reclaimable = RECLAIMABLE_HOSTING.find((entry) => entry.host.test(host));
    return { kind: 'unknown', host, reclaimableHosting: reclaimable?.label };
  }

  const problems: string[] = [];
  if (rawHost !== host) problems.push(rawHost.endsWith('.') ? 'trailing dot in the host' : 'uppercase letters in the host');
  if (rawAuthority !== rawHost) problems.push('explicit port');
  const rule = recognised.rule;
  const expectsSlash = rule?.trailingSlash ?? false;
  const pathPattern = rule?.path ?? /^\/_services\/token$/;
  let fixedPath = path;
  if (rule !== undefined && !rule.canonicalHost) {
    // Entra v1/alias hosts: the fix is the documented v2 issuer of the same tenant, whatever the path was.
    const tenant = /^\/([^/]+)/.exec(path)?.[1];
    const expected = tenant === undefined ? undefined : `https://login.microsoftonline.com/${tenant.toLowerCase()}/v2.0`;
    return { kind: 'non-canonical', provider: recognised.provider, problems: [...problems, `legacy host ${host} (FICs use login.microsoftonline.com/<tenant>/v2.0)`], expected };
  }
  if (!pathPattern.test(path)) {
    const toggled = expectsSlash ? `${path}/` : path.replace(/\/+$/, '');
    if (pathPattern.test(toggled)) {
      problems.push(expectsSlash ? 'missing trailing slash (the provider issues one)' : 'trailing slash (the provider issues none)');
      fixedPath = toggled;
    } else if (recognised.provider === 'entra' && pathPattern.test(path.toLowerCase().replace(/\/+$/, ''))) {
      problems.push('uppercase letters in the tenant id or version');
      fixedPath = path.toLowerCase().replace(/\/+$/, '');
    } else {
      problems.push(`unexpected path ${JSON.stringify(path)}`);
      fixedPath = '';
    }
  }
  if (problems.length === 0) return { kind: 'canonical', provider: recognised.provider };
  const expected = fixedPath === '' && !pathPattern.test('') ? undefined : `https://${host}${fixedPath}`;
  return { kind: 'non-canonical', provider: recognised.provider, problems, expected };
}

/** token.actions.githubusercontent.com.evil.net, token.actions.githubusercontent.com-evil.net, x.gitlab.com.evil.net */
function extraLabelsLookalike(host: string): string | undefined {
  for (const anchor of LOOKALIKE_ANCHORS) {
    const fixed = anchor.startsWith('.') ? anchor.slice(1) : anchor;
    if (host.startsWith(`${fixed}.`) || host.startsWith(`${fixed}-`) || host.includes(`.${fixed}.`) || host.includes(`.${fixed}-`)) {
      return fixed;
    }
  }
  return undefined;
}

function findLookalike(host: string): { resembles: string; technique: LookalikeTechnique } | undefined {
  for (const anchor of LOOKALIKE_ANCHORS) {
    const fixed = anchor.startsWith('.') ? anchor.slice(1) : anchor;
    // githubusercontent.com, actions.githubusercontent.com (labels of the real host dropped)
    if (!anchor.startsWith('.') && fixed.endsWith(`.${host}`) && host.includes('.')) {
      return { resembles: fixed, technique: 'dropped-labels' };
    }
  }
  for (const anchor of LOOKALIKE_ANCHORS) {
    const patterned = anchor.startsWith('.');
    const fixed = patterned ? anchor.slice(1) : anchor;
    const compared = patterned ? host.slice(host.indexOf('.') + 1) : host;
    if (patterned && !host.includes('.')) continue;
    // Short hosts tolerate one edit only, so that e.g. gitea.com is not taken for gitlab.com.
    const limit = fixed.length >= 12 ? 2 : 1;
    const distance = editDistance(compared, fixed);
    if (distance > 0 && distance <= limit) return { resembles: patterned ? `*.${fixed}` : fixed, technique: 'typo' };
  }
  return undefined;
}
