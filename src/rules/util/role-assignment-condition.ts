/**
 * Role-assignment conditions on roles that can grant access ([S32][S27], RBAC-007).
 */
import { canonicalGuid, roleDefinitionGuid } from '../../azure/ids.js';
import type { Inventory, RoleAssignment } from '../../inventory/model.js';
import type { RunFacts } from '../../engine/facts.js';
import { type GrantsQuestion, ROLE_ASSIGNMENT_WRITE, actionMatches, grants } from './actions.js';
import { ROLE } from './azure-roles.js';

const GRANTING_ROLE_IDS: ReadonlySet<string> = new Set([
  ROLE.owner,
  ROLE.userAccessAdministrator,
  ROLE.rbacAdministrator,
  ROLE.reservationsAdministrator,
]);

/**
 * Does a role-assignment condition really constrain which roles the holder can grant? True only when the full
 * RBAC-007 strength test below (assessDelegationCondition) rates it strong, so privileged-role and
 * weak-delegation-condition can never disagree about one condition.
 */
export function conditionConstrainsGrantedRoles(facts: Pick<RunFacts, 'delegationAssessment'>, assignment: RoleAssignment): boolean {
  return facts.delegationAssessment(assignment)?.verdict === 'strong';
}

// ---------------------------------------------------------------------------------------------------------------
// The full RBAC-007 strength test (RBAC-007, [S32][S27]), for the weak-delegation-condition rule.
//
// Instead of matching the text against Microsoft's template, the condition is parsed and *evaluated* for a set of
// probe requests: "write an assignment of role R" and "delete an assignment of role R", for every role R that can
// itself grant access (Owner, UAA, RBAC Administrator, Reservations Administrator, and the tenant's custom roles
// with roleAssignments/write or roleDefinitions/write), plus one role the condition does not name. A condition is
// strong when every probe is denied (an allow-list of harmless roles on both actions), weak when a probe for a
// granting role is allowed, and a complete deny-list when only the unnamed-role probes are allowed.
//
// Comparisons on attributes other than the probed RoleDefinitionId are free literals (inference, documented in
// docs/rules/weak-delegation-condition.md): the principal a new assignment names (@Request/@Resource PrincipalId,
// PrincipalType, …) is chosen by whoever holds the role, so a probe is allowed when *some* value of those literals
// lets it through. Attributes nobody can choose (@Principal, @Environment, SubOperationMatches, and RoleDefinitionId
// read from the source the action does not populate, e.g. @Request on delete) are uncertain: a probe whose outcome
// depends on them is "unknown", and the condition is reported as not evaluated.
// ---------------------------------------------------------------------------------------------------------------

const ROLE_DEFINITION_ATTRIBUTE = 'microsoft.authorization/roleassignments:roledefinitionid';
export const ROLE_ASSIGNMENTS_WRITE_ACTION = 'Microsoft.Authorization/roleAssignments/write';
export const ROLE_ASSIGNMENTS_DELETE_ACTION = 'Microsoft.Authorization/roleAssignments/delete';
const ROLE_DEFINITIONS_WRITE_ACTION = 'Microsoft.Authorization/roleDefinitions/write';
/** More free literals than this and the condition is "not evaluated" (2^n probe evaluations). */
const MAX_LITERALS = 12;
/** A role id no condition names: stands for "any role the condition does not mention" (e.g. Contributor). */
const UNNAMED_ROLE_PROBE = '00000000-0000-0000-0000-000000000000';

type ConditionNode =
  | { readonly kind: 'and' | 'or'; readonly items: readonly ConditionNode[] }
  | { readonly kind: 'not'; readonly item: ConditionNode }
  | { readonly kind: 'action'; readonly pattern: string }
  | { readonly kind: 'subOperation'; readonly pattern: string }
  | { readonly kind: 'compare'; readonly source: string; readonly attribute: string; readonly operator: string; readonly values: readonly string[] }
  | { readonly kind: 'exists'; readonly negated: boolean; readonly source: string; readonly attribute: string };

