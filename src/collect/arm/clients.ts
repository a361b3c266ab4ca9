/**
 * Factory of the ARM SDK clients, all pointed at one endpoint with one ARM-only credential and the hardened
 * pipeline. SDK modules are imported lazily (`await import`) so `mi-audit --help` never loads them.
 */
import type { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { ManagementGroupsAPI } from '@azure/arm-managementgroups';
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { ManagedServiceIdentityClient } from '@azure/arm-msi';
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { TokenCredential } from '@azure/core-auth';
import type { Pipeline } from '@azure/core-rest-pipeline';

import type { HttpGate } from '../http/http-gate.js';
import type { RetrySettings } from '../http/retry-decision.js';
import { hardenArmPipeline } from './pipeline.js';

export interface ArmSettings {
  readonly endpoint: string;
  readonly scope: string;
  readonly credential: TokenCredential;
  readonly gate: HttpGate;
  readonly retry: RetrySettings;
  /** Extra trusted CA (PEM) for tests; production trusts Node's defaults, so NODE_EXTRA_CA_CERTS works. */
  readonly tlsCa?: string | undefined;
}

/** ARG 5.0.0-beta.4 defaults to 2021-06-01-preview; 2024-04-01 is the newest stable (NOTES.md §1, probe F2). */
const RESOURCE_GRAPH_API_VERSION = '2024-04-01';
/** claimsMatchingExpression exists only in preview versions (NOTES.md §1); a preview is a superset of 2024-11-30. */
export const FLEXIBLE_FIC_API_VERSION = '2025-05-31-preview';

export interface ArmClients {
  subscriptions(): Promise<SubscriptionClient>;
  managementGroups(): Promise<ManagementGroupsAPI>;
  resourceGraph(): Promise<ResourceGraphClient>;
  resources(subscriptionId: string): Promise<ResourceManagementClient>;
  identities(subscriptionId: string): Promise<ManagedServiceIdentityClient>;
  federatedCredentials(subscriptionId: string): Promise<ManagedServiceIdentityClient>;
  authorization(subscriptionId: string): Promise<AuthorizationManagementClient>;
}

export function createArmClients(settings: ArmSettings): ArmClients {
  const options = {
    endpoint: settings.endpoint,
    credentialScopes: [settings.scope],
    userAgentOptions: { userAgentPrefix: 'mi-audit' },
    ...(settings.tlsCa === undefined ? {} : { tlsOptions: { ca: settings.tlsCa } }),
  };
  const cache = new Map<string, Promise<unknown>>();
  const harden = <T extends { pipeline: Pipeline }>(client: T): T => {
    hardenArmPipeline(client.pipeline, settings.gate, settings.retry);
    return client;
  };
  const memo = <T>(key: string, build: () => Promise<T>): Promise<T> => {
    const known = cache.get(key);
    if (known !== undefined) return known as Promise<T>;
    const created = build();
    cache.set(key, created);
    return created;
  };
  return {
    subscriptions: () =>
      memo('subscriptions', async () => {
        const { SubscriptionClient } = await import('@azure/arm-resources-subscriptions');
        return harden(new SubscriptionClient(settings.credential, options));
      }),
    managementGroups: () =>
      memo('managementGroups', async () => {
        const { ManagementGroupsAPI } = await import('@azure/arm-managementgroups');
        return harden(new ManagementGroupsAPI(settings.credential, options));
      }),
    resourceGraph: () =>
      memo('resourceGraph', async () => {
        const { ResourceGraphClient } = await import('@azure/arm-resourcegraph');
        return harden(new ResourceGraphClient(settings.credential, { ...options, apiVersion: RESOURCE_GRAPH_API_VERSION }));
      }),
    resources: (subscriptionId) =>
      memo(`resources:${subscriptionId}`, async () => {
        const { ResourceManagementClient } = await import('@azure/arm-resources');
        return harden(new ResourceManagementClient(settings.credential, subscriptionId, options));
      }),
    identities: (subscriptionId) =>
      memo(`identities:${subscriptionId}`, async () => {
        const { ManagedServiceIdentityClient } = await import('@azure/arm-msi');
        return harden(new ManagedServiceIdentityClient(settings.credential, subscriptionId, options));
      }),
    federatedCredentials: (subscriptionId) =>
      memo(`fic:${subscriptionId}`, async () => {
        const { ManagedServiceIdentityClient } = await import('@azure/arm-msi');
        return harden(new ManagedServiceIdentityClient(settings.credential, subscriptionId, { ...options, apiVersion: FLEXIBLE_FIC_API_VERSION }));
      }),
    authorization: (subscriptionId) =>
      memo(`authorization:${subscriptionId}`, async () => {
        const { AuthorizationManagementClient } = await import('@azure/arm-authorization');
        return harden(new AuthorizationManagementClient(settings.credential, subscriptionId, options));
      }),
  };
}
