/**
 * Demo instances of the "Who can become it?" categories (issuer, audience, broad-subject, mutable-subject,
 * cross-tenant, dangling-federation, takeover-path, blast-radius).
 */
import type { DemoTenant } from './base.js';

export function addWhoCanBecomeIt(demo: DemoTenant): void {
  const { t, sub } = demo;

  // audience: a FIC whose audience carries a trailing slash and can never match.
  const reports = t.uami({ name: 'id-reports-export', subscription: sub.prod, resourceGroup: 'rg-reports-prod', tags: { environment: 'prod' } });
  t.fic(reports, {
    name: 'reports-nightly',
    issuer: 'https://token.actions.githubusercontent.com',
    subject: 'repo:contoso@1234567/reports@3456789:environment:production',
    audiences: ['api://AzureADTokenExchange/'],
  });
  t.assign(reports, 'Storage Blob Data Reader', demo.storageOrders.id);
}
