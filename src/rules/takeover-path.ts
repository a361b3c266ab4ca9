import { defineRule } from '../engine/define-rule.js';
import { remember } from '../core/memo.js';
import { canonicalGuid } from '../azure/ids.js';
import type { RelatedRef, RoleAssignment, WorkloadIdentity } from '../inventory/model.js';
import type { Severity } from '../engine/severity.js';
import type { ControlCapability, ControlGrant } from './util/identity-control.js';
import { describePrincipal, principalRelated } from './util/principals.js';
import { type Privilege, tierLabel } from './util/privilege.js';
import { describeWorkload, withRelation } from './util/refs.js';
import { compareText } from '../core/compare-text.js';

// Who can become a privileged identity without being it: the role assignments that add a
// federated credential to or attach a user-assigned identity (util/identity-control.ts says which and why
// subscription-wide Owners/Contributors are left out), and owning a federated app registration, which lets the
// owner add FICs and secrets to it ([S4][S8]).
// Identities with read-only reach (T2/T3) are not worth taking over and stay silent.

type Capability = ControlCapability;

interface Reached {
  readonly workload: WorkloadIdentity;
  readonly privilege: Privilege;
  /** "id-ci (T0)", for the evidence: one per identity and run, shared by every finding that names it. */
  readonly shown: string;
}

/** Strongest first (T0 before T1), then by display name. */
function compareReached(a: Reached, b: Reached): number {
  return a.privilege.tier - b.privilege.tier || compareText(a.workload.displayName, b.workload.displayName);
}

const SEVERITY: Readonly<Record<Capability, readonly [Severity, Severity]>> = {
  'add-federated-credential': ['critical', 'high'],
  attach: ['high', 'medium'],
};

function severityFor(capability: Capability, privilege: Privilege): Severity {
  const [forT0, forT1] = SEVERITY[capability];
  return privilege.tier === 0 ? forT0 : forT1;
}

