import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/weak-delegation-condition.js';
import { runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder, asPrincipal } from '../helpers/tenant-builder.js';

const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const UAA = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9';
const RBAC_ADMIN = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168';
const RESERVATIONS_ADMIN = 'a8889054-8d42-49c9-bc1c-52486c10e7cd';
const BLOB_READER = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1';

function condition(ids: readonly string[], operator: string, options: { gateDelete?: boolean } = {}): string {
  const write = `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ${operator} {${ids.join(', ')}}))`;
  const remove = `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ${operator} {${ids.join(', ')}}))`;
  return options.gateDelete === false ? write : `${write} AND ${remove}`;
}

function tenant(): { t: TenantBuilder; scope: string; identity: ReturnType<TenantBuilder['uami']> } {
  const t = new TenantBuilder();
  const prod = t.subscription('prod');
  const identity = t.uami({ name: 'id-vending', subscription: prod });
  t.fic(identity, { name: 'gh', issuer: GITHUB_ISSUER, subject: 'repo:contoso/vending:environment:production' });
  return { t, scope: t.resourceGroupScope(prod, 'rg-apps'), identity };
}

describe('weak-delegation-condition', () => {
  it('fires medium when the allow-list includes Owner, naming the assignment, identity, role and scope', () => {
    const { t, scope, identity } = tenant();
    const assignmentId = t.assign(identity, 'Role Based Access Control Administrator', scope, { condition: condition([BLOB_READER, OWNER], 'ForAnyOfAnyValues:GuidEquals') });
    const findings = runRule(rule, t);
    assert.equal(findings.length, 1);
    const finding = findings[0];
    assert.equal(finding?.severity, 'medium');
    assert.equal(finding?.subject.id, assignmentId);
    assert.equal(finding?.subject.displayName, "Role Based Access Control Administrator on resource group 'rg-apps' (prod)");
    assert.match(finding?.message ?? '', /still lets the identity grant Owner\./);
    assert.deepEqual(finding?.evidence['grantablePrivilegedRoles'], ['Owner']);
    assert.ok(finding?.related.some((ref) => ref.relation === 'assignee' && ref.id === identity.id && ref.displayName === 'id-vending'));
    assert.ok(finding?.related.some((ref) => ref.relation === 'role' && ref.displayName === 'Role Based Access Control Administrator'));
    assert.ok(finding?.related.some((ref) => ref.relation === 'scope' && ref.id === scope));
  });

  it('fires medium for a deny-list that misses RBAC Administrator, and for a condition that gates write only', () => {
    const { t, scope, identity } = tenant();
    t.assign(identity, 'User Access Administrator', scope, { condition: condition([OWNER, UAA], 'ForAnyOfAllValues:GuidNotEquals') });
    const findings = runRule(rule, t);
    assert.equal(findings[0]?.severity, 'medium');
    assert.ok((findings[0]?.evidence['grantablePrivilegedRoles'] as readonly string[]).includes('Role Based Access Control Administrator'));

    const writeOnly = tenant();
    writeOnly.t.assign(writeOnly.identity, 'Role Based Access Control Administrator', writeOnly.scope, { condition: condition([BLOB_READER], 'ForAnyOfAnyValues:GuidEquals', { gateDelete: false }) });
    const finding = runRule(rule, writeOnly.t)[0];
    assert.equal(finding?.severity, 'medium');
    assert.match(finding?.message ?? '', /does not stop it deleting assignments of Owner/);
  });

  it('fires low for a deny-list that excludes every granting role', () => {
    const { t, scope, identity } = tenant();
    t.assign(identity, 'Role Based Access Control Administrator', scope, { condition: condition([OWNER, UAA, RBAC_ADMIN, RESERVATIONS_ADMIN], 'ForAnyOfAllValues:GuidNotEquals') });
    const finding = runRule(rule, t)[0];
    assert.equal(finding?.severity, 'low');
    assert.equal(finding?.evidence['verdict'], 'complete-deny-list');
  });

  it('fires medium when conditionVersion is not 2.0, and info when the condition cannot be evaluated', () => {
    const { t, scope, identity } = tenant();
    t.assign(identity, 'Role Based Access Control Administrator', scope, { condition: condition([BLOB_READER], 'ForAnyOfAnyValues:GuidEquals') });
    const raw = t.raw.roleAssignments.at(-1);
    if (raw !== undefined) raw.conditionVersion = '1.0';
    const versioned = runRule(rule, t)[0];
    assert.equal(versioned?.severity, 'medium');
    assert.match(versioned?.message ?? '', /is not a version 2\.0 condition/);

    const odd = tenant();
    odd.t.assign(odd.identity, 'Role Based Access Control Administrator', odd.scope, { condition: `${condition([BLOB_READER], 'ForAnyOfAnyValues:GuidEquals')} AND ActionMatches{'x'} OR ActionMatches{'y'}` });
    const finding = runRule(rule, odd.t)[0];
    assert.equal(finding?.severity, 'info');
    assert.equal(finding?.evidence['verdict'], 'not-evaluated');
    assert.match(finding?.message ?? '', /could not evaluate/);
  });

  it("stays silent for Microsoft's allow-list template, for no condition, for non-granting roles and for users", () => {
    const { t, scope, identity } = tenant();
    t.assign(identity, 'Role Based Access Control Administrator', scope, { condition: condition([BLOB_READER], 'ForAnyOfAnyValues:GuidEquals') });
    t.assign(identity, 'User Access Administrator', t.resourceGroupScope(t.subscription('dev'), 'rg-z'));
    t.assign(identity, 'Storage Blob Data Reader', scope, { condition: "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'logs'" });
    t.assign(asPrincipal(t.user('Alice')), 'User Access Administrator', scope, { condition: condition([OWNER], 'GuidEquals') });
    assert.deepEqual(runRule(rule, t), []);
  });
});
