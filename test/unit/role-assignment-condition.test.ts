import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createRunFacts } from '../../src/engine/facts.js';
import { buildInventory } from '../../src/inventory/build.js';
import type { Inventory, RoleAssignment } from '../../src/inventory/model.js';
import { ConditionParseError, assessDelegationCondition, conditionConstrainsGrantedRoles, grantingRoles, parseCondition } from '../../src/rules/util/role-assignment-condition.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const UAA = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9';
const RBAC_ADMIN = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168';
const BLOB_READER = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1';
const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';

function gate(action: 'write' | 'delete', check: string): string {
  return `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/${action}'})) OR (${check}))`;
}
function roleCheck(source: 'Request' | 'Resource', operator: string, ids: readonly string[]): string {
  return `@${source}[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ${operator} {${ids.join(', ')}}`;
}
function constrain(ids: readonly string[], operator = 'ForAnyOfAnyValues:GuidEquals'): string {
  return `${gate('write', roleCheck('Request', operator, ids))} AND ${gate('delete', roleCheck('Resource', operator, ids))}`;
}

/** An inventory with one RBAC Administrator assignment carrying `condition`, plus a custom role that can write role definitions. */
function setup(condition: string, conditionVersion = '2.0'): { inventory: Inventory; assignment: RoleAssignment; roleWriter: string } {
  const t = new TenantBuilder();
  const prod = t.subscription('prod');
  const id = t.uami({ name: 'id-vending', subscription: prod });
  const roleWriter = t.customRole({ roleName: 'Role Definition Writer', actions: ['Microsoft.Authorization/roleDefinitions/write'], assignableScopes: [prod.scope] });
  t.assign(id, 'Role Based Access Control Administrator', prod.scope, { condition });
  const raw = t.raw.roleAssignments.at(-1);
  if (raw !== undefined) raw.conditionVersion = conditionVersion;
  const inventory = buildInventory(t.build());
  const assignment = inventory.roleAssignments.find((candidate) => candidate.condition === condition);
  if (assignment === undefined) throw new Error('assignment not built');
  return { inventory, assignment, roleWriter: roleWriter.name };
}

describe('parseCondition', () => {
  it("parses Microsoft's 'Constrain roles' template, && / || and NOT", () => {
    assert.equal(parseCondition(constrain([BLOB_READER])).kind, 'and');
    assert.equal(parseCondition(`NOT ActionMatches{'a/b'} || @Request[x] StringEquals 'y'`).kind, 'or');
  });

  it('rejects malformed text and AND/OR mixed without parentheses', () => {
    assert.throws(() => parseCondition(`(ActionMatches{'a'}`), ConditionParseError);
    assert.throws(() => parseCondition(`ActionMatches{'a'} AND ActionMatches{'b'} OR ActionMatches{'c'}`), /mixed/);
    assert.throws(() => parseCondition(`@Request[x] GuidEquals {a, b`), ConditionParseError);
    assert.throws(() => parseCondition(`ActionMatches{'a'} ActionMatches{'b'}`), /trailing/);
  });
});

