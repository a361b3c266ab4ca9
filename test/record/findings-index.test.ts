import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildInventory } from '../../src/inventory/build.js';
import { findingsIndex } from '../../src/record/findings.js';
import { validateSnapshot } from '../../src/snapshot/read.js';
import { fp, sampleFinding } from '../policy/sample-findings.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

describe('findingsIndex', () => {
  it('gives a finding about a role assignment to the identity holding it, however the id is spelled', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('contoso-prod');
    const identity = t.uami({ name: 'id-deploy', subscription: prod });
    const other = t.uami({ name: 'id-other', subscription: prod });
    const assignmentId = t.assign(identity, 'Owner', prod.scope);
    const inventory = buildInventory(validateSnapshot(t.build(), 'test tenant'));
    const key = (name: string): string => inventory.workloadIdentities.find((workload) => workload.displayName === name)?.key ?? '';

    const exact = sampleFinding({ fingerprint: fp(1), subject: { kind: 'roleAssignment', id: assignmentId } });
    const upper = sampleFinding({ fingerprint: fp(2), subject: { kind: 'roleAssignment', id: assignmentId.toUpperCase() } });
    const unknown = sampleFinding({ fingerprint: fp(3), subject: { kind: 'roleAssignment', id: `${prod.scope}/providers/Microsoft.Authorization/roleAssignments/nope` } });
    const findingsFor = findingsIndex(inventory, inventory.workloadIdentities, [exact, upper, unknown]);

    assert.deepEqual(findingsFor(key('id-deploy')).map((finding) => finding.fingerprint), [fp(1), fp(2)]);
    assert.deepEqual(findingsFor(key(other.name)), []);
  });

  it('gives a finding about a federated credential to its owner, and each finding only to the identities it names', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('contoso-prod');
    const deploy = t.uami({ name: 'id-deploy', subscription: prod });
    const other = t.uami({ name: 'id-other', subscription: prod });
    const fic = t.fic(deploy, { name: 'gh', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/app:environment:prod' });
    const inventory = buildInventory(validateSnapshot(t.build(), 'test tenant'));
    const key = (name: string): string => inventory.workloadIdentities.find((workload) => workload.displayName === name)?.key ?? '';

    const aboutFic = sampleFinding({ fingerprint: fp(1), subject: { kind: 'federatedIdentityCredential', id: fic.id.toUpperCase() } });
    // Names both identities (subject and an `identity` relation): listed under each once, and the next finding,
    // which names only the other identity, must not inherit the first one's identities.
    const aboutBoth = sampleFinding({
      fingerprint: fp(2),
      subject: { kind: 'userAssignedIdentity', id: deploy.id },
      related: [
        { relation: 'identity', kind: 'userAssignedIdentity', id: other.id.toUpperCase() },
        { relation: 'identity', kind: 'userAssignedIdentity', id: deploy.id },
      ],
    });
    const aboutOther = sampleFinding({ fingerprint: fp(3), subject: { kind: 'userAssignedIdentity', id: other.id } });
    const findingsFor = findingsIndex(inventory, inventory.workloadIdentities, [aboutFic, aboutBoth, aboutOther]);

    assert.deepEqual(findingsFor(key('id-deploy')).map((finding) => finding.fingerprint), [fp(1), fp(2)]);
    assert.deepEqual(findingsFor(key('id-other')).map((finding) => finding.fingerprint), [fp(2), fp(3)]);
  });
});
