/** diffRecords, one change kind at a time, on exports of the demo tenant (exportOf = export --format json). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { InputError } from '../../src/core/errors.js';
import { diffSnapshots } from '../../src/drift/diff.js';
import { diffInputs } from '../../src/drift/diff-inputs.js';
import type { Drift } from '../../src/drift/model.js';
import { parseDiffInput } from '../../src/drift/read-input.js';
import { diffRecords } from '../../src/drift/record-diff.js';
import { canonicalArmId } from '../../src/azure/ids.js';
import type { IdentityRecord, RecordDocument } from '../../src/record/schema.js';
import { exportOf } from './exports.js';
import { DEMO } from './injections.js';
import { addIdentity, addRoleAssignment, changeFicSubject, deleteIdentity } from './mutations.js';

const BASE = exportOf(DEMO);

function diff(after: RecordDocument, before: RecordDocument = BASE): Drift {
  return diffRecords(before, after, { failOn: 'high' });
}

/** A copy of BASE with `change` applied to the first record that `pick` selects. */
function editRecord(pick: (record: IdentityRecord) => boolean, change: (record: IdentityRecord, document: RecordDocument) => void): RecordDocument {
  const document = structuredClone(BASE);
  const record = document.identities.find(pick);
  assert.ok(record !== undefined, 'the demo export has such a record');
  change(record, document);
  return document;
}

function assertOnly(drift: Drift, section: 'identities' | 'grants' | 'federatedCredentials' | 'dangling'): void {
  for (const other of ['identities', 'grants', 'federatedCredentials', 'dangling'] as const) {
    if (other !== section) assert.deepEqual(drift[other], [], `no ${other} change`);
  }
}

