/**
 * inventory + assessed findings → one IdentityRecord per workload identity, riskiest first, ranked before any is
 * built and built one at a time as they are consumed (an export of 70,000 identities never holds them all). Pure:
 * no I/O, no clock; the same inputs give the same records in the same order (`mi-audit diff` may compare them).
 *
 * Which identities: every user-assigned identity; every system-assigned identity whose host is in the
 * snapshot; every managed-identity service principal whose host was not found (Graph lists it, ARM did not
 * return its host in the scanned scopes); every app registration that has federated credentials or whose
 * service principal holds any grant.
 */
import { createRunFacts, type RunFacts } from '../engine/facts.js';
import type { AssessedFinding, Finding } from '../engine/types.js';
import { applicationWorkload } from '../inventory/build.js';
import { canonicalGuid, parseArmId } from '../azure/ids.js';
import { UAMI_TYPE } from '../azure/resource-types.js';
import type { Inventory, PolicyAssignment, Resource, ServicePrincipal, WorkloadIdentity } from '../inventory/model.js';
import { type EnvironmentVerdict, environmentFromName, environmentOf } from '../rules/util/environments.js';
import { lastSignInOf } from '../rules/util/sign-in.js';
import { subjectBreadth } from '../rules/util/subject-breadth.js';
import { controllersOf, principalOf } from './controllers.js';
import { findingsIndex, recordFindingOf, statusOf } from './findings.js';
import { grantsOf } from './grants.js';
import { type RankedIdentity, rankIdentities, riskWithRank } from './risk.js';
import type { IdentityRecord, RecordDocument } from './schema.js';
import { dictionaryOf } from '../core/dictionary.js';
import { type SubjectDescriber, subjectDescriber, trustOf } from './trust.js';
import { compareText } from '../core/compare-text.js';

/**
 * The records of a build, in rank order, each built only when the iteration reaches it: ranking reads the
 * sources (findings, grant tiers, credential breadths), never a record, so at most the record being consumed
 * exists at once. Iterable more than once (each pass builds the records again).
 */
export interface IdentityRecords extends Iterable<IdentityRecord> {
  /** The document's summary, known from the ranking alone. */
  readonly summary: RecordSummary;
  /** How many identities are in each privilege tier, T0 to T3 (from the ranking). */
  readonly tiers: readonly [number, number, number, number];
  /** True for the fingerprint of a finding that some identity's record lists (the rest concern no identity). */
  isAttributed(fingerprint: string): boolean;
  /** Records built so far, over all passes: what the export writer's laziness is measured by. */
  readonly built: number;
  /**
   * The identities with open findings, riskiest first, as far as a summary needs them (name, kind, worst open
   * severity, number of open findings): read from the ranking, no record built. The Markdown summary's list.
   */
  withOpenFindings(): IdentityAtRisk[];
}

/** An identity with open findings, as a ranked summary names it. */
export interface IdentityAtRisk {
  readonly name: string;
  readonly kind: IdentityRecord['kind'];
  readonly worstOpenSeverity: NonNullable<IdentityRecord['risk']['worstOpenSeverity']>;
  readonly openFindings: number;
}

type RecordSummary = RecordDocument['summary'];

/**
 * Ranks every workload identity now; builds each record when the returned iterable reaches it. Findings without a
 * status count as open. `runFacts`: the analysis's facts (AnalyzeResult.facts), whose memos the rules filled.
 */
export function identityRecords(inventory: Inventory, findings: readonly (Finding | AssessedFinding)[], runFacts?: RunFacts): IdentityRecords {
  const seeds = [...inventory.workloadIdentities, ...grantHoldingApps(inventory), ...hostlessManagedIdentities(inventory)];
  const findingsFor = findingsIndex(inventory, seeds, findings);
  // The analysis's own facts when given (privilege and breadth already computed by the rules); else one facts
  // object per build, from the rule runner's factory: privilege and controllers as the rules saw them.
  const facts = runFacts ?? leanFacts(createRunFacts(inventory));
  const ranked = rankIdentities(inventory, facts, seeds, findingsFor);
  const summary: RecordSummary = { identities: ranked.length, byKind: { userAssignedIdentity: 0, systemAssignedIdentity: 0, application: 0 }, grants: 0, withOpenFindings: 0 };
  const tiers: [number, number, number, number] = [0, 0, 0, 0];
  for (const entry of ranked) {
    summary.byKind[entry.seed.kind] += 1;
    summary.grants += entry.grants;
    if (entry.risk.worstOpenSeverity !== null) summary.withOpenFindings += 1;
    tiers[entry.risk.tier] += 1;
  }
  const describe = subjectDescriber(facts);
  let attributed: Set<string> | undefined;
  let built = 0;
  return {
    summary,
    tiers,
    isAttributed(fingerprint) {
      attributed ??= attributedFingerprints(ranked, findingsFor);
      return attributed.has(fingerprint);
    },
    get built() {
      return built;
    },
    withOpenFindings() {
      const atRisk: IdentityAtRisk[] = [];
      for (const entry of ranked) {
        const worst = entry.risk.worstOpenSeverity;
        if (worst === null) continue;
        let openFindings = 0;
        for (const finding of findingsFor(entry.seed.key)) if (statusOf(finding) === 'open') openFindings += 1;
        atRisk.push({ name: entry.seed.displayName, kind: entry.seed.kind, worstOpenSeverity: worst, openFindings });
      }
      return atRisk;
    },
    *[Symbol.iterator]() {
      let rank = 0;
      for (const entry of ranked) {
        rank += 1;
        built += 1;
        yield buildRecord(inventory, facts, describe, entry, rank, findingsFor(entry.seed.key));
      }
    },
  };
}

