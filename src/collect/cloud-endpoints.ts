/**
 * Endpoints and token scopes of each Azure cloud, and the MI_AUDIT_*_ENDPOINT overrides (origins only).
 * Login hosts are the identity library's authority hosts for the sovereign clouds.
 */
import { UsageError } from '../core/errors.js';
import type { Cloud } from '../snapshot/schema.js';

export interface CloudEndpoints {
  /** ARM origin, e.g. https://management.azure.com */
  readonly arm: string;
  /** Graph origin, e.g. https://graph.microsoft.com */
  readonly graph: string;
  readonly authorityHost: string;
  readonly armScope: string;
  readonly graphScope: string;
}

const CLOUD_ENDPOINTS: Readonly<Record<Cloud, CloudEndpoints>> = {
  AzureCloud: {
    arm: 'https://management.azure.com',
    graph: 'https://graph.microsoft.com',
    authorityHost: 'https://login.microsoftonline.com',
    armScope: 'https://management.azure.com/.default',
    graphScope: 'https://graph.microsoft.com/.default',
  },
  AzureUSGovernment: {
    arm: 'https://management.usgovcloudapi.net',
    graph: 'https://graph.microsoft.us',
    authorityHost: 'https://login.microsoftonline.us',
    armScope: 'https://management.usgovcloudapi.net/.default',
    graphScope: 'https://graph.microsoft.us/.default',
  },
  AzureChinaCloud: {
    arm: 'https://management.chinacloudapi.cn',
    graph: 'https://microsoftgraph.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    armScope: 'https://management.chinacloudapi.cn/.default',
    graphScope: 'https://microsoftgraph.chinacloudapi.cn/.default',
  },
};

export function cloudEndpoints(cloud: Cloud, overrides: { readonly arm?: string | undefined; readonly graph?: string | undefined } = {}): CloudEndpoints {
  const base = CLOUD_ENDPOINTS[cloud];
  return {
    ...base,
    arm: overrides.arm === undefined ? base.arm : parseOrigin(overrides.arm, 'MI_AUDIT_ARM_ENDPOINT'),
    graph: overrides.graph === undefined ? base.graph : parseOrigin(overrides.graph, 'MI_AUDIT_GRAPH_ENDPOINT'),
  };
}

/** An override must be a bare https origin: tokens are never sent over plain http, and paths would be ambiguous. */
function parseOrigin(value: string, variable: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${variable} is not a URL`, { hint: 'use an origin such as https://management.azure.com' });
  }
  if (url.protocol !== 'https:') throw new UsageError(`${variable} must use https`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new UsageError(`${variable} must be an origin without a path`, { hint: 'for example https://management.azure.com' });
  }
  return url.origin;
}