function lowerFirst(text: string): string {
  return `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

/** A controlling principal as the findings name it, for the principal type its assignment gives. */
interface Controller {
  readonly type: RoleAssignment['principalType'];
  readonly ref: RelatedRef;
  /** "User 'alice'", "User-assigned identity 'id-ci'". */
  readonly name: string;
}

/** What the findings say about an identity's privilege: one per privilege and run, shared by its findings. */
interface Phrasing {
  /** "T0 access (Owner on subscription 'prod')" */
  readonly summary: string;
  /** The strongest grant as a related object, or none. */
  readonly related: readonly RelatedRef[];
  /** The labels of the five strongest grants (evidence). */
  readonly grantLabels: readonly string[];
}

function phrase(privilege: Privilege): Phrasing {
  const strongest = privilege.grants[0];
  return {
    summary: `${tierLabel(privilege.tier)} access (${strongest === undefined ? 'none' : strongest.label})`,
    related: strongest === undefined ? [] : [{ ...strongest.ref, relation: 'identityPrivilege' }],
    grantLabels: privilege.grants.slice(0, 5).map((grant) => grant.label),
  };
}

export default defineRule({
  meta: {
    id: 'MIA-2007',
    name: 'takeover-path',
    category: 'takeover-path',
    severity: 'high',
    title: 'Another principal can add a federated credential to, attach, or own a privileged identity',
    why: 'A principal that can add a federated credential to an identity, attach it to compute it controls, or owns its app registration can act as that identity. Its privileges become theirs, without a secret and usually without anyone noticing.',
    fix: 'Keep privileged identities in a resource group or subscription where only tier-0 administrators hold Managed Identity Contributor, Managed Identity Operator or Owner/Contributor; remove other holders and remove owners from privileged app registrations.',
    references: [
      { title: 'Azure built-in roles for identity (Managed Identity Contributor, Operator)', url: 'https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/identity' },
      { title: 'Managed identity best practice recommendations: who can use an identity', url: 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identity-best-practice-recommendations' },
    ],
    requires: ['roleAssignments', 'roleDefinitions', 'applications', 'directoryObjects'],
  },
  check({ inventory, facts, report }) {
    const privileged = (workload: WorkloadIdentity): Privilege | undefined => {
      const privilege = facts.privilegeOf(workload.principalId);
      return privilege.tier <= 1 ? privilege : undefined;
    };
    // An identity is named by several findings (one per controlling assignment) and a privilege by more: build
    // their refs and phrases once per run and let the findings share them.
    const identityRefs = new Map<WorkloadIdentity, RelatedRef>();
    const identityRef = (workload: WorkloadIdentity): RelatedRef => remember(identityRefs, workload, () => withRelation(workload.ref, 'identity'));
    const phrasings = new Map<Privilege, Phrasing>();
    const phrasing = (privilege: Privilege): Phrasing => remember(phrasings, privilege, () => phrase(privilege));
    // A controller that is itself a workload identity is named as one ("User-assigned identity 'id-ci'"), as every
    // other finding names it, rather than by its service principal.
    const controllerName = (ref: RelatedRef): string => {
      const workload = inventory.workloadByPrincipal(ref.id);
      return workload === undefined ? describePrincipal(ref) : describeWorkload(workload);
    };
    // A principal holds many controlling assignments (a resource group's Managed Identity Contributor and Operator, on
    // several groups): its ref and name are made once per principal and type and shared by its findings.
    const controllers = new Map<string, Controller>();
    const controllerOf = (assignment: RoleAssignment): Controller => {
      const known = controllers.get(assignment.principalId);
      if (known !== undefined && known.type === assignment.principalType) return known;
      const ref = principalRelated(inventory, assignment.principalId, 'controller', assignment.principalType);
      const made = { type: assignment.principalType, ref, name: controllerName(ref) };
      if (known === undefined) controllers.set(assignment.principalId, made);
      return made;
    };
    const workloadNames = new Map<WorkloadIdentity, string>();
    const workloadName = (workload: WorkloadIdentity): string => remember(workloadNames, workload, () => lowerFirst(describeWorkload(workload)));

    // One finding per controlling role assignment, naming every privileged identity it reaches: removing
    // that assignment is the fix, and a subscription-wide holder would otherwise yield one finding per identity.
    // facts.controlGrantsOver judges each assignment once, then walks the identity's ancestor scopes (linear in the tenant).
    // Keyed by the assignment object (one per id); each identity's entry and each controller's canonical id are made
    // once, not once per (identity, assignment) pair.
    const reach = new Map<RoleAssignment, { capability: Capability; controllerId: string; identities: Reached[] }>();
    // The privileged, controlled identities first, then visited strongest first and by name (a stable sort, so
    // inventory order among equals): each assignment's list comes out in that order without a sort of its own.
    const candidates: { reached: Reached; grants: readonly ControlGrant[] }[] = [];
    for (const workload of inventory.workloadIdentities) {
      if (workload.kind !== 'userAssignedIdentity') continue;
      // Control first: an identity nobody controls needs no privilege (the privilege is the costlier question).
      const grants = facts.controlGrantsOver(workload.ref.id);
      if (grants.length === 0) continue;
      const privilege = privileged(workload);
      if (privilege === undefined) continue;
      candidates.push({ reached: { workload, privilege, shown: `${workload.displayName} (${tierLabel(privilege.tier)})` }, grants });
    }
    candidates.sort((a, b) => compareReached(a.reached, b.reached));
    for (const { reached, grants } of candidates) {
      for (const { assignment, capability } of grants) {
        let entry = reach.get(assignment);
        if (entry === undefined) {
          entry = { capability, controllerId: canonicalGuid(assignment.principalId), identities: [] };
          reach.set(assignment, entry);
        }
        // An entry left empty (only the identity itself holds it) reports nothing below.
        if (entry.controllerId === reached.workload.principalId) continue;
        entry.identities.push(reached);
      }
    }

    for (const [assignment, { capability, identities }] of reach) {
      const strongest = identities[0];
      if (strongest === undefined) continue;
      const { ref: controller, name } = controllerOf(assignment);
      const roleName = assignment.definition?.roleName ?? assignment.roleDefinitionGuid;
      const label = facts.assignmentLabel(assignment);
      const strongestPhrasing = phrasing(strongest.privilege);
      const target =
        identities.length === 1
          ? `${workloadName(strongest.workload)}, which has ${strongestPhrasing.summary}`
          : `${identities.length} privileged user-assigned identities, among them ${workloadName(strongest.workload)} with ${strongestPhrasing.summary}`;
      const can = capability === 'add-federated-credential' ? `add a federated credential to ${target}` : `attach ${target} to compute it controls`;
      report({
        subject: { ...assignment.ref, displayName: label },
        severity: severityFor(capability, strongest.privilege),
        message: `${name} holds ${label}, so it can ${can}.`,
        // Literals and map, not push: a finding keeps these arrays, and push leaves spare capacity in them.
        related: [
          controller,
          ...facts.assignmentRelated(assignment).filter((ref) => ref.relation !== 'roleAssignment'),
          ...identities.map(({ workload }) => identityRef(workload)),
          ...strongestPhrasing.related,
        ],
        evidence: {
          capability,
          controllerId: assignment.principalId,
          controllerType: assignment.principalType,
          roleName,
          scope: assignment.scope,
          scopeLevel: assignment.scopeLevel,
          hasCondition: typeof assignment.condition === 'string' && assignment.condition !== '',
          identityCount: identities.length,
          identities: (identities.length > 10 ? identities.slice(0, 10) : identities).map((entry) => entry.shown),
          identityTier: tierLabel(strongest.privilege.tier),
          identityGrants: strongestPhrasing.grantLabels,
        },
      });
    }

    for (const workload of inventory.workloadIdentities) {
      const app = workload.application;
      // An app without owners needs no privilege (the costlier question, as above).
      if (workload.kind !== 'application' || app === undefined || app.owners.length === 0) continue;
      const privilege = privileged(workload);
      if (privilege === undefined) continue;
      for (const owner of app.owners) {
        const ownerId = canonicalGuid(owner.id);
        if (ownerId === workload.principalId) continue;
        const resolved = principalRelated(inventory, owner.id, 'controller', owner.type);
        const shown = resolved.displayName === undefined && typeof owner.displayName === 'string' ? { ...resolved, displayName: owner.displayName } : resolved;
        const { summary, related, grantLabels } = phrasing(privilege);
        report({
          subject: workload.ref,
          severity: severityFor('add-federated-credential', privilege),
          message: `${controllerName(shown)} owns ${workloadName(workload)}, so it can add a federated credential or a secret to it and act with its ${summary}.`,
          related: [shown, ...related],
          evidence: {
            capability: 'app-owner',
            controllerId: owner.id,
            controllerType: owner.type,
            identityTier: tierLabel(privilege.tier),
            identityGrants: grantLabels,
            identityGrantCount: privilege.grants.length,
          },
          key: ['owner', ownerId],
        });
      }
    }
  },
});
