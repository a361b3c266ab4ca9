import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildInventory } from '../../src/inventory/build.js';
import { classifyEnvironmentText, environmentFromTags, environmentOf } from '../../src/rules/util/environments.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

describe('environments', () => {
  it('classifies names by whole tokens', () => {
    assert.deepEqual(classifyEnvironmentText('app-orders-prod'), { environmentClass: 'production', label: 'prod' });
    assert.deepEqual(classifyEnvironmentText('rg_Orders_DEV01'), { environmentClass: 'non-production', label: 'dev' });
    assert.deepEqual(classifyEnvironmentText('Production'), { environmentClass: 'production', label: 'prod' });
    assert.deepEqual(classifyEnvironmentText('contoso-staging'), { environmentClass: 'non-production', label: 'staging' });
    assert.deepEqual(classifyEnvironmentText('sbx-team1'), { environmentClass: 'non-production', label: 'sandbox' });
  });

  it('reads non-prod and pre-prod as non-production, not production', () => {
    assert.deepEqual(classifyEnvironmentText('Non-Production'), { environmentClass: 'non-production', label: 'non-prod' });
    assert.deepEqual(classifyEnvironmentText('app-pre-prod'), { environmentClass: 'non-production', label: 'pre-prod' });
    assert.deepEqual(classifyEnvironmentText('nonprod'), { environmentClass: 'non-production', label: 'non-prod' });
  });

  it('says nothing for substrings, unknown words or disagreeing words', () => {
    assert.equal(classifyEnvironmentText('product-api'), undefined);
    assert.equal(classifyEnvironmentText('stordersprod'), undefined);
    assert.equal(classifyEnvironmentText('latest-devops'), undefined);
    assert.equal(classifyEnvironmentText('sync-prod-to-dev'), undefined);
    assert.equal(classifyEnvironmentText(''), undefined);
  });

  it('reads environment-style tag keys in any casing and ignores other tags', () => {
    assert.equal(environmentFromTags({ Environment: 'Dev' }, 'resource')?.label, 'dev');
    assert.equal(environmentFromTags({ env: 'prd' }, 'resource')?.environmentClass, 'production');
    assert.equal(environmentFromTags({ owner: 'prod-team' }, 'resource'), undefined);
    assert.match(environmentFromTags({ ENV: 'test' }, 'subscription')?.source ?? '', /tag ENV=test on subscription/);
  });

  it('prefers resource evidence over resource group and subscription evidence', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('contoso-prod', { tags: { environment: 'prod' } });
    const plain = t.subscription('contoso-shared');
    const tagged = t.resource({ type: 'Microsoft.Web/sites', name: 'app-x', subscription: prod, resourceGroup: 'rg-x', tags: { environment: 'test' } });
    const byRg = t.resource({ type: 'Microsoft.Web/sites', name: 'app-y', subscription: prod, resourceGroup: 'rg-y-dev' });
    const bySubscription = t.resource({ type: 'Microsoft.Web/sites', name: 'app-z', subscription: prod, resourceGroup: 'rg-z' });
    const unknown = t.resource({ type: 'Microsoft.Web/sites', name: 'app-w', subscription: plain, resourceGroup: 'rg-w' });
    const inventory = buildInventory(t.build());
    const of = (id: string) => {
      const resource = inventory.resource(id);
      assert.ok(resource);
      return environmentOf(inventory, resource);
    };
    assert.equal(of(tagged.id)?.label, 'test');
    assert.equal(of(byRg.id)?.label, 'dev');
    assert.equal(of(bySubscription.id)?.environmentClass, 'production');
    assert.match(of(bySubscription.id)?.source ?? '', /subscription/);
    assert.equal(of(unknown.id), undefined);
    // A rule's memo of the classifier (shared-identity) gives the same verdicts, sources included.
    const memo = new Map<string, ReturnType<typeof classifyEnvironmentText>>();
    const classify = (text: string) => (memo.has(text) ? memo.get(text) : memo.set(text, classifyEnvironmentText(text)).get(text));
    for (const resource of inventory.resources) {
      assert.deepEqual(environmentOf(inventory, resource, classify), environmentOf(inventory, resource), resource.name);
      assert.deepEqual(environmentOf(inventory, resource, classify), environmentOf(inventory, resource, classify), resource.name);
    }
    assert.ok(memo.size > 0);
  });
});