export class ConditionParseError extends Error {}

type Token = { readonly type: 'punct'; readonly value: string } | { readonly type: 'string'; readonly value: string } | { readonly type: 'word'; readonly value: string } | { readonly type: 'attribute'; readonly source: string; readonly name: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text.charAt(i);
    if (/\s/.test(char)) {
      i += 1;
    } else if (text.startsWith('&&', i) || text.startsWith('||', i)) {
      tokens.push({ type: 'word', value: text.startsWith('&&', i) ? 'AND' : 'OR' });
      i += 2;
    } else if ('(){},!'.includes(char)) {
      tokens.push({ type: 'punct', value: char });
      i += 1;
    } else if (char === "'") {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length) throw new ConditionParseError('unterminated string');
        const next = text.charAt(i);
        if (next === '\\' && i + 1 < text.length) {
          value += text.charAt(i + 1);
          i += 2;
        } else if (next === "'") {
          i += 1;
          break;
        } else {
          value += next;
          i += 1;
        }
      }
      tokens.push({ type: 'string', value });
    } else if (char === '@') {
      const match = /^@([A-Za-z]+)\[([^\]]*)\]/.exec(text.slice(i));
      if (match === null) throw new ConditionParseError(`malformed attribute at offset ${i}`);
      tokens.push({ type: 'attribute', source: (match[1] ?? '').toLowerCase(), name: (match[2] ?? '').trim().toLowerCase() });
      i += match[0].length;
    } else {
      const match = /^[A-Za-z0-9_.:\-/*]+/.exec(text.slice(i));
      if (match === null) throw new ConditionParseError(`unexpected '${char}' at offset ${i}`);
      tokens.push({ type: 'word', value: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

/** Parses an Azure ABAC condition (the subset role-assignment conditions use). Throws ConditionParseError. */
export function parseCondition(text: string): ConditionNode {
  const tokens = tokenize(text);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const isPunct = (token: Token | undefined, value: string): boolean => token?.type === 'punct' && token.value === value;
  const isWord = (token: Token | undefined, value: string): boolean => token?.type === 'word' && token.value.toUpperCase() === value.toUpperCase();
  const expect = (value: string): void => {
    if (!isPunct(peek(), value)) throw new ConditionParseError(`expected '${value}'`);
    position += 1;
  };
  const braceString = (): string => {
    expect('{');
    const token = peek();
    if (token?.type !== 'string') throw new ConditionParseError('expected a quoted action');
    position += 1;
    expect('}');
    return token.value;
  };
  const value = (): string => {
    const token = peek();
    if (token?.type === 'string' || token?.type === 'word') {
      position += 1;
      return token.value;
    }
    throw new ConditionParseError('expected a value');
  };
  const values = (): string[] => {
    if (!isPunct(peek(), '{')) return [value()];
    position += 1;
    const list: string[] = [];
    while (!isPunct(peek(), '}')) {
      list.push(value());
      if (isPunct(peek(), ',')) position += 1;
      else if (!isPunct(peek(), '}')) throw new ConditionParseError("expected ',' or '}'");
    }
    position += 1;
    return list;
  };
  const unary = (): ConditionNode => {
    const token = peek();
    if (token === undefined) throw new ConditionParseError('unexpected end of condition');
    if (isPunct(token, '!') || isWord(token, 'NOT')) {
      position += 1;
      return { kind: 'not', item: unary() };
    }
    if (isPunct(token, '(')) {
      position += 1;
      const inner = expression();
      expect(')');
      return inner;
    }
    if (isWord(token, 'ActionMatches')) {
      position += 1;
      return { kind: 'action', pattern: braceString() };
    }
    if (isWord(token, 'SubOperationMatches')) {
      position += 1;
      return { kind: 'subOperation', pattern: braceString() };
    }
    if (isWord(token, 'Exists') || isWord(token, 'NotExists')) {
      position += 1;
      const attribute = peek();
      if (attribute?.type !== 'attribute') throw new ConditionParseError('expected an attribute after Exists');
      position += 1;
      return { kind: 'exists', negated: isWord(token, 'NotExists'), source: attribute.source, attribute: attribute.name };
    }
    if (token.type === 'attribute') {
      position += 1;
      const operator = peek();
      if (operator?.type !== 'word') throw new ConditionParseError('expected an operator');
      position += 1;
      return { kind: 'compare', source: token.source, attribute: token.name, operator: operator.value, values: values() };
    }
    throw new ConditionParseError(`unexpected token '${token.value}'`);
  };
  // AND and OR mixed at one level without parentheses: the precedence is not worth guessing (not evaluated).
  const expression = (): ConditionNode => {
    const items = [unary()];
    let joiner: 'AND' | 'OR' | undefined;
    while (isWord(peek(), 'AND') || isWord(peek(), 'OR')) {
      const next = isWord(peek(), 'AND') ? 'AND' : 'OR';
      if (joiner !== undefined && joiner !== next) throw new ConditionParseError('AND and OR mixed without parentheses');
      joiner = next;
      position += 1;
      items.push(unary());
    }
    const first = items[0];
    if (items.length === 1 && first !== undefined) return first;
    return { kind: joiner === 'OR' ? 'or' : 'and', items };
  };
  const root = expression();
  if (position !== tokens.length) throw new ConditionParseError('trailing text after the condition');
  return root;
}

type Operation = 'write' | 'delete';
type ProbeOutcome = 'allowed' | 'denied' | 'unknown';
type LiteralClass = 'free' | 'uncertain';

function isRoleAttribute(node: ConditionNode): node is Extract<ConditionNode, { kind: 'compare' }> {
  return node.kind === 'compare' && node.attribute === ROLE_DEFINITION_ATTRIBUTE;
}

/** The source the probed role is read from: the new assignment on write, the existing one on delete. */
function roleSourceOf(operation: Operation): string {
  return operation === 'write' ? 'request' : 'resource';
}

const GUID_OPERATORS: ReadonlySet<string> = new Set(
  ['', 'foranyofanyvalues:', 'forallofanyvalues:', 'foranyofallvalues:', 'forallofallvalues:'].flatMap((prefix) => [`${prefix}guidequals`, `${prefix}guidnotequals`]),
);

/** RoleDefinitionId compared with the probed role: quantifiers over a single-valued attribute. */
function compareRole(operator: string, values: readonly string[], role: string): boolean {
  const lower = operator.toLowerCase();
  const ids = values.map((entry) => roleDefinitionGuid(entry));
  const notEquals = lower.endsWith('guidnotequals');
  const test = (id: string): boolean => (notEquals ? id !== role : id === role);
  // ForAnyOfAllValues / ForAllOfAllValues: the one value must satisfy the comparison with every listed value.
  if (lower.startsWith('foranyofallvalues:') || lower.startsWith('forallofallvalues:')) return ids.every(test);
  // Plain, ForAnyOfAnyValues, ForAllOfAnyValues: with at least one listed value.
  return ids.some(test);
}

function literalsOf(node: ConditionNode, operation: Operation, into: Map<ConditionNode, LiteralClass>): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      for (const item of node.items) literalsOf(item, operation, into);
      return;
    case 'not':
      literalsOf(node.item, operation, into);
      return;
    case 'action':
      return;
    case 'subOperation':
      into.set(node, 'uncertain');
      return;
    case 'compare':
    case 'exists': {
      if (node.kind === 'compare' && isRoleAttribute(node) && node.source === roleSourceOf(operation)) return;
      const chosenByHolder = (node.source === 'request' || node.source === 'resource') && node.attribute !== ROLE_DEFINITION_ATTRIBUTE;
      into.set(node, chosenByHolder ? 'free' : 'uncertain');
      return;
    }
  }
}

