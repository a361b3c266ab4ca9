/**
 * Token sources. One credential per audience, so the ARM token can only ever be asked for by the ARM stack and
 * the Graph token only by the Graph client. MI_AUDIT_ARM_TOKEN / MI_AUDIT_GRAPH_TOKEN are static bearer tokens
 * for automation and tests; otherwise DefaultAzureCredential, imported lazily so --help stays instant.
 */
import type { TokenCredential } from '@azure/core-auth';

import type { CloudEndpoints } from './cloud-endpoints.js';

export interface CollectorCredentials {
  /** Used only by the ARM HTTP stack (scope: the ARM audience). */
  readonly arm: TokenCredential;
  /** Used only by the Graph client. */
  readonly graph: { getAccessToken(): Promise<string> };
}

/** Static tokens are assumed valid for an hour; a rejected one surfaces as a 401 (AuthError). */
export function staticTokenCredential(token: string): TokenCredential {
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

export async function resolveCredentials(
  env: Readonly<Record<string, string | undefined>>,
  endpoints: CloudEndpoints,
): Promise<CollectorCredentials> {
  const armToken = nonEmpty(env['MI_AUDIT_ARM_TOKEN']);
  const graphToken = nonEmpty(env['MI_AUDIT_GRAPH_TOKEN']);
  const shared = armToken === undefined || graphToken === undefined ? await defaultCredential(endpoints) : undefined;
  const arm = armToken === undefined ? (shared as TokenCredential) : staticTokenCredential(armToken);
  const graphCredential = graphToken === undefined ? (shared as TokenCredential) : staticTokenCredential(graphToken);
  return {
    arm,
    graph: {
      async getAccessToken(): Promise<string> {
        const token = await graphCredential.getToken(endpoints.graphScope);
        if (token === null) throw Object.assign(new Error('no Microsoft Graph token was issued'), { name: 'CredentialUnavailableError' });
        return token.token;
      },
    },
  };
}

async function defaultCredential(endpoints: CloudEndpoints): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential({ authorityHost: endpoints.authorityHost });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
