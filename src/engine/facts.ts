/**
 * Facts derived from the inventory that several rules need, each computed at most once per run (and per key) and
 * handed to every rule on its context: an identity's privilege, the workload-identity ⋈ role-assignment ⋈
 * role-definition join, a role definition's effective actions, who controls a user-assigned identity, the roles
 * that can grant access, a delegation condition's strength, an issuer's verdict, a credential's unmatchable subject
 * and subject breadth, the names of scopes and assignments. Answers may be shared objects: never mutate them.
 * Memoised per distinct value (issuer string, trust, scope string, definition), so a 100k-assignment tenant's rule
 * pass judges each once (docs/performance.md, "Rule pass"). One `RunFacts` lives exactly as
 * long as one `runRules` call (or one identity-record build): no module-level cache outlives a scan or leaks
 * between two inventories (test/architecture.test.ts fails on one in src/rules).
 *
 *   check({ inventory, facts, report }) { for (const { workload, assignment, definition } of facts.workloadAssignments()) … }
 */
import type { FederatedCredential, Inventory, RelatedRef, RoleAssignment, RoleDefinition } from '../inventory/model.js';
import { canonicalArmId } from '../azure/ids.js';
import { perKey, remember } from '../core/memo.js';
import { type UnmatchableTrust, unmatchableTrust } from '../rules/providers/index.js';
import { type GrantsQuestion, ROLE_ASSIGNMENT_WRITE, grants } from '../rules/util/actions.js';
import { type ControlGrant, controlGrantsByScope } from '../rules/util/identity-control.js';
import { type IssuerProvider } from '../rules/util/issuers.js';
import { type IssuerVerdict, judgeIssuer, providerOfVerdict } from '../rules/util/issuer-verdict.js';
import { type Privilege, type PrivilegeLookups, type RoleReach, privilegeOf, roleReach } from '../rules/util/privilege.js';
import { assignmentLabel, assignmentRelated, describeScope } from '../rules/util/refs.js';
import { type DelegationConditionAssessment, type GrantingRole, assessDelegationCondition, grantingRoles } from '../rules/util/role-assignment-condition.js';
import { type SubjectBreadth, subjectBreadth } from '../rules/util/subject-breadth.js';
import { type WorkloadAssignment, workloadAssignments } from '../rules/util/workload-assignments.js';

export interface RunFacts {
  /** The privilege of a principal (object id, any case): tier T0–T3 and every grant, most privileged first. Undefined → T3, no grants. */
  privilegeOf(principalId: string | undefined): Privilege;
  /** `roleReach` (rules/util/privilege.ts) of a definition: what it lets its holder do at any scope; once per definition. */
  roleReach(definition: RoleDefinition): RoleReach;
  /** `describeScope` (rules/util/refs.ts): "resource group 'rg-app' (contoso-prod)"; once per distinct scope string. */
  describeScope(scope: string): string;
  /** "Owner on subscription 'contoso-prod'" (rules/util/refs.ts assignmentLabel); once per scope string and role, one string shared by their assignments. */
  assignmentLabel(assignment: RoleAssignment): string;
  /**
   * The assignment, its role and its scope as related objects (rules/util/refs.ts assignmentRelated); one array per
   * assignment, shared by every finding that names it: spread or filter it, never change it.
   */
  assignmentRelated(assignment: RoleAssignment): readonly RelatedRef[];
  /**
   * Every Azure role assignment held by a workload identity with its resolved definition, in inventory order
   * (unresolved definitions left out), each with whether its role can grant access, its scope's name and lowercase
   * key: the join privileged-role, data-role-preferred and broad-scope walk, built once per run.
   */
  workloadAssignments(): readonly WorkloadAssignment[];
  /** `grants(definition, action)` (rules/util/actions.ts), answered once per definition object and action. */
  grants: GrantsQuestion;
  /** The definition's effective actions include roleAssignments/write (Owner, UAA, RBAC Administrator, such custom roles). */
  canGrantAccess(definition: Pick<RoleDefinition, 'permissions'>): boolean;
  /**
   * Assignments giving control over the user-assigned identity with this ARM id, own scope or inherited, nearest scope
   * first. The inherited part is one shared array per parent path: read it, never change it.
   */
  controlGrantsOver(identityId: string): readonly ControlGrant[];
  /** Built-in granting roles plus the snapshot's roles with roleAssignments/write or roleDefinitions/write. */
  grantingRoles(): readonly GrantingRole[];
  /** The RBAC-007 strength test of the assignment's condition; undefined when it has none. Judged once per assignment. */
  delegationAssessment(assignment: RoleAssignment): DelegationConditionAssessment | undefined;
  /** The verdict on a raw FIC issuer (rules/util/issuer-verdict.ts), judged once per distinct value. */
  issuerVerdict(raw: string): IssuerVerdict;
  /** The provider behind a raw issuer when recognisable, else undefined; once per distinct value. */
  issuerProvider(raw: string): IssuerProvider | undefined;
  /**
   * Why the credential can never match on its subject (rules/providers/index.ts), or undefined. Judged once per
   * distinct issuer, subject and expression: tenants repeat one trust on many identities.
   */
  unmatchableTrust(fic: FederatedCredential): UnmatchableTrust | undefined;
  /** Who can mint the credential's subject and how broad it is (rules/util/subject-breadth.ts); once per distinct trust, as above. */
  subjectBreadth(fic: FederatedCredential): SubjectBreadth;
}