describe('assessDelegationCondition', () => {
  it('returns undefined without a condition', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    t.assign(t.uami({ name: 'id', subscription: prod }), 'User Access Administrator', prod.scope);
    const inventory = buildInventory(t.build());
    const assignment = inventory.roleAssignments[0];
    assert.ok(assignment !== undefined);
    assert.equal(assessDelegationCondition(inventory, assignment), undefined);
  });

  it('passes the allow-list template of data roles (and agrees with conditionConstrainsGrantedRoles)', () => {
    const { inventory, assignment } = setup(constrain([BLOB_READER, SECRETS_USER]));
    const assessment = assessDelegationCondition(inventory, assignment);
    assert.equal(assessment?.verdict, 'strong');
    assert.equal(conditionConstrainsGrantedRoles(createRunFacts(inventory), assignment), true);
  });

  it('finds privileged roles in an allow-list, including tenant custom roles that can write role definitions', () => {
    const { inventory, assignment } = setup(constrain([BLOB_READER, OWNER]));
    const assessment = assessDelegationCondition(inventory, assignment);
    assert.equal(assessment?.verdict, 'weak');
    assert.deepEqual(assessment?.grantableRoles.map((role) => role.name), ['Owner']);
    const custom = setup(constrain([BLOB_READER]));
    const writer = custom.roleWriter;
    const withWriter = setup(constrain([BLOB_READER, writer]));
    assert.ok(grantingRoles(withWriter.inventory).some((role) => role.id === writer));
    assert.deepEqual(assessDelegationCondition(withWriter.inventory, withWriter.assignment)?.grantableRoles.map((role) => role.name), ['Role Definition Writer']);
  });

  it('flags a condition that gates write but not delete', () => {
    const { inventory, assignment } = setup(gate('write', roleCheck('Request', 'ForAnyOfAnyValues:GuidEquals', [BLOB_READER])));
    const assessment = assessDelegationCondition(inventory, assignment);
    assert.equal(assessment?.verdict, 'weak');
    assert.deepEqual(assessment?.grantableRoles, []);
    assert.ok(assessment?.deletableRoles.some((role) => role.id === OWNER));
  });

  it('grades deny-lists: complete (ForAnyOfAllValues:GuidNotEquals) vs missing RBAC Administrator', () => {
    const complete = setup(constrain([OWNER, UAA, RBAC_ADMIN, 'a8889054-8d42-49c9-bc1c-52486c10e7cd'], 'ForAnyOfAllValues:GuidNotEquals'));
    // The tenant's custom role-definition writer is not excluded: still weak. Exclude it too for a complete list.
    assert.equal(assessDelegationCondition(complete.inventory, complete.assignment)?.verdict, 'weak');
    const all = setup(constrain([OWNER, UAA, RBAC_ADMIN, 'a8889054-8d42-49c9-bc1c-52486c10e7cd', complete.roleWriter], 'ForAnyOfAllValues:GuidNotEquals'));
    const assessment = assessDelegationCondition(all.inventory, all.assignment);
    assert.equal(assessment?.verdict, 'complete-deny-list');
    assert.equal(assessment?.writeAllowsUnnamedRoles, true);
    const partial = setup(constrain([OWNER, UAA], 'ForAnyOfAllValues:GuidNotEquals'));
    assert.deepEqual(assessDelegationCondition(partial.inventory, partial.assignment)?.grantableRoles.map((role) => role.name).sort(), [
      'Reservations Administrator',
      'Role Based Access Control Administrator',
      'Role Definition Writer',
    ]);
  });

  it('sees through a vacuous deny-list: ForAnyOfAnyValues:GuidNotEquals over several ids is always true', () => {
    const { inventory, assignment } = setup(constrain([OWNER, UAA, RBAC_ADMIN], 'ForAnyOfAnyValues:GuidNotEquals'));
    assert.ok(assessDelegationCondition(inventory, assignment)?.grantableRoles.some((role) => role.id === OWNER));
  });

  it('treats a principal-type constraint as no role constraint (the holder picks the principal)', () => {
    const condition = gate('write', `@Request[Microsoft.Authorization/roleAssignments:PrincipalType] StringEqualsIgnoreCase 'ServicePrincipal'`);
    const { inventory, assignment } = setup(`${condition} AND ${gate('delete', roleCheck('Resource', 'ForAnyOfAnyValues:GuidEquals', [BLOB_READER]))}`);
    assert.ok(assessDelegationCondition(inventory, assignment)?.grantableRoles.some((role) => role.id === OWNER));
  });

  it('keeps the allow-list strong when a principal-type constraint is added to it', () => {
    const check = `${roleCheck('Request', 'ForAnyOfAnyValues:GuidEquals', [BLOB_READER])} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'}`;
    const { inventory, assignment } = setup(`${gate('write', check)} AND ${gate('delete', roleCheck('Resource', 'ForAnyOfAnyValues:GuidEquals', [BLOB_READER]))}`);
    assert.equal(assessDelegationCondition(inventory, assignment)?.verdict, 'strong');
  });

  it('reports version other than 2.0 as weak, and unparseable or undecidable conditions as not evaluated', () => {
    const old = setup(constrain([BLOB_READER]), '1.0');
    assert.equal(assessDelegationCondition(old.inventory, old.assignment)?.verdict, 'weak');
    assert.equal(assessDelegationCondition(old.inventory, old.assignment)?.versionOk, false);
    const garbage = setup('((!(ActionMatches{');
    assert.equal(assessDelegationCondition(garbage.inventory, garbage.assignment)?.verdict, 'not-evaluated');
    // @Request on delete: whether the request carries a role id is not known, so the delete probes are undecidable.
    const wrongSource = setup(`${gate('write', roleCheck('Request', 'ForAnyOfAllValues:GuidNotEquals', [OWNER]))} AND ${gate('delete', roleCheck('Request', 'ForAnyOfAnyValues:GuidEquals', [BLOB_READER]))}`);
    const assessment = assessDelegationCondition(wrongSource.inventory, wrongSource.assignment);
    assert.equal(assessment?.verdict, 'weak', 'still weak: it can grant UAA');
    const wrongSourceOnly = setup(`${gate('write', roleCheck('Request', 'ForAnyOfAnyValues:GuidEquals', [BLOB_READER]))} AND ${gate('delete', roleCheck('Request', 'ForAnyOfAnyValues:GuidEquals', [BLOB_READER]))}`);
    assert.equal(assessDelegationCondition(wrongSourceOnly.inventory, wrongSourceOnly.assignment)?.verdict, 'not-evaluated');
    const stringOperator = setup(constrain([BLOB_READER], 'StringEquals'));
    assert.equal(assessDelegationCondition(stringOperator.inventory, stringOperator.assignment)?.verdict, 'not-evaluated');
  });
});
