import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/azure-devops-legacy-issuer.js';
import { TEST_NOW, runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder, guid } from '../helpers/tenant-builder.js';

const ORG = guid('ado-org');
const ADO = `https://vstoken.dev.azure.com/${ORG}`;

describe('azure-devops-legacy-issuer', () => {
  it('is low before 2027-04-01, with the days left and the raw issuer in evidence', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const id = t.uami({ name: 'id-ado-deploy', subscription: prod });
    const fic = t.fic(id, { name: 'ado-prod', issuer: ADO, subject: 'sc://contoso/platform/sc-prod' });
    const [finding, ...rest] = runRule(rule, t, TEST_NOW);
    assert.equal(rest.length, 0);
    assert.equal(finding?.severity, 'low');
    assert.equal(finding?.subject.id, id.id);
    assert.deepEqual(finding?.related, [{ relation: 'federatedCredential', kind: 'federatedIdentityCredential', id: fic.id, displayName: 'ado-prod' }]);
    assert.equal(finding?.evidence['issuer'], ADO);
    assert.equal(finding?.evidence['serviceConnection'], 'contoso/platform/sc-prod');
    assert.equal(finding?.evidence['daysLeft'], 218);
    assert.match(finding?.message ?? '', /retires on 2027-07-01 \(218 days left\); convert service connection contoso\/platform\/sc-prod/);
  });

  it('is medium from 2027-04-01 and says retired after 2027-07-01; the preview host counts too', () => {
    const t = new TenantBuilder();
    const app = t.application({ displayName: 'ado-single-tenant' });
    t.fic(app, { name: 'preview', issuer: 'https://app.vstoken.visualstudio.com/0123abcd', subject: 'sc://contoso/web/sc-web' });
    assert.equal(runRule(rule, t, new Date('2027-03-31T23:59:59Z'))[0]?.severity, 'low');
    assert.equal(runRule(rule, t, new Date('2027-04-01T00:00:00Z'))[0]?.severity, 'medium');
    const after = runRule(rule, t, new Date('2027-08-01T00:00:00Z'))[0];
    assert.equal(after?.severity, 'medium');
    assert.match(after?.message ?? '', /retired on 2027-07-01/);
    assert.equal(after?.evidence['daysLeft'], 0);
  });

  it('stays silent for multitenant apps, non-public clouds, the Entra issuer and other providers', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const multi = t.application({ displayName: 'ado-multitenant', signInAudience: 'AzureADMultipleOrgs' });
    t.fic(multi, { name: 'ado', issuer: ADO, subject: 'sc://contoso/platform/sc-multi' });
    const id = t.uami({ name: 'id-ado-new', subscription: prod });
    t.fic(id, { name: 'entra', issuer: `https://login.microsoftonline.com/${t.tenantId}/v2.0`, subject: `/eid1/c/pub/t/abc/a/def/sc/${ORG}/${guid('sc')}` });
    t.fic(id, { name: 'gh', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:environment:prod' });
    assert.deepEqual(runRule(rule, t), []);

    const gov = new TenantBuilder({ cloud: 'AzureUSGovernment' });
    const govId = gov.uami({ name: 'id-gov', subscription: gov.subscription('gov') });
    gov.fic(govId, { name: 'ado', issuer: ADO, subject: 'sc://contoso/gov/sc-gov' });
    assert.deepEqual(runRule(rule, gov), []);
  });
});

describe('azure-devops-legacy-issuer: pipeline-scoped subjects', () => {
  it('names the pipeline, not a service connection, for a p:// subject (field report terraform-provider-azuredevops#1443)', () => {
    const t = new TenantBuilder();
    const sub = t.subscription('iac');
    const id = t.uami({ name: 'id-tf-pipeline', subscription: sub });
    t.fic(id, { name: 'ado-pipeline-terraform', issuer: `https://vstoken.dev.azure.com/${guid('org')}`, subject: 'p://contoso-dev/platform/terraform-apply' });
    const [finding, ...rest] = runRule(rule, t);
    assert.equal(rest.length, 0);
    assert.equal(finding?.evidence['pipeline'], 'contoso-dev/platform/terraform-apply');
    assert.equal(finding?.evidence['serviceConnection'], null);
    assert.match(finding?.message ?? '', /pipeline contoso-dev\/platform\/terraform-apply/);
    assert.doesNotMatch(finding?.message ?? '', /service connection/);
    assert.doesNotMatch(finding?.remediation ?? '', /service connection/);
  });
});