function evaluate(node: ConditionNode, action: string, role: string, operation: Operation, literals: ReadonlyMap<ConditionNode, boolean>): boolean {
  switch (node.kind) {
    case 'and':
      return node.items.every((item) => evaluate(item, action, role, operation, literals));
    case 'or':
      return node.items.some((item) => evaluate(item, action, role, operation, literals));
    case 'not':
      return !evaluate(node.item, action, role, operation, literals);
    case 'action':
      return actionMatches(node.pattern, action);
    case 'subOperation':
    case 'exists':
      return literals.get(node) ?? false;
    case 'compare':
      if (isRoleAttribute(node) && node.source === roleSourceOf(operation)) return compareRole(node.operator, node.values, role);
      return literals.get(node) ?? false;
  }
}

function probe(root: ConditionNode, operation: Operation, role: string): ProbeOutcome {
  const classes = new Map<ConditionNode, LiteralClass>();
  literalsOf(root, operation, classes);
  const free = [...classes].filter(([, kind]) => kind === 'free').map(([node]) => node);
  const uncertain = [...classes].filter(([, kind]) => kind === 'uncertain').map(([node]) => node);
  const action = operation === 'write' ? ROLE_ASSIGNMENTS_WRITE_ACTION : ROLE_ASSIGNMENTS_DELETE_ACTION;
  const outcomes = new Set<boolean>();
  for (let u = 0; u < 2 ** uncertain.length; u += 1) {
    let allowed = false;
    for (let f = 0; f < 2 ** free.length && !allowed; f += 1) {
      const literals = new Map<ConditionNode, boolean>();
      uncertain.forEach((node, index) => literals.set(node, (u & (1 << index)) !== 0));
      free.forEach((node, index) => literals.set(node, (f & (1 << index)) !== 0));
      allowed = evaluate(root, action, role, operation, literals);
    }
    outcomes.add(allowed);
  }
  if (outcomes.size !== 1) return 'unknown';
  return outcomes.has(true) ? 'allowed' : 'denied';
}

