/**
 * Demo instances of the "What can it do?" categories (privileged-role, broad-scope, data-role-preferred,
 * custom-role-wildcard, graph-permission, directory-role, keyvault-access-policy).
 */
import type { DemoTenant } from './base.js';

export function addWhatItCanDo(demo: DemoTenant): void {
  const { t, sub } = demo;

  // privileged-role: a legacy automation identity that is Owner of the production subscription.
  const legacy = t.uami({ name: 'id-legacy-automation', subscription: sub.prod, resourceGroup: 'rg-automation', tags: { environment: 'prod' } });
  t.resource({ type: 'Microsoft.Automation/automationAccounts', name: 'aa-legacy-prod', subscription: sub.prod, resourceGroup: 'rg-automation', userAssigned: [legacy], tags: { environment: 'prod' } });
  t.assign(legacy, 'Owner', sub.prod.scope);

  // broad-scope: the dev platform pipeline identity is Contributor on the whole dev subscription.
  const devCi = t.uami({ name: 'id-dev-platform-ci', subscription: sub.dev, resourceGroup: 'rg-identities', tags: { environment: 'dev' } });
  t.fic(devCi, { name: 'platform-main', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso@1234567/platform@2345678:ref:refs/heads/main' });
  t.assign(devCi, 'Contributor', sub.dev.scope);
}
