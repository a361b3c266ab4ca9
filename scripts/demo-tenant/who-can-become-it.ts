/**
 * Demo instances of the "Who can become it?" categories (issuer, audience, broad-subject, mutable-subject,
 * unmatchable-subject, cross-tenant, dangling-federation, takeover-path, blast-radius), each next to a clean look-alike that must
 * stay silent.
 */
import { GITHUB_ISSUER, guid } from '../../test/helpers/tenant-builder.js';
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

  // blast-radius + broad-subject + mutable-subject: the infrastructure pipeline app trusts every pull request of
  // a name-based repository and is Owner of the production subscription: "can open a PR" = "owns prod".
  const infra = t.application({ displayName: 'gh-infrastructure-deploy' });
  t.fic(infra, { name: 'infrastructure-pr', issuer: GITHUB_ISSUER, subject: 'repo:contoso/infrastructure:pull_request', description: 'terraform plan on PRs' });
  t.fic(infra, { name: 'infrastructure-main', issuer: GITHUB_ISSUER, subject: 'repo:contoso@1234567/infrastructure@4567890:environment:production' });
  t.assign(infra, 'Owner', sub.prod.scope);

  // Clean look-alike: PR previews also trust pull_request, but the identity only reads blobs. broad-subject
  // reports it at matrix severity (B3 × T2 = medium); blast-radius stays silent.
  const previews = t.uami({ name: 'id-web-previews', subscription: sub.dev, resourceGroup: 'rg-previews', tags: { environment: 'dev' } });
  t.fic(previews, { name: 'web-pr-previews', issuer: GITHUB_ISSUER, subject: 'repo:contoso@1234567/web@5678901:pull_request' });
  t.assign(previews, 'Storage Blob Data Reader', demo.storageOrders.id);

  // broad-subject (flexible): a platform app that trusts every repository of the contoso organisation and can
  // push images to the shared registry.
  const platformFlex = t.application({ displayName: 'gh-platform-images' });
  t.fic(platformFlex, {
    name: 'all-contoso-repos',
    issuer: GITHUB_ISSUER,
    subject: null,
    claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/*' and claims['repository_owner_id'] eq '1234567'" },
  });
  t.assign(platformFlex, 'AcrPush', demo.registry.id);
  // Clean look-alike: a flexible FIC pinned to one repository id that only wildcards release tags.
  const releases = t.application({ displayName: 'gh-orders-releases' });
  t.fic(releases, {
    name: 'orders-release-tags',
    issuer: GITHUB_ISSUER,
    subject: null,
    claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso@1234567/orders-service@7654321:ref:refs/tags/v*' and claims['repository_id'] eq '7654321'" },
  });
  t.assign(releases, 'AcrPush', demo.registry.id);

  // issuer (look-alike): a signing identity federated with a host that merely starts with GitHub's.
  const signing = t.uami({ name: 'id-release-signing', subscription: sub.platform, resourceGroup: 'rg-signing', tags: { environment: 'prod' } });
  t.fic(signing, { name: 'release-signing', issuer: 'https://token.actions.githubusercontent.com.ci-runner.net', subject: 'repo:contoso@1234567/release-tools@6789012:environment:signing' });
  const signingVault = t.resource({ type: 'Microsoft.KeyVault/vaults', name: 'kv-signing', subscription: sub.platform, resourceGroup: 'rg-signing', keyVault: { enableRbacAuthorization: true, accessPolicies: [] } });
  t.assign(signing, 'Key Vault Secrets Officer', signingVault.id);

  // issuer (non-canonical): Terraform Cloud issuer with a trailing slash (HashiCorp: "no trailing slash").
  const dns = t.application({ displayName: 'tfc-dns-apply' });
  t.fic(dns, { name: 'dns-prod-apply', issuer: 'https://app.terraform.io/', subject: 'organization:contoso:project:platform:workspace:dns-prod:run_phase:apply' });
  t.assign(dns, 'Contributor', t.resourceGroupScope(sub.prod, 'rg-dns-prod'));
  // fic-duplicate: the slash was "fixed" by adding a canonical twin instead of replacing the credential; only the
  // twin can ever match. Clean look-alike: id-reports-export trusts two different environments of one repository.
  t.fic(dns, { name: 'dns-prod-apply-v2', issuer: 'https://app.terraform.io', subject: 'organization:contoso:project:platform:workspace:dns-prod:run_phase:apply' });
  t.fic(reports, { name: 'reports-staging', issuer: GITHUB_ISSUER, subject: 'repo:contoso@1234567/reports@3456789:environment:staging' });

  // issuer (malformed): http:// instead of https://.
  const docs = t.uami({ name: 'id-docs-publish', subscription: sub.dev, resourceGroup: 'rg-docs', tags: { environment: 'dev' } });
  t.fic(docs, { name: 'docs-http', issuer: 'http://token.actions.githubusercontent.com', subject: 'repo:contoso@1234567/docs@8901234:environment:publish' });
  // mutable-subject: the same identity's working credential is name-based although the tenant already uses
  // immutable subjects (contoso@1234567) elsewhere.
  t.fic(docs, { name: 'docs-main', issuer: GITHUB_ISSUER, subject: 'repo:contoso/docs:ref:refs/heads/main' });
  const docsSite = t.resource({ type: 'Microsoft.Storage/storageAccounts', name: 'stcontosodocs', subscription: sub.dev, resourceGroup: 'rg-docs' });
  t.assign(docs, 'Storage Blob Data Contributor', docsSite.id);

  // issuer (unknown, reclaimable hosting): a self-managed cluster publishing its issuer on a storage account.
  const edge = t.uami({ name: 'id-edge-k8s', subscription: sub.dev, resourceGroup: 'rg-edge', tags: { environment: 'dev' } });
  t.fic(edge, { name: 'edge-telemetry', issuer: 'https://contosoedgeoidc.blob.core.windows.net/oidc/', subject: 'system:serviceaccount:telemetry:collector' });

  // dangling-federation (AKS): the batch cluster was deleted; its workload identity still trusts its issuer.
  const batch = t.uami({ name: 'id-batch-worker', subscription: sub.prod, resourceGroup: 'rg-batch-prod', tags: { environment: 'prod' } });
  t.fic(batch, { name: 'batch-worker', issuer: `https://northeurope.oic.prod-aks.azure.com/${t.tenantId}/${guid('aks-batch-deleted-oidc')}/`, subject: 'system:serviceaccount:batch:worker' });
  t.assign(batch, 'Storage Blob Data Contributor', demo.storageOrders.id);
  // Clean look-alike: a second identity on the live prod cluster (exact issuer, exact service account).
  const ledger = t.uami({ name: 'id-ledger-workload', subscription: sub.prod, resourceGroup: 'rg-aks-prod', tags: { environment: 'prod' } });
  t.fic(ledger, { name: 'ledger-api', issuer: demo.aksProdIssuer, subject: 'system:serviceaccount:ledger:ledger-api' });
  t.assign(ledger, 'Storage Blob Data Reader', demo.storageOrders.id);

  // dangling-federation (MI-as-FIC) and its clean look-alike: an app trusts two managed identities of this
  // tenant; one was deleted (Graph no longer resolves it), the other is the live orders identity.
  const reporting = t.application({ displayName: 'app-reporting-api' });
  const deletedMi = guid('deleted-reporting-mi');
  t.raw.unresolvedPrincipalIds.push(deletedMi);
  const home = `https://login.microsoftonline.com/${t.tenantId}/v2.0`;
  t.fic(reporting, { name: 'from-old-reporting-mi', issuer: home, subject: deletedMi });
  t.fic(reporting, { name: 'from-orders-mi', issuer: home, subject: demo.ordersIdentity.principalId });
  t.assign(reporting, 'Reader', t.resourceGroupScope(sub.prod, 'rg-reports-prod'));

  // cross-tenant: a partner tenant's managed identity can become the partner sync app, which reads prod.
  const partner = t.application({ displayName: 'app-fabrikam-sync' });
  t.fic(partner, { name: 'fabrikam-mi', issuer: `https://login.microsoftonline.com/${guid('fabrikam-tenant')}/v2.0`, subject: guid('fabrikam-sync-mi') });
  t.assign(partner, 'Reader', sub.prod.scope);

  // plan-phase-write: the landing-zone workspace runs plan and apply as one identity (TFC_AZURE_RUN_CLIENT_ID), so
  // every speculative plan holds Contributor (medium: the apply twin is on the same identity); the Spacelift network
  // stack trusts pull-request (PROPOSED) runs on a write-capable identity with no write-scope twin (high).
  const landingZones = t.application({ displayName: 'tfc-landing-zones' });
  t.fic(landingZones, { name: 'lz-plan', issuer: 'https://app.terraform.io', subject: 'organization:contoso:project:platform:workspace:landing-zones:run_phase:plan' });
  t.fic(landingZones, { name: 'lz-apply', issuer: 'https://app.terraform.io', subject: 'organization:contoso:project:platform:workspace:landing-zones:run_phase:apply' });
  t.assign(landingZones, 'Contributor', t.resourceGroupScope(sub.platform, 'rg-landing-zones'));
  const spaceliftNetwork = t.uami({ name: 'id-spacelift-network', subscription: sub.platform, resourceGroup: 'rg-spacelift', tags: { environment: 'prod' } });
  t.fic(spaceliftNetwork, { name: 'network-proposed', issuer: 'https://contoso.app.spacelift.io', subject: 'space:root:stack:network-prod:run_type:PROPOSED:scope:read' });
  t.assign(spaceliftNetwork, 'Contributor', t.resourceGroupScope(sub.prod, 'rg-network-prod'));
  // Clean look-alike: the network workspace's plan phase has its own Reader identity (apply is tfc-network-apply).
  const networkPlan = t.uami({ name: 'id-tfc-network-plan', subscription: sub.platform, resourceGroup: 'rg-terraform', tags: { environment: 'prod' } });
  t.fic(networkPlan, { name: 'network-prod-plan', issuer: 'https://app.terraform.io', subject: 'organization:contoso:project:platform:workspace:network-prod:run_phase:plan' });
  t.assign(networkPlan, 'Reader', t.resourceGroupScope(sub.prod, 'rg-network-prod'));

  // kubernetes-shared-namespace: external-dns runs in kube-system on the prod cluster and its identity can change the
  // DNS resource group (B2 × T1 = medium, one step higher for kube-system). Clean look-alikes: payments-api and
  // ledger-api use dedicated namespaces and service accounts.
  const externalDns = t.uami({ name: 'id-aks-external-dns', subscription: sub.prod, resourceGroup: 'rg-aks-prod', tags: { environment: 'prod' } });
  t.fic(externalDns, { name: 'external-dns', issuer: demo.aksProdIssuer, subject: 'system:serviceaccount:kube-system:external-dns' });
  t.assign(externalDns, 'Contributor', t.resourceGroupScope(sub.prod, 'rg-dns-prod'));

  // flexible-credential-invalid: the ARM spec's own example copied onto a user-assigned identity: AKS issuer (not
  // supported for flexible credentials) and an unquoted comparand. Clean look-alike: orders-release-tags above.
  const batchScheduler = t.uami({ name: 'id-batch-scheduler', subscription: sub.dev, resourceGroup: 'rg-batch-dev', tags: { environment: 'dev' } });
  t.fic(batchScheduler, { name: 'batch-any-sa', issuer: demo.aksProdIssuer, subject: null, claimsMatchingExpression: { value: "claims['sub'] matches system:serviceaccount:batch:*" } });
  t.assign(batchScheduler, 'Reader', t.resourceGroupScope(sub.dev, 'rg-batch-dev'));

  // azure-devops-legacy-issuer: a platform pipeline still on the Azure DevOps issuer (retired 2027-07-01). Clean
  // look-alike: the orders pipeline's connection was converted to the Entra issuer.
  const adoPlatform = t.uami({ name: 'id-ado-platform', subscription: sub.platform, resourceGroup: 'rg-pipelines', tags: { environment: 'prod' } });
  t.fic(adoPlatform, { name: 'ado-platform-prod', issuer: `https://vstoken.dev.azure.com/${guid('contoso-ado-org')}`, subject: 'sc://contoso/platform/sc-platform-prod' });
  // The platform's Terraform runs authenticate with the pipeline-scoped token (p://, terraform-provider-azuredevops#1443):
  // name-based (mutable-subject) and on the retiring issuer, with fixes that name the pipeline, not a connection.
  t.fic(adoPlatform, { name: 'ado-platform-terraform', issuer: `https://vstoken.dev.azure.com/${guid('contoso-ado-org')}`, subject: 'p://contoso/platform/terraform-apply' });
  t.assign(adoPlatform, 'Website Contributor', t.resourceGroupScope(sub.platform, 'rg-pipelines'));
  const adoOrders = t.uami({ name: 'id-ado-orders', subscription: sub.prod, resourceGroup: 'rg-orders-prod', tags: { environment: 'prod' } });
  t.fic(adoOrders, {
    name: 'ado-orders-prod',
    issuer: `https://login.microsoftonline.com/${t.tenantId}/v2.0`,
    // Subject shape from secondary sources: /eid1/c/pub/t/<base64url tenant>/a/<base64url app>/sc/<org>/<connection>.
    subject: `/eid1/c/pub/t/${base64urlGuid(t.tenantId)}/a/${base64urlGuid(guid('ado-app'))}/sc/${guid('contoso-ado-org')}/${guid('sc-orders-prod')}`,
  });
  t.assign(adoOrders, 'Website Contributor', t.resourceGroupScope(sub.prod, 'rg-orders-prod'));

  // unmatchable-subject: the IoT deployment identity was federated through the portal template that wrote
  // environment/dev (Azure/login#261), and someone tried to trust every repository with a literal * (Entra matches
  // standard subjects exactly). Neither can ever match, so broad-subject, mutable-subject and blast-radius stay
  // silent on them. Clean look-alike: iot-env-prod, the subject GitHub emits.
  const iot = t.uami({ name: 'id-iot-deploy', subscription: sub.dev, resourceGroup: 'rg-iot-dev', tags: { environment: 'dev' } });
  t.fic(iot, { name: 'iot-env-dev', issuer: GITHUB_ISSUER, subject: 'repo:contoso@1234567/iot-hub@9012345:environment/dev' });
  t.fic(iot, { name: 'iot-any-repo', issuer: GITHUB_ISSUER, subject: 'repo:contoso/*' });
  t.fic(iot, { name: 'iot-env-prod', issuer: GITHUB_ISSUER, subject: 'repo:contoso@1234567/iot-hub@9012345:environment:prod' });
  t.assign(iot, 'Contributor', t.resourceGroupScope(sub.dev, 'rg-iot-dev'));
}

function base64urlGuid(value: string): string {
  return Buffer.from(value.replace(/-/g, ''), 'hex').toString('base64url');
}