function countLiterals(root: ConditionNode): number {
  let count = 0;
  const walk = (node: ConditionNode): void => {
    if (node.kind === 'and' || node.kind === 'or') node.items.forEach(walk);
    else if (node.kind === 'not') walk(node.item);
    else if (node.kind !== 'action') count += 1;
  };
  walk(root);
  return count;
}

function checkOperators(root: ConditionNode): void {
  const walk = (node: ConditionNode): void => {
    if (node.kind === 'and' || node.kind === 'or') node.items.forEach(walk);
    else if (node.kind === 'not') walk(node.item);
    else if (isRoleAttribute(node) && !GUID_OPERATORS.has(node.operator.toLowerCase())) {
      throw new ConditionParseError(`unsupported operator ${node.operator} on RoleDefinitionId`);
    }
  };
  walk(root);
}

/** A role that can grant access, or rewrite role definitions (so an allowed custom role could be widened). */
export interface GrantingRole {
  readonly id: string;
  readonly name: string;
}

/** Built-in granting roles plus every role definition in the snapshot with roleAssignments/write or roleDefinitions/write. */
export function grantingRoles(inventory: Inventory, ask: GrantsQuestion = grants): GrantingRole[] {
  const names: Record<string, string> = {
    [ROLE.owner]: 'Owner',
    [ROLE.userAccessAdministrator]: 'User Access Administrator',
    [ROLE.rbacAdministrator]: 'Role Based Access Control Administrator',
    [ROLE.reservationsAdministrator]: 'Reservations Administrator',
  };
  const roles = new Map<string, string>();
  for (const id of GRANTING_ROLE_IDS) roles.set(id, inventory.roleDefinition(id)?.roleName ?? names[id] ?? id);
  for (const definition of inventory.roleDefinitions) {
    if (ask(definition, ROLE_ASSIGNMENT_WRITE) || ask(definition, ROLE_DEFINITIONS_WRITE_ACTION)) roles.set(canonicalGuid(definition.name), definition.roleName);
  }
  return [...roles].map(([id, name]) => ({ id, name }));
}