/** One facts object for one inventory; every answer is computed on first use. Never throws for unknown keys. */
export function createRunFacts(inventory: Inventory): RunFacts {
  // The hot tables are perKey functions (core/memo.ts) or maps read inline, made once here: a hit is one Map.get and
  // no closure is built per ask. The two keyed by a credential's trust, asked far less, use remember.
  const grantAnswers = new WeakMap<object, Map<string, boolean>>();
  const ask: GrantsQuestion = (definition, action) => {
    let answers = grantAnswers.get(definition);
    if (answers === undefined) {
      answers = new Map();
      grantAnswers.set(definition, answers);
    }
    let answer = answers.get(action);
    if (answer === undefined) {
      answer = grants(definition, action);
      answers.set(action, answer);
    }
    return answer;
  };
  const privilegeByKey = perKey((key: string) => privilegeOf(inventory, key, ask, lookups));
  // The values both verdicts read (rules/providers/index.ts TrustedSubject); JSON keeps the three apart whatever they hold.
  const trustKey = perKey((fic: FederatedCredential) => JSON.stringify([fic.issuer, fic.subject, fic.claimsMatchingExpression?.value ?? null]));
  const unmatchable = new Map<string, UnmatchableTrust | undefined>();
  const breadths = new Map<string, SubjectBreadth>();
  // Per scope string, per role: the label is a function of the two, and a tenant repeats each pair on many
  // assignments (92,000 assignments, far fewer pairs on the 100k tenant). Small maps keyed by strings and the 21
  // definitions cost less to fill and to keep than one entry per assignment object, and equal labels share one string.
  const labels = new Map<string, Map<RoleDefinition | string, string>>();
  let joined: readonly WorkloadAssignment[] | undefined;
  let byScope: ReadonlyMap<string, readonly ControlGrant[]> | undefined;
  const overParent = new Map<string, readonly ControlGrant[]>();
  let granting: readonly GrantingRole[] | undefined;

  const facts: RunFacts = {
    privilegeOf(principalId) {
      if (principalId === undefined) return privilegeOf(inventory, undefined, ask, lookups);
      return privilegeByKey(principalId.trim().toLowerCase());
    },
    roleReach: perKey((definition: RoleDefinition) => roleReach(definition, ask)),
    describeScope: perKey((scope: string) => describeScope(inventory, scope)),
    assignmentLabel(assignment) {
      let byRole = labels.get(assignment.scope);
      if (byRole === undefined) {
        byRole = new Map();
        labels.set(assignment.scope, byRole);
      }
      const role = assignment.definition ?? assignment.roleDefinitionGuid;
      let label = byRole.get(role);
      if (label === undefined) {
        label = assignmentLabel(assignment, facts.describeScope(assignment.scope));
        byRole.set(role, label);
      }
      return label;
    },
    assignmentRelated: perKey((assignment: RoleAssignment): readonly RelatedRef[] =>
      assignmentRelated(inventory, assignment, facts.describeScope(assignment.scope), facts.assignmentLabel(assignment)),
    ),
    workloadAssignments() {
      joined ??= workloadAssignments(inventory, facts);
      return joined;
    },
    grants: ask,
    // Asked for every workload assignment by several rules: one lookup per definition instead of two.
    canGrantAccess: perKey((definition: Pick<RoleDefinition, 'permissions'>) => ask(definition, ROLE_ASSIGNMENT_WRITE)),
    controlGrantsOver(identityId) {
      byScope ??= controlGrantsByScope(inventory, ask);
      const scopes = byScope;
      const over = (id: string): ControlGrant[] => inventory.ancestorScopes(id).flatMap((scope) => scopes.get(scope) ?? []);
      // The ancestors of a resource id below a subscription are its parent path's ancestors plus the id itself, and the
      // identities of one resource group share that parent: walk it once per parent, not once per identity.
      const own = canonicalArmId(identityId);
      if (!own.startsWith('/subscriptions/') || own.split('/').length < 5) return over(identityId);
      const inherited = remember(overParent, own.slice(0, own.lastIndexOf('/')), () => over(own.slice(0, own.lastIndexOf('/'))));
      const mine = scopes.get(own);
      return mine === undefined ? inherited : [...mine, ...inherited];
    },
    grantingRoles() {
      granting ??= grantingRoles(inventory, ask);
      return granting;
    },
    delegationAssessment: perKey((assignment: RoleAssignment) => assessDelegationCondition(inventory, assignment, facts.grantingRoles())),
    issuerVerdict: perKey((raw: string) => judgeIssuer(raw)),
    issuerProvider: perKey((raw: string) => providerOfVerdict(facts.issuerVerdict(raw), (intended) => facts.issuerVerdict(intended))),
    unmatchableTrust: (fic) => remember(unmatchable, trustKey(fic), () => unmatchableTrust(fic, facts.issuerProvider)),
    subjectBreadth: (fic) => remember(breadths, trustKey(fic), () => subjectBreadth(fic, facts.issuerProvider)),
  };
  const lookups: PrivilegeLookups = {
    labelOf: facts.assignmentLabel,
    reachOf: facts.roleReach,
  };
  return facts;
}
