/**
 * src/azure/ids.ts: the one reader of ARM ids, GUIDs and role definition ids. The "was" comments name the behaviour
 * of the two parsers this module replaced (inventory/ids.ts and collect/arm/arm-id.ts) where they disagreed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  canonicalArmId,
  canonicalGuid,
  GUID_PATTERN,
  isBroadScopeLevel,
  isGuid,
  managementGroupId,
  parseArmId,
  roleDefinitionGuid,
  scopeLevel,
  subscriptionOf,
} from '../../src/azure/ids.js';

const SUB = '00000000-0000-0000-0000-0000000000aa';
const ROLE = 'b24988ac-6180-42a0-ab88-20f7382dd24c';

describe('canonicalArmId, tidy ids taken the short way', () => {
  it('equals trimming, collapsing slashes and lowercasing, for any id', () => {
    const reference = (id: string): string => {
      const collapsed = id.trim().replace(/\/{2,}/g, '/').replace(/\/+$/, '');
      return (collapsed === '' ? '/' : collapsed).toLowerCase();
    };
    const unit = fc.constantFrom('/', '/', 'a', 'B', 'subscriptions', 'Microsoft.X', ' ', '\u00a0', '\t', '\ufeff', '-', 'É');
    fc.assert(fc.property(fc.array(unit, { maxLength: 12 }).map((parts) => parts.join('')), (id) => assert.equal(canonicalArmId(id), reference(id))), { numRuns: 2000 });
  });
});

describe('canonicalArmId', () => {
  it('lowercases, trims, collapses repeated slashes and drops trailing ones; root stays /', () => {
    assert.equal(canonicalArmId(' /Subscriptions/ABC/resourceGroups/RG//providers/Microsoft.X/y/Z/ '), '/subscriptions/abc/resourcegroups/rg/providers/microsoft.x/y/z');
    assert.equal(canonicalArmId('/'), '/');
    assert.equal(canonicalArmId('//'), '/');
    assert.equal(canonicalArmId(''), '/');
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (id) => canonicalArmId(canonicalArmId(id)) === canonicalArmId(id)));
  });
});

describe('parseArmId', () => {
  it('reads a resource id with any casing of the fixed segments, keeping the casing of names', () => {
    const parsed = parseArmId(`/SUBSCRIPTIONS/${SUB}/ResourceGroups/RG-App/Providers/Microsoft.ManagedIdentity/userAssignedIdentities/Id-Web`);
    assert.deepEqual(parsed, {
      subscriptionId: SUB,
      resourceGroup: 'RG-App',
      typeAsWritten: 'Microsoft.ManagedIdentity/userAssignedIdentities',
      type: 'microsoft.managedidentity/userassignedidentities',
      name: 'Id-Web',
    });
  });

  it('tolerates trailing and repeated slashes and surrounding spaces', () => {
    const plain = parseArmId(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/app`);
    assert.deepEqual(parseArmId(` /subscriptions/${SUB}//resourceGroups/rg/providers/Microsoft.Web/sites/app/ `), plain);
  });

  it('child resources: the full type and the child name', () => {
    const parsed = parseArmId(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Sql/servers/srv/databases/db`);
    assert.equal(parsed.type, 'microsoft.sql/servers/databases');
    assert.equal(parsed.name, 'db');
  });

  it('extension resources: the type and name come from the last providers segment (was: a mixed type in the inventory parser)', () => {
    const id = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks/providers/Microsoft.KubernetesConfiguration/extensions/flux`;
    const parsed = parseArmId(id);
    assert.equal(parsed.type, 'microsoft.kubernetesconfiguration/extensions');
    assert.equal(parsed.typeAsWritten, 'Microsoft.KubernetesConfiguration/extensions');
    assert.equal(parsed.name, 'flux');
    assert.equal(parsed.subscriptionId, SUB);
    assert.equal(parsed.resourceGroup, 'rg');
    assert.equal(scopeLevel(id), 'resource');
  });

  it('a resource named "providers" stays a name, and its children keep their type', () => {
    const site = parseArmId(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/providers`);
    assert.equal(site.type, 'microsoft.web/sites');
    assert.equal(site.name, 'providers');
    const slot = parseArmId(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/providers/slots/staging`);
    assert.equal(slot.type, 'microsoft.web/sites/slots');
    assert.equal(slot.name, 'staging');
  });

  it('subscription and resource group only from the start of the id (was: anywhere in the collector parser)', () => {
    const parsed = parseArmId('/providers/Microsoft.Management/managementGroups/mg/providers/Microsoft.Foo/resourceGroups/rg2');
    assert.equal(parsed.subscriptionId, undefined);
    assert.equal(parsed.resourceGroup, undefined);
    assert.equal(parsed.type, 'microsoft.foo/resourcegroups');
    assert.equal(parsed.name, 'rg2');
    // A resource group called `providers` is a resource group, not a provider segment.
    assert.deepEqual(parseArmId(`/subscriptions/${SUB}/resourceGroups/providers`), { subscriptionId: SUB, resourceGroup: 'providers' });
  });

  it('management-group scopes and extension resources under them', () => {
    assert.deepEqual(parseArmId('/providers/Microsoft.Management/managementGroups/Contoso-Root'), {
      managementGroup: 'Contoso-Root',
      typeAsWritten: 'Microsoft.Management/managementGroups',
      type: 'microsoft.management/managementgroups',
      name: 'Contoso-Root',
    });
    const assignment = parseArmId(`/providers/microsoft.management/managementgroups/mg/providers/Microsoft.Authorization/roleAssignments/${ROLE}`);
    assert.equal(assignment.managementGroup, 'mg');
    assert.equal(assignment.type, 'microsoft.authorization/roleassignments');
    assert.equal(assignment.name, ROLE);
    assert.equal(subscriptionOf('/providers/Microsoft.Management/managementGroups/mg'), undefined);
  });

  it('managementGroupId builds the id from a name and keeps an id as is', () => {
    assert.equal(managementGroupId('mg-prod'), '/providers/Microsoft.Management/managementGroups/mg-prod');
    assert.equal(managementGroupId('/providers/Microsoft.Management/managementGroups/mg-prod'), '/providers/Microsoft.Management/managementGroups/mg-prod');
    assert.equal(parseArmId(managementGroupId('mg-prod')).managementGroup, 'mg-prod');
  });

  it('scopes without a provider segment have no type and no name (was: the last segment as name in the collector parser)', () => {
    assert.deepEqual(parseArmId('/'), {});
    assert.deepEqual(parseArmId(''), {});
    assert.deepEqual(parseArmId(`/subscriptions/${SUB}`), { subscriptionId: SUB });
    assert.deepEqual(parseArmId(`/subscriptions/${SUB}/resourcegroups/RG`), { subscriptionId: SUB, resourceGroup: 'RG' });
  });

  it('a trailing type without a name is not part of the resource (was: a longer type and no name in the collector parser)', () => {
    const parsed = parseArmId(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/secrets`);
    assert.equal(parsed.type, 'microsoft.keyvault/vaults');
    assert.equal(parsed.name, 'kv');
    assert.equal(parseArmId(`/subscriptions/${SUB}/providers/Microsoft.Foo`).type, undefined);
    assert.equal(parseArmId(`/subscriptions/${SUB}/resourceGroups/rg/providers`).type, undefined);
  });

  it('never throws, and the type is always the lowercase of typeAsWritten', () => {
    const segment = fc.constantFrom('subscriptions', 'resourceGroups', 'providers', 'Microsoft.X', 'y', 'Z', '', ' ');
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 12 }), (segments) => {
        const parsed = parseArmId(`/${segments.join('/')}`);
        assert.equal(parsed.type, parsed.typeAsWritten?.toLowerCase());
      }),
    );
  });
});

describe('scopeLevel', () => {
  it('root, management group, subscription, resource group, resource', () => {
    assert.equal(scopeLevel('/'), 'root');
    assert.equal(scopeLevel('/providers/Microsoft.Management/managementGroups/mg1/'), 'managementGroup');
    assert.equal(scopeLevel('/providers/Microsoft.Management/managementGroups/mg1/providers/Microsoft.Authorization/roleAssignments/x'), 'resource');
    assert.equal(scopeLevel(`/Subscriptions/${SUB}`), 'subscription');
    assert.equal(scopeLevel(`/subscriptions/${SUB}/RESOURCEGROUPS/rg/`), 'resourceGroup');
    assert.equal(scopeLevel(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st`), 'resource');
    assert.equal(isBroadScopeLevel('subscription'), true);
    assert.equal(isBroadScopeLevel('resourceGroup'), false);
  });
});

describe('GUIDs', () => {
  it('isGuid accepts the 8-4-4-4-12 form in any casing and nothing else', () => {
    assert.equal(isGuid(ROLE), true);
    assert.equal(isGuid(ROLE.toUpperCase()), true);
    for (const bad of [`{${ROLE}}`, ` ${ROLE}`, `${ROLE}0`, ROLE.replace(/-/g, ''), 'contoso.onmicrosoft.com', '']) assert.equal(isGuid(bad), false, bad);
  });

  it('GUID_PATTERN is lowercase-only (issuer paths compare byte for byte)', () => {
    assert.equal(new RegExp(`^${GUID_PATTERN}$`).test(ROLE), true);
    assert.equal(new RegExp(`^${GUID_PATTERN}$`).test(ROLE.toUpperCase()), false);
  });

  it('canonicalGuid trims and lowercases', () => {
    assert.equal(canonicalGuid(` ${ROLE.toUpperCase()} `), ROLE);
  });
});

describe('roleDefinitionGuid', () => {
  it('reads the GUID from every form of role definition id, lowercased', () => {
    for (const id of [
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLE}`,
      `/providers/Microsoft.Authorization/roleDefinitions/${ROLE.toUpperCase()}`,
      `/subscriptions/${SUB}/providers/microsoft.authorization/roledefinitions/${ROLE}/`,
      ` /providers/Microsoft.Authorization/roleDefinitions/${ROLE} `,
      ROLE,
    ]) {
      assert.equal(roleDefinitionGuid(id), ROLE, id);
    }
    assert.equal(roleDefinitionGuid(''), '');
  });
});