export type DelegationConditionVerdict =
  /** Every probe denied: an allow-list of non-granting roles on both actions, version 2.0. */
  | 'strong'
  /** A granting role can be assigned or its assignments deleted, or conditionVersion is not 2.0. */
  | 'weak'
  /** Only roles the condition does not name are allowed: a deny-list that excludes every granting role. */
  | 'complete-deny-list'
  /** The condition could not be parsed, or a probe depends on attributes nobody controls. */
  | 'not-evaluated';

export interface DelegationConditionAssessment {
  readonly verdict: DelegationConditionVerdict;
  /** Granting roles the holder can still assign. */
  readonly grantableRoles: readonly GrantingRole[];
  /** Granting roles whose assignments the holder can delete. */
  readonly deletableRoles: readonly GrantingRole[];
  /** True when a role the condition does not name can be assigned (no allow-list on write). */
  readonly writeAllowsUnnamedRoles: boolean;
  readonly deleteAllowsUnnamedRoles: boolean;
  /** `2.0` or what the assignment says. */
  readonly versionOk: boolean;
  /** Why the condition was not evaluated, when it was not. */
  readonly notEvaluatedReason?: string;
}

/**
 * Evaluates a role-assignment condition on a role that can grant access against the RBAC-007 strength test.
 * Returns undefined when the assignment has no condition (privileged-role's business).
 */
export function assessDelegationCondition(
  inventory: Inventory,
  assignment: RoleAssignment,
  roles: readonly GrantingRole[] = grantingRoles(inventory),
): DelegationConditionAssessment | undefined {
  const condition = assignment.condition ?? '';
  if (condition.trim() === '') return undefined;
  const versionOk = (assignment.conditionVersion ?? '').trim() === '2.0';
  const base = { grantableRoles: [], deletableRoles: [], writeAllowsUnnamedRoles: false, deleteAllowsUnnamedRoles: false, versionOk };
  let root: ConditionNode;
  try {
    root = parseCondition(condition);
    checkOperators(root);
    if (countLiterals(root) > MAX_LITERALS) throw new ConditionParseError(`more than ${MAX_LITERALS} attribute comparisons`);
  } catch (error: unknown) {
    if (!(error instanceof ConditionParseError)) throw error;
    return { ...base, verdict: versionOk ? 'not-evaluated' : 'weak', notEvaluatedReason: error.message };
  }
  const outcomes = (operation: Operation): { role: GrantingRole; outcome: ProbeOutcome }[] =>
    roles.map((role) => ({ role, outcome: probe(root, operation, role.id) }));
  const write = outcomes('write');
  const remove = outcomes('delete');
  const grantableRoles = write.filter((entry) => entry.outcome === 'allowed').map((entry) => entry.role);
  const deletableRoles = remove.filter((entry) => entry.outcome === 'allowed').map((entry) => entry.role);
  const unnamedWrite = probe(root, 'write', UNNAMED_ROLE_PROBE);
  const unnamedDelete = probe(root, 'delete', UNNAMED_ROLE_PROBE);
  const assessment = {
    ...base,
    grantableRoles,
    deletableRoles,
    writeAllowsUnnamedRoles: unnamedWrite === 'allowed',
    deleteAllowsUnnamedRoles: unnamedDelete === 'allowed',
  };
  if (!versionOk || grantableRoles.length > 0 || deletableRoles.length > 0) return { ...assessment, verdict: 'weak' };
  const unknown = [...write, ...remove].some((entry) => entry.outcome === 'unknown') || unnamedWrite === 'unknown' || unnamedDelete === 'unknown';
  if (unknown) return { ...assessment, verdict: 'not-evaluated', notEvaluatedReason: 'the outcome depends on attributes mi-audit cannot evaluate' };
  if (assessment.writeAllowsUnnamedRoles || assessment.deleteAllowsUnnamedRoles) return { ...assessment, verdict: 'complete-deny-list' };
  return { ...assessment, verdict: 'strong' };
}