/** The fingerprints of the findings some record lists, added one by one (a flatMap made an array per identity and one of them all). */
function attributedFingerprints(ranked: readonly RankedIdentity[], findingsFor: (key: string) => readonly (Finding | AssessedFinding)[]): Set<string> {
  const fingerprints = new Set<string>();
  for (const entry of ranked) for (const finding of findingsFor(entry.key)) fingerprints.add(finding.fingerprint);
  return fingerprints;
}

/**
 * The facts a build of its own uses: subject breadth left unremembered, as it is asked once when ranking and once
 * when the record is built. Grants are tiered per grant (record/grants.ts), never through a remembered privilege.
 */
function leanFacts(facts: RunFacts): RunFacts {
  return { ...facts, subjectBreadth };
}

/** One record per workload identity, sorted by risk (rank 1 = riskiest), all built: for callers that need them all at once. */
export function buildIdentityRecords(inventory: Inventory, findings: readonly (Finding | AssessedFinding)[]): IdentityRecord[] {
  return [...identityRecords(inventory, findings)];
}

function buildRecord(
  inventory: Inventory,
  facts: RunFacts,
  describe: SubjectDescriber,
  entry: RankedIdentity,
  rank: number,
  findings: readonly (Finding | AssessedFinding)[],
): IdentityRecord {
  const { seed } = entry;
  // Two sources of host-less managed identities: the inventory's (they hold a grant, so rules judge them) and
  // the record's own sweep of the remaining managed-identity service principals (key `sp:`).
  const hostFound = !seed.key.startsWith('sp:') && seed.hostNotFound === undefined;
  const hostId = seed.hostNotFound === undefined ? seed.ref.id : (seed.hostNotFound.hostId ?? null);
  const armId = seed.kind === 'application' ? null : hostId;
  const notes: string[] = [];
  if (!hostFound) notes.push(`host not found in the scanned scopes (${hostId ?? seed.ref.id})`);
  if (seed.kind === 'application' && seed.servicePrincipal === undefined) notes.push('no service principal in this tenant: the app cannot sign in here');
  if (seed.kind !== 'application' && seed.servicePrincipal === undefined && hostFound) notes.push('service principal not in the snapshot: Graph grants unknown');
  return {
    key: seed.key,
    kind: seed.kind,
    name: seed.displayName,
    ids: {
      armId,
      principalId: seed.principalId ?? null,
      clientId: seed.clientId ?? null,
      applicationObjectId: seed.application?.id ?? null,
    },
    subscriptionId: seed.subscriptionId ?? null,
    subscriptionName: seed.subscriptionId === undefined ? null : (inventory.subscription(seed.subscriptionId)?.displayName ?? null),
    resourceGroup: seed.resourceGroup ?? null,
    location: seed.location ?? null,
    tags: sortedTags(seed.tags),
    environment: environmentFor(inventory, seed) ?? null,
    hostFound,
    hosts: hostFound ? hostsOf(inventory, seed) : [],
    owners: (seed.application?.owners ?? []).map((owner) => {
      const resolved = principalOf(inventory, owner.id, owner.type);
      // Named, not `{ ...resolved, displayName }`: a spread that adds members gives each object a hidden class of its own.
      return { id: resolved.id, type: resolved.type, displayName: owner.displayName ?? resolved.displayName };
    }),
    grants: grantsOf(inventory, facts, seed.principalId),
    trust: inventory.ficsOf(seed.key).map((fic) => trustOf(fic, facts, describe)),
    controllers: controllersOf(inventory, facts, seed),
    activity: activityOf(inventory, seed),
    findings: findings.map(recordFindingOf),
    risk: riskWithRank(entry, rank),
    notes,
  };
}

/** Recorded last sign-in, else unknown (never "never signed in": see rules/util/sign-in.ts). */
function activityOf(inventory: Inventory, seed: WorkloadIdentity): IdentityRecord['activity'] {
  const last = lastSignInOf(inventory, seed.clientId);
  return last === undefined ? { lastSignIn: null, state: 'unknown' } : { lastSignIn: last.dateTime, state: 'recorded' };
}

