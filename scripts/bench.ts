/**
 * `npm run bench`: speed and memory of the offline pipeline on a synthetic large tenant. Prints figures; it
 * asserts nothing (targets live in docs/benchmark.md, not in timed tests).
 *
 *   npm run bench                 # default size: 40 subscriptions, 20k identities, 100k role assignments
 *   npm run bench -- --scale 0.2  # smaller
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { analyzeSnapshot } from '../src/scan/analyze.js';
import { runRules } from '../src/engine/run.js';
import { buildInventory } from '../src/inventory/build.js';
import { buildReport } from '../src/report/model.js';
import { jsonReporter } from '../src/report/json.js';
import { tableReporter } from '../src/report/table.js';
import { RULES } from '../src/rules/index.js';
import { readSnapshotFile } from '../src/snapshot/read.js';
import type { Snapshot } from '../src/snapshot/schema.js';
import { allBuiltinRoles } from '../test/helpers/builtin-roles.js';
import { guid } from '../test/helpers/tenant-builder.js';

const scaleArg = process.argv.indexOf('--scale');
const scale = scaleArg >= 0 ? Number(process.argv[scaleArg + 1]) : 1;
const size = {
  subscriptions: Math.max(2, Math.round(40 * scale)),
  identities: Math.round(20_000 * scale),
  resources: Math.round(50_000 * scale),
  assignments: Math.round(100_000 * scale),
  fics: Math.round(10_000 * scale),
  apps: Math.round(2_000 * scale),
};

function syntheticTenant(): Snapshot {
  const tenantId = guid('bench-tenant');
  const roles = allBuiltinRoles();
  const subs = Array.from({ length: size.subscriptions }, (_, i) => ({
    subscriptionId: guid(`bench-sub-${i}`),
    displayName: `sub-${i % 3 === 0 ? 'prod' : 'dev'}-${i}`,
    managementGroupId: '/providers/Microsoft.Management/managementGroups/bench',
  }));
  const subOf = (i: number): (typeof subs)[number] => subs[i % subs.length] ?? subs[0]!;
  const identities = Array.from({ length: size.identities }, (_, i) => {
    const sub = subOf(i);
    const id = `/subscriptions/${sub.subscriptionId}/resourceGroups/rg-${i % 2000}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-${i}`;
    return { id, name: `id-${i}`, location: 'westeurope', subscriptionId: sub.subscriptionId, resourceGroup: `rg-${i % 2000}`, tenantId, principalId: guid(`p-${i}`), clientId: guid(`c-${i}`) };
  });
  const types = ['Microsoft.Web/sites', 'Microsoft.Compute/virtualMachines', 'Microsoft.Storage/storageAccounts', 'Microsoft.KeyVault/vaults'];
  const resources = Array.from({ length: size.resources }, (_, i) => {
    const sub = subOf(i);
    const type = types[i % types.length] ?? 'Microsoft.Web/sites';
    const identity = identities[(i * 7) % identities.length];
    const id = `/subscriptions/${sub.subscriptionId}/resourceGroups/rg-${i % 2000}/providers/${type}/res-${i}`;
    return {
      id,
      name: `res-${i}`,
      type,
      location: 'westeurope',
      subscriptionId: sub.subscriptionId,
      resourceGroup: `rg-${i % 2000}`,
      identity:
        i % 2 === 0 && identity !== undefined
          ? { type: 'SystemAssigned, UserAssigned', principalId: guid(`sys-${i}`), userAssignedIdentities: { [identity.id.toLowerCase()]: { principalId: identity.principalId, clientId: identity.clientId } } }
          : { type: 'SystemAssigned', principalId: guid(`sys-${i}`) },
      ...(type === 'Microsoft.KeyVault/vaults'
        ? { keyVault: { enableRbacAuthorization: i % 8 !== 3, accessPolicies: identity === undefined ? [] : [{ tenantId, objectId: identity.principalId, permissions: { secrets: ['get', 'list', i % 16 === 3 ? 'set' : 'get'] } }] } }
        : {}),
    };
  });
  const principals = [...identities.map((identity) => identity.principalId), ...resources.map((resource) => resource.identity.principalId)];
  // ARM refuses a second assignment of one role to one principal at one scope, so skip repeats.
  const seenTriples = new Set<string>();
  const roleAssignments = Array.from({ length: size.assignments }, (_, i) => {
    const sub = subOf(i);
    // Subscription-wide grants are the few broad roles real tenants hand out there; the full catalog goes to
    // resource groups (2000 of them, ~25 resources and ~10 identities each).
    const broadRoles = roles.filter((role) => ['Reader', 'Contributor', 'Owner', 'Monitoring Metrics Publisher'].includes(role.roleName));
    const role = (i % 10 === 0 ? broadRoles[(i / 10) % broadRoles.length] : roles[i % roles.length]) ?? roles[0]!;
    const scope = i % 10 === 0 ? `/subscriptions/${sub.subscriptionId}` : `/subscriptions/${sub.subscriptionId}/resourceGroups/rg-${i % 2000}`;
    const name = guid(`ra-${i}`);
    const principalId = principals[(i * 13) % principals.length] ?? guid('x');
    const triple = `${principalId}|${role.name}|${scope}`;
    if (seenTriples.has(triple)) return undefined;
    seenTriples.add(triple);
    return { id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, name, scope, roleDefinitionId: `/subscriptions/${sub.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role.name}`, principalId, principalType: 'ServicePrincipal', createdOn: '2026-01-01T00:00:00Z' };
  }).filter((assignment) => assignment !== undefined);
  const subjects = ['repo:contoso/app:pull_request', 'repo:contoso@1/app@2:environment:prod', 'system:serviceaccount:default:default', 'repository_owner:contoso', 'repo:contoso/app:ref:refs/heads/main'];
  const federatedIdentityCredentials = Array.from({ length: size.fics }, (_, i) => {
    const owner = identities[i % identities.length]!;
    return { id: `${owner.id}/federatedIdentityCredentials/fic-${i}`, name: `fic-${i}`, owner: { kind: 'userAssignedIdentity' as const, id: owner.id }, issuer: i % 5 === 2 ? `https://westeurope.oic.prod-aks.azure.com/${tenantId}/${guid(`aks-${i}`)}/` : 'https://token.actions.githubusercontent.com', subject: subjects[i % subjects.length] ?? 'x', audiences: ['api://AzureADTokenExchange'] };
  });
  const applications = Array.from({ length: size.apps }, (_, i) => ({ id: guid(`app-${i}`), appId: guid(`appid-${i}`), displayName: `app-${i}`, passwordCredentials: i % 3 === 0 ? [{ keyId: guid(`k-${i}`) }] : [], keyCredentials: [], owners: [] }));
  for (const [i, app] of applications.entries()) {
    federatedIdentityCredentials.push({ id: guid(`afic-${i}`), name: `afic-${i}`, owner: { kind: 'application' as never, id: app.id }, issuer: 'https://token.actions.githubusercontent.com', subject: subjects[i % subjects.length] ?? 'x', audiences: ['api://AzureADTokenExchange'] });
  }
  const servicePrincipals = [
    ...identities.map((identity) => ({ id: identity.principalId, appId: identity.clientId, displayName: identity.name, servicePrincipalType: 'ManagedIdentity', alternativeNames: ['isExplicit=True', identity.id] })),
    ...applications.map((app, i) => ({ id: guid(`sp-${i}`), appId: app.appId, displayName: app.displayName, servicePrincipalType: 'Application', alternativeNames: [] })),
  ];
  return {
    kind: 'mi-audit/snapshot',
    schemaVersion: 1,
    tool: { name: 'mi-audit', version: 'bench' },
    tenantId,
    cloud: 'AzureCloud',
    scope: { kind: 'tenant', ids: [] },
    collectedAt: '2026-11-20T00:00:00Z',
    managementGroups: [{ id: '/providers/Microsoft.Management/managementGroups/bench', name: 'bench', displayName: 'bench', parentId: null }],
    subscriptions: subs,
    resources,
    userAssignedIdentities: identities,
    federatedIdentityCredentials,
    roleDefinitions: roles,
    roleAssignments,
    servicePrincipals,
    applications,
    appRoleAssignments: [],
    directoryRoleDefinitions: [],
    directoryRoleAssignments: [],
    directoryObjects: servicePrincipals.map((sp) => ({ id: sp.id, type: 'servicePrincipal' as const, displayName: sp.displayName })),
    unresolvedPrincipalIds: [guid('gone')],
    deletedIdentityIds: [],
    coverage: { read: [], gaps: [] },
  };
}

const gc = (globalThis as { gc?: () => void }).gc;
function heapMb(): number {
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}
function time<T>(label: string, work: () => T): T {
  const start = performance.now();
  const result = work();
  console.log(`${label.padEnd(34)} ${(performance.now() - start).toFixed(0).padStart(7)} ms`);
  return result;
}

const dir = join(import.meta.dirname, '../.bench');
mkdirSync(dir, { recursive: true });
const file = join(dir, 'large.snapshot.json');
writeFileSync(file, JSON.stringify(syntheticTenant()));
console.log(`synthetic tenant: ${JSON.stringify(size)}, snapshot ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`);
console.log(`node ${process.version}, ${RULES.length} rules\n`);

const baseHeap = heapMb();
const readStart = performance.now();
const snapshot = await readSnapshotFile(file);
console.log(`${'read + validate snapshot'.padEnd(34)} ${(performance.now() - readStart).toFixed(0).padStart(7)} ms`);
const inventory = time('build inventory', () => buildInventory(snapshot));
const findings = time(`run ${RULES.length} rules`, () => runRules(RULES, inventory, new Date()));
const report = time('build report', () => buildReport({ inventory, findings, version: 'bench', generatedAt: new Date(), failOn: 'high' }));
time('render json', () => jsonReporter.render(report, { color: false, columns: 120 }));
time('render table', () => tableReporter.render(report, { color: false, columns: 160 }));
console.log(`\nfindings: ${findings.length}; heap after analysis: ${(heapMb() - baseHeap).toFixed(0)} MB above baseline; rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);

console.log('\nslowest rules:');
const perRule = RULES.map((rule) => {
  const start = performance.now();
  runRules([rule], inventory, new Date());
  return { name: rule.meta.name, ms: performance.now() - start };
}).sort((a, b) => b.ms - a.ms);
for (const entry of perRule.slice(0, 5)) console.log(`  ${entry.name.padEnd(32)} ${entry.ms.toFixed(0).padStart(7)} ms`);

const total = time('analyzeSnapshot (all of the above)', () => analyzeSnapshot({ snapshot, failOn: 'high', now: new Date() }));
void total;
const cli = join(import.meta.dirname, '../bin/mi-audit.js');
const start = performance.now();
const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, 'scan', '--snapshot', file, '--format', 'json', '--output', join(dir, 'report.json'), '--quiet'], { encoding: 'utf8' });
const wall = performance.now() - start;
const maxRssKb = Number(run.stderr.trim().split('\n').pop());
console.log(`\nCLI scan --snapshot (cold process)   ${wall.toFixed(0).padStart(7)} ms wall, exit ${run.status}${Number.isFinite(maxRssKb) ? `, max RSS ${(maxRssKb / 1024).toFixed(0)} MB` : ''}`);
const version = spawnSync(process.execPath, [cli, '--version']);
const versionStart = performance.now();
spawnSync(process.execPath, [cli, '--version']);
console.log(`CLI --version (cold process)        ${(performance.now() - versionStart).toFixed(0).padStart(7)} ms${version.status === 0 ? '' : ' (failed)'}`);