describe('diffRecords (two exports)', () => {
  it('an export against itself is empty and passes the gate', () => {
    const drift = diffRecords(BASE, structuredClone(BASE), { failOn: 'info' });
    assert.deepEqual([drift.identities, drift.grants, drift.federatedCredentials, drift.dangling], [[], [], [], []]);
    assert.deepEqual(drift.findings, { new: [], fixed: [] });
    assert.equal(drift.summary.failing, 0);
    assert.deepEqual([drift.old.input, drift.new.input, drift.new.scope], ['export', 'export', null]);
  });

  describe('identities', () => {
    it('added', () => {
      const drift = diff(exportOf(addIdentity(DEMO, 0, 'id-new').snapshot));
      assertOnly(drift, 'identities');
      assert.deepEqual(drift.identities.map((entry) => [entry.change, entry.kind, entry.displayName]), [['added', 'userAssignedIdentity', 'id-new']]);
    });

    it('removed: with its federated credentials and its grants, and a host still in NEW dangles', () => {
      const mutated = deleteIdentity(DEMO, 1, true);
      const drift = diff(exportOf(mutated.snapshot));
      const removed = mutated.expected.identities[0]?.[2];
      assert.deepEqual(drift.identities.map((entry) => [entry.change, entry.kind, canonicalArmId(entry.id)]), [['removed', 'userAssignedIdentity', removed]]);
      const record = BASE.identities.find((candidate) => candidate.key === removed);
      assert.ok(record !== undefined);
      assert.equal(drift.summary.grants.removed, record.grants.length);
      assert.ok(drift.grants.every((grant) => grant.change === 'removed' && grant.principal.id === record.ids.principalId));
      assert.deepEqual(drift.dangling.map((entry) => [entry.kind, entry.displayName, entry.target]), [['identityReference', 'aks-prod', record.ids.armId]]);
    });

    it('changed: recreated under the same ARM id with another principal', () => {
      const after = editRecord(
        (record) => record.kind === 'userAssignedIdentity' && record.hostFound,
        (record) => {
          record.ids.principalId = '00000000-0000-4000-8000-000000000001';
          record.grants = [];
        },
      );
      const drift = diff(after);
      assert.deepEqual(drift.identities.map((entry) => [entry.change, entry.changes.map((change) => change.field)]), [['changed', ['principalId']]]);
    });
  });

  describe('grants', () => {
    it('added: graded like the snapshot diff grades it, and fails the gate', () => {
      const mutated = addRoleAssignment(DEMO, 2, 0); // Owner at a subscription: T0
      const fromExports = diff(exportOf(mutated.snapshot));
      const fromSnapshots = diffSnapshots(DEMO, mutated.snapshot, { failOn: 'high', rules: [] });
      assertOnly(fromExports, 'grants');
      const summary = (drift: Drift): unknown[] => drift.grants.map((grant) => [grant.change, grant.kind, canonicalArmId(grant.id), grant.tier, grant.severity, grant.principal.id]);
      assert.deepEqual(summary(fromExports), summary(fromSnapshots));
      assert.equal(fromExports.grants[0]?.severity, 'critical');
      assert.ok(fromExports.summary.failing >= 1);
      assert.ok(fromExports.findings.new.some((finding) => finding.rule === 'privileged-role'), 'the new Owner grant brings a new finding');
    });

    it('changed role: the severity before and after, and an escalation fails the gate', () => {
      const before = editRecord(
        (record) => record.grants.some((grant) => grant.kind === 'azureRole' && grant.tier === 0),
        (record) => {
          const grant = record.grants.find((candidate) => candidate.kind === 'azureRole' && candidate.tier === 0);
          if (grant?.kind !== 'azureRole') return;
          grant.roleDefinitionId = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
          grant.tier = 3;
        },
      );
      const drift = diff(BASE, before);
      assertOnly(drift, 'grants');
      assert.deepEqual(drift.grants.map((grant) => [grant.change, grant.previousSeverity, grant.severity, grant.changes.map((change) => change.field)]), [
        ['changed', 'low', 'critical', ['roleDefinitionId']],
      ]);
      assert.equal(drift.summary.failing, 1);
    });

    it('moved: the same assignment name at another scope is one change of scope', () => {
      const after = editRecord(
        (record) => record.grants.some((grant) => grant.kind === 'azureRole' && grant.scopeLevel === 'resourceGroup'),
        (record) => {
          const grant = record.grants.find((candidate) => candidate.kind === 'azureRole' && candidate.scopeLevel === 'resourceGroup');
          if (grant?.kind !== 'azureRole') return;
          const name = grant.assignmentId.split('/').pop() ?? '';
          grant.scope = `${grant.scope}-moved`;
          grant.assignmentId = `${grant.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
        },
      );
      const drift = diff(after);
      assert.deepEqual(drift.grants.map((grant) => [grant.change, grant.changes.map((change) => change.field)]), [['changed', ['scope']]]);
    });

    it('removed, and an access policy whose permissions changed (case and order ignored)', () => {
      const after = editRecord(
        (record) => record.grants.some((grant) => grant.kind === 'keyVaultAccessPolicy') && record.grants.some((grant) => grant.kind === 'azureRole'),
        (record) => {
          const policy = record.grants.find((grant) => grant.kind === 'keyVaultAccessPolicy');
          if (policy?.kind !== 'keyVaultAccessPolicy') return;
          policy.permissions.secrets = [...policy.permissions.secrets.map((permission) => permission.toUpperCase()).reverse(), 'purge'];
          record.grants = record.grants.filter((grant, index) => grant.kind !== 'azureRole' || index !== record.grants.findIndex((first) => first.kind === 'azureRole'));
        },
      );
      const drift = diff(after);
      assertOnly(drift, 'grants');
      assert.deepEqual(drift.grants.map((grant) => [grant.change, grant.kind]).sort(), [['changed', 'keyVaultAccessPolicy'], ['removed', 'azureRole']]);
      assert.deepEqual(drift.grants.find((grant) => grant.change === 'changed')?.changes.map((change) => change.field), ['secrets']);
    });

    it('Graph and Entra role grants are keyed by assignment id', () => {
      const after = editRecord(
        (record) => record.grants.some((grant) => grant.kind === 'graphPermission'),
        (record) => {
          for (const grant of record.grants) if (grant.kind === 'graphPermission') grant.appRoleId = '00000000-0000-4000-8000-0000000000aa';
        },
      );
      const drift = diff(after);
      assert.ok(drift.grants.length > 0 && drift.grants.every((grant) => grant.kind === 'graphAppRole' && grant.change === 'changed'));
      assert.ok(drift.grants.every((grant) => grant.changes.map((change) => change.field).join() === 'appRoleId'));
    });
  });

  describe('federated credentials', () => {
    it('changed subject, verbatim', () => {
      const mutated = changeFicSubject(DEMO, 0, ':X');
      const drift = diff(exportOf(mutated.snapshot));
      assertOnly(drift, 'federatedCredentials');
      assert.deepEqual(drift.federatedCredentials.map((entry) => [entry.change, entry.changes.map((change) => change.field)]), [['changed', ['subject']]]);
      assert.match(String(drift.federatedCredentials[0]?.values['subject']), /:X$/);
    });

    it('added and removed; a reordered audience list is no change', () => {
      let removed = 0;
      const after = editRecord(
        (record) => record.trust.length > 0,
        (record) => {
          const [first] = record.trust;
          if (first === undefined) return;
          removed = record.trust.length;
          record.trust = [{ ...first, id: `${first.id}-new`, name: 'fic-new' }];
        },
      );
      const drift = diff(after);
      assertOnly(drift, 'federatedCredentials');
      assert.deepEqual(drift.summary.federatedCredentials, { added: 1, removed, changed: 0 });
      assert.equal(drift.federatedCredentials.find((entry) => entry.change === 'added')?.name, 'fic-new');

      const reordered = structuredClone(BASE);
      for (const record of reordered.identities) for (const trust of record.trust) trust.audiences = [...trust.audiences, 'api://second'].reverse();
      const withSecond = structuredClone(BASE);
      for (const record of withSecond.identities) for (const trust of record.trust) trust.audiences = [...trust.audiences, 'api://second'];
      assert.deepEqual(diff(reordered, withSecond).federatedCredentials, []);
    });
  });

  describe('dangling references', () => {
    const controlled = (record: IdentityRecord): boolean => record.controllers.some((controller) => controller.assignmentId !== null && controller.displayName !== null);
    const unname = (record: IdentityRecord): void => {
      const controller = record.controllers.find((candidate) => candidate.assignmentId !== null && candidate.displayName !== null);
      if (controller !== undefined) controller.displayName = null;
    };

    it('a controlling role assignment whose principal NEW no longer resolves', () => {
      const drift = diff(editRecord(controlled, unname));
      assertOnly(drift, 'dangling');
      assert.deepEqual(drift.dangling.map((entry) => entry.kind), ['roleAssignmentPrincipal']);
      assert.notEqual(drift.dangling[0]?.targetName, null, 'named as OLD knew it');
    });

    it('not when NEW could not read the directory', () => {
      const after = editRecord(controlled, (record, document) => {
        unname(record);
        document.coverage.gaps.push({ source: 'directoryObjects', scope: 'tenant', reason: '403 Authorization_RequestDenied' });
      });
      assert.deepEqual(diff(after).dangling, []);
    });

    it('a managed identity whose host is no longer found while its service principal remains', () => {
      const after = editRecord(
        (record) => record.kind === 'systemAssignedIdentity' && record.hostFound,
        (record) => {
          record.hostFound = false;
          record.hosts = [];
        },
      );
      const drift = diff(after);
      assert.deepEqual(drift.dangling.map((entry) => entry.kind), ['identityHost']);
      // What dangled already in OLD is not new.
      assert.deepEqual(diff(after, after).dangling, []);
    });
  });

  describe('findings', () => {
    it('new and fixed by fingerprint, named by the identity that holds them; a new high finding fails the gate', () => {
      const holder = BASE.identities.find((record) => record.findings.some((finding) => finding.severity === 'critical'));
      assert.ok(holder !== undefined);
      const before = structuredClone(BASE);
      for (const record of before.identities) record.findings = record.findings.filter((finding) => finding.severity !== 'critical');
      const drift = diff(BASE, before);
      assert.ok(drift.findings.new.length > 0 && drift.findings.new.every((finding) => finding.severity === 'critical'));
      assert.equal(new Set(drift.findings.new.map((finding) => finding.fingerprint)).size, drift.findings.new.length, 'once per fingerprint');
      // The subject is the first identity by key that the export lists the finding under.
      for (const finding of drift.findings.new) {
        const first = [...BASE.identities].sort((a, b) => (a.key < b.key ? -1 : 1)).find((record) => record.findings.some((held) => held.fingerprint === finding.fingerprint));
        assert.equal(finding.subject.displayName, first?.name);
      }
      assert.equal(drift.summary.failing, drift.findings.new.length);
      assert.deepEqual(diff(before).findings.fixed.map((finding) => finding.fingerprint), drift.findings.new.map((finding) => finding.fingerprint));
    });
  });

  describe('inputs', () => {
    it('different tenants are refused', () => {
      const other = { ...structuredClone(BASE), tenantId: '00000000-0000-4000-8000-00000000ffff' };
      assert.throws(() => diffRecords(BASE, other, { failOn: 'high', oldOrigin: 'a.json', newOrigin: 'b.json' }), (error: unknown) => {
        return error instanceof InputError && /cannot diff exports of different tenants: a\.json is tenant .*, b\.json is tenant 00000000/.test(error.message);
      });
    });

    it('a snapshot and an export are not compared', () => {
      assert.throws(
        () => diffInputs({ kind: 'snapshot', snapshot: DEMO }, { kind: 'export', document: BASE }, { failOn: 'high', oldOrigin: 'old.json', newOrigin: 'new.json' }),
        (error: unknown) => error instanceof InputError && error.message === 'cannot diff a snapshot against an export: old.json is a snapshot, new.json is an export (give two of one kind)',
      );
    });

    it('detects the kind and names the file and the JSON path of a bad export', () => {
      assert.equal(parseDiffInput(JSON.stringify(BASE), 'x.json').kind, 'export');
      assert.equal(parseDiffInput(JSON.stringify(DEMO), 'x.json').kind, 'snapshot');
      const bad = structuredClone(BASE) as unknown as { identities: { kind: string }[] };
      const first = bad.identities[0];
      if (first !== undefined) first.kind = 'robot';
      const cases: [string, RegExp][] = [
        [JSON.stringify(bad), /^export x\.json: at identities\[0\]\.kind: /],
        [JSON.stringify({ ...BASE, schemaVersion: 2 }), /^export x\.json: unsupported schemaVersion 2/],
        [JSON.stringify({ kind: 'something-else' }), /^x\.json: neither an mi-audit snapshot nor an export \(at kind: /],
        ['[1]', /^x\.json: neither/],
        ['{', /^x\.json: not valid JSON/],
      ];
      for (const [text, message] of cases) {
        assert.throws(() => parseDiffInput(text, 'x.json'), (error: unknown) => error instanceof InputError && message.test(error.message), message.source);
      }
    });
  });
  it("a host-less managed identity losing its last grant is a grant change, not an identity removed and another added", () => {
    // The export keys such an identity `mi:` while it holds a grant (rules judge it) and `sp:` once it holds none.
    const hostless = BASE.identities.find((record) => record.key.startsWith('mi:') && record.grants.filter((grant) => grant.kind === 'azureRole').length === 1);
    assert.ok(hostless !== undefined, 'the demo has a host-less managed identity with one Azure role');
    const grant = hostless.grants.find((entry) => entry.kind === 'azureRole');
    assert.ok(grant !== undefined && grant.kind === 'azureRole');
    const snapshot = structuredClone(DEMO);
    snapshot.roleAssignments = snapshot.roleAssignments.filter((assignment) => canonicalArmId(assignment.id) !== canonicalArmId(grant.assignmentId));
    const after = exportOf(snapshot);
    assert.ok(after.identities.some((record) => record.key === `sp:${hostless.key.slice(3)}`), 'the same principal, now swept as `sp:`');
    const drift = diff(after);
    assertOnly(drift, 'grants');
    assert.deepEqual(
      drift.grants.map((change) => [change.change, canonicalArmId(change.id)]),
      [['removed', canonicalArmId(grant.assignmentId)]],
    );
  });
});