function environmentFor(inventory: Inventory, seed: WorkloadIdentity): EnvironmentVerdict | undefined {
  if (seed.kind === 'application') return environmentFromName(seed.displayName, `app name ${seed.displayName}`);
  if (seed.hostResource !== undefined) return environmentOf(inventory, seed.hostResource);
  if (seed.subscriptionId === undefined || seed.resourceGroup === undefined) return undefined;
  return environmentOf(inventory, { name: seed.displayName, resourceGroup: seed.resourceGroup, subscriptionId: seed.subscriptionId, tags: seed.tags });
}

type Host = IdentityRecord['hosts'][number];

function resourceHost(resource: Resource): Host {
  return { id: resource.id, name: resource.name, type: resource.type, subscriptionId: resource.subscriptionId, resourceGroup: resource.resourceGroup };
}

/** A policy assignment carries an identity at any scope: its subscription and resource group come from its scope. */
function policyHost(assignment: PolicyAssignment): Host {
  const scope = parseArmId(assignment.scope);
  return {
    id: assignment.id,
    name: assignment.displayName ?? assignment.name,
    type: 'Microsoft.Authorization/policyAssignments',
    subscriptionId: scope.subscriptionId?.toLowerCase() ?? null,
    resourceGroup: scope.resourceGroup ?? null,
  };
}

/** Where the identity is used: resources and policy assignments that attach a user-assigned identity, or the host of a system-assigned one. */
function hostsOf(inventory: Inventory, seed: WorkloadIdentity): Host[] {
  if (seed.kind === 'userAssignedIdentity') {
    return [...inventory.resourcesUsing(seed.ref.id).map(resourceHost), ...inventory.policyAssignmentsUsing(seed.ref.id).map(policyHost)];
  }
  if (seed.hostPolicyAssignment !== undefined) return [policyHost(seed.hostPolicyAssignment)];
  return seed.hostResource === undefined ? [] : [resourceHost(seed.hostResource)];
}

/** App registrations without federated credentials whose service principal holds a grant of any kind. */
function grantHoldingApps(inventory: Inventory): WorkloadIdentity[] {
  const apps: WorkloadIdentity[] = [];
  for (const app of inventory.applications) {
    const key = `app:${canonicalGuid(app.id)}`;
    if (inventory.workload(key) !== undefined) continue;
    const servicePrincipal = inventory.servicePrincipalByAppId(app.appId);
    if (servicePrincipal === undefined) continue;
    const principalId = canonicalGuid(servicePrincipal.id);
    const holds =
      inventory.assignmentsOf(principalId).length > 0 ||
      inventory.appRoleAssignmentsOf(principalId).length > 0 ||
      inventory.directoryRoleAssignmentsOf(principalId).length > 0 ||
      inventory.accessPoliciesOf(principalId).length > 0;
    if (!holds) continue;
    apps.push(applicationWorkload(app, servicePrincipal));
  }
  return apps;
}

/** Managed-identity service principals that no user-assigned identity or host resource in the snapshot claims. */
function hostlessManagedIdentities(inventory: Inventory): WorkloadIdentity[] {
  const found: WorkloadIdentity[] = [];
  for (const servicePrincipal of inventory.servicePrincipals) {
    if (servicePrincipal.servicePrincipalType.toLowerCase() !== 'managedidentity') continue;
    if (inventory.workloadByPrincipal(servicePrincipal.id) !== undefined) continue;
    found.push(hostlessIdentity(servicePrincipal));
  }
  return found;
}

function hostlessIdentity(servicePrincipal: ServicePrincipal): WorkloadIdentity {
  // Graph names a managed identity's resource in alternativeNames (the entry that is an ARM id).
  const armId = servicePrincipal.alternativeNames.find((name) => name.startsWith('/')) ?? servicePrincipal.id;
  const parsed = parseArmId(armId);
  const userAssigned = parsed.type === UAMI_TYPE;
  return {
    key: `sp:${canonicalGuid(servicePrincipal.id)}`,
    kind: userAssigned ? 'userAssignedIdentity' : 'systemAssignedIdentity',
    ref: {
      kind: userAssigned ? 'userAssignedIdentity' : 'systemAssignedIdentity',
      id: armId,
      displayName: servicePrincipal.displayName,
      principalId: servicePrincipal.id,
    },
    displayName: servicePrincipal.displayName,
    principalId: canonicalGuid(servicePrincipal.id),
    clientId: servicePrincipal.appId,
    subscriptionId: parsed.subscriptionId?.toLowerCase(),
    resourceGroup: parsed.resourceGroup,
    location: undefined,
    tags: {},
    servicePrincipal,
  };
}

/**
 * The tags in key order (UTF-16 code units): two exports of one tenant then differ only where its tags do, whatever
 * order the API listed them in (a text diff of two access reviews showed reordered tags as changes).
 */
function sortedTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  // Without prototype: a tag named `__proto__` stays a tag (src/core/dictionary.ts).
  return dictionaryOf(Object.keys(tags).sort((a, b) => compareText(a, b)).map((key) => [key, tags[key] ?? ''] as const));
}
