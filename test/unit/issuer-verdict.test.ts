import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { editDistance } from '../../src/rules/util/edit-distance.js';
import { issuerProvider, judgeIssuer } from '../../src/rules/util/issuer-verdict.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const AKS = `https://westeurope.oic.prod-aks.azure.com/${TENANT}/0e4bd5a8-1f2c-4f1e-9b55-5b4f0c7b1a22/`;

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('abc', 'abc'), 0);
    assert.equal(editDistance('', 'ab'), 2);
  });
});

describe('judgeIssuer', () => {
  it('accepts the canonical forms of every provider', () => {
    const canonical: readonly [string, string][] = [
      ['https://token.actions.githubusercontent.com', 'github'],
      ['https://token.actions.githubusercontent.com/contoso-enterprise', 'github'],
      ['https://token.actions.contoso.ghe.com', 'github'],
      ['https://ghes.contoso.com/_services/token', 'github-enterprise-server'],
      ['https://gitlab.com', 'gitlab'],
      ['https://gitlab.contoso.com', 'gitlab'],
      ['https://app.terraform.io', 'terraform-cloud'],
      ['https://app.eu.terraform.io', 'terraform-cloud'],
      [AKS, 'aks'],
      [`https://oidc.prod-aks.azure.com/${TENANT}/`, 'aks'],
      [`https://login.microsoftonline.com/${TENANT}/v2.0`, 'entra'],
      [`https://vstoken.dev.azure.com/${TENANT}`, 'azure-devops'],
      ['https://accounts.google.com', 'google'],
      ['https://contoso.app.spacelift.io', 'spacelift'],
    ];
    for (const [issuer, provider] of canonical) {
      assert.deepEqual(judgeIssuer(issuer), { kind: 'canonical', provider }, issuer);
    }
  });

  it('reports malformed issuers and what they were meant to be', () => {
    const http = judgeIssuer('http://token.actions.githubusercontent.com');
    assert.equal(http.kind, 'malformed');
    assert.ok(http.kind === 'malformed' && http.problems.includes('scheme http:// instead of https://'));
    assert.ok(http.kind === 'malformed' && http.intended === 'https://token.actions.githubusercontent.com');
    const spaced = judgeIssuer(' https://app.terraform.io ');
    assert.ok(spaced.kind === 'malformed' && spaced.problems.includes('leading or trailing whitespace'));
    assert.ok(spaced.kind === 'malformed' && spaced.intended === 'https://app.terraform.io');
    assert.equal(judgeIssuer('token.actions.githubusercontent.com').kind, 'malformed');
    assert.equal(judgeIssuer('https://token.actions.githubusercontent.com?x=1').kind, 'malformed');
    assert.equal(judgeIssuer('https://user:pw@gitlab.com').kind, 'malformed');
    assert.equal(judgeIssuer(`https://gitlab.com/${'a'.repeat(600)}`).kind, 'malformed');
  });

  it('reports trailing slashes where the provider issues none, and missing AKS slashes', () => {
    const github = judgeIssuer('https://token.actions.githubusercontent.com/');
    assert.deepEqual(github, {
      kind: 'non-canonical',
      provider: 'github',
      problems: ['trailing slash (the provider issues none)'],
      expected: 'https://token.actions.githubusercontent.com',
    });
    const tfc = judgeIssuer('https://app.terraform.io/');
    assert.ok(tfc.kind === 'non-canonical' && tfc.expected === 'https://app.terraform.io');
    const gitlab = judgeIssuer('https://gitlab.com/');
    assert.ok(gitlab.kind === 'non-canonical' && gitlab.expected === 'https://gitlab.com');
    const aks = judgeIssuer(AKS.slice(0, -1));
    assert.deepEqual(aks, { kind: 'non-canonical', provider: 'aks', problems: ['missing trailing slash (the provider issues one)'], expected: AKS });
    const entra = judgeIssuer(`https://login.microsoftonline.com/${TENANT}/v2.0/`);
    assert.ok(entra.kind === 'non-canonical' && entra.expected === `https://login.microsoftonline.com/${TENANT}/v2.0`);
  });

  it('reports host casing, unexpected paths and legacy Entra hosts', () => {
    const upper = judgeIssuer('https://Token.Actions.GitHubUserContent.com');
    assert.ok(upper.kind === 'non-canonical' && upper.problems[0] === 'uppercase letters in the host');
    const path = judgeIssuer('https://token.actions.githubusercontent.com/a/b');
    assert.ok(path.kind === 'non-canonical' && path.expected === 'https://token.actions.githubusercontent.com');
    const sts = judgeIssuer(`https://sts.windows.net/${TENANT}/`);
    assert.deepEqual(sts, { kind: 'non-canonical', provider: 'entra', problems: ['legacy host sts.windows.net (FICs use login.microsoftonline.com/<tenant>/v2.0)'], expected: `https://login.microsoftonline.com/${TENANT}/v2.0` });
  });

  it('spots look-alike hosts', () => {
    const cases: readonly [string, string, string][] = [
      ['https://token.actions.githubusercontent.com.evil.net', 'token.actions.githubusercontent.com', 'extra-labels'],
      ['https://token.actions.githubusercontent.com-evil.net', 'token.actions.githubusercontent.com', 'extra-labels'],
      ['https://gitlab.com.evil.net', 'gitlab.com', 'extra-labels'],
      ['https://actions.githubusercontent.com', 'token.actions.githubusercontent.com', 'dropped-labels'],
      ['https://githubusercontent.com', 'token.actions.githubusercontent.com', 'dropped-labels'],
      ['https://token.action.githubusercontent.com', 'token.actions.githubusercontent.com', 'typo'],
      ['https://token.actions.githubusercontent.co', 'token.actions.githubusercontent.com', 'typo'],
      ['https://app.terraform.co', 'app.terraform.io', 'typo'],
      ['https://gitlab.co', 'gitlab.com', 'typo'],
      [`https://westeurope.oic.prod-aks.azure.co/${TENANT}/x/`, '*.oic.prod-aks.azure.com', 'typo'],
      [`https://login.microsoftonline.co/${TENANT}/v2.0`, 'login.microsoftonline.com', 'typo'],
    ];
    for (const [issuer, resembles, technique] of cases) {
      const verdict = judgeIssuer(issuer);
      assert.equal(verdict.kind, 'lookalike', issuer);
      assert.ok(verdict.kind === 'lookalike' && verdict.resembles === resembles && verdict.technique === technique, `${issuer}: ${JSON.stringify(verdict)}`);
    }
  });

  it('calls other hosts unknown and notes reclaimable hosting', () => {
    assert.deepEqual(judgeIssuer('https://idp.contoso.com'), { kind: 'unknown', host: 'idp.contoso.com', reclaimableHosting: undefined });
    assert.deepEqual(judgeIssuer('https://gitea.com'), { kind: 'unknown', host: 'gitea.com', reclaimableHosting: undefined });
    assert.deepEqual(judgeIssuer('https://github.com'), { kind: 'unknown', host: 'github.com', reclaimableHosting: undefined });
    const blob = judgeIssuer('https://oidcissuer123.blob.core.windows.net/issuer/');
    assert.ok(blob.kind === 'unknown' && blob.reclaimableHosting === 'Azure Storage account');
  });

  it('gives the provider of repairable issuers', () => {
    assert.equal(issuerProvider('https://token.actions.githubusercontent.com/'), 'github');
    assert.equal(issuerProvider(' https://gitlab.com'), 'gitlab');
    assert.equal(issuerProvider('https://token.actions.githubusercontent.com.evil.net'), undefined);
  });
});
