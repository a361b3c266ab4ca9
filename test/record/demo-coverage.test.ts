/**
 * The point of the record: nothing a reviewer must see is left out. Every user-assigned identity and every
 * role assignment held by a workload identity in the demo snapshot appears in the JSON and in the CSV, the CSV
 * names roles rather than giving their ids, and the JSON matches its schema.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { renderRecordCsv } from '../../src/record/csv.js';
import { renderRecordJson } from '../../src/record/json.js';
import { recordDocumentSchema } from '../../src/record/schema.js';
import { demoDocument, demoSnapshot } from './demo-document.js';

describe('export covers the demo tenant', async () => {
  const snapshot = await demoSnapshot();
  const document = await demoDocument();
  const json = renderRecordJson(document);
  const parsed = recordDocumentSchema.parse(JSON.parse(json));
  const csvLines = renderRecordCsv(document).split('\r\n');

  // Workload principals, from the snapshot alone: identities, system-assigned hosts, managed-identity and app service principals.
  const workloadPrincipals = new Set(
    [
      ...snapshot.userAssignedIdentities.map((identity) => identity.principalId),
      ...snapshot.resources.flatMap((resource) => (typeof resource.identity?.principalId === 'string' ? [resource.identity.principalId] : [])),
      ...snapshot.servicePrincipals
        .filter((sp) => sp.servicePrincipalType === 'ManagedIdentity' || snapshot.applications.some((app) => app.appId.toLowerCase() === sp.appId.toLowerCase()))
        .map((sp) => sp.id),
    ].map((id) => id.toLowerCase()),
  );
  const held = snapshot.roleAssignments.filter((assignment) => workloadPrincipals.has(assignment.principalId.toLowerCase()));

  it('matches the JSON Schema contract (zod)', () => {
    assert.equal(parsed.kind, 'mi-audit/identity-records');
    assert.equal(parsed.schemaVersion, 1);
    assert.equal(parsed.identities.length, parsed.summary.identities);
  });

  it('has every user-assigned identity in the JSON and the CSV', () => {
    assert.ok(snapshot.userAssignedIdentities.length >= 36, 'the demo tenant still has its identities');
    const keys = new Set(parsed.identities.map((record) => record.ids.armId?.toLowerCase()));
    for (const identity of snapshot.userAssignedIdentities) {
      assert.ok(keys.has(identity.id.toLowerCase()), `JSON lacks ${identity.name}`);
      assert.ok(csvLines.some((line) => line.includes(identity.id)), `CSV lacks ${identity.name}`);
    }
  });

  it('has every role assignment held by a workload identity, with its role name, in the JSON and the CSV', () => {
    assert.ok(held.length >= 40, `the demo holds ${held.length} workload role assignments`);
    const granted = new Set(parsed.identities.flatMap((record) => record.grants.flatMap((grant) => (grant.kind === 'azureRole' ? [grant.assignmentId] : []))));
    for (const assignment of held) {
      assert.ok(granted.has(assignment.id), `JSON lacks ${assignment.id}`);
      const guid = assignment.roleDefinitionId.split('/').pop()?.toLowerCase() ?? '';
      const roleName = snapshot.roleDefinitions.find((definition) => definition.name.toLowerCase() === guid)?.roleName;
      assert.ok(roleName !== undefined);
      const row = csvLines.find((line) => line.includes(assignment.id));
      assert.ok(row !== undefined, `CSV lacks ${assignment.id}`);
      assert.ok(row.includes(`,${roleName},`), `CSV row of ${assignment.id} names the role ${roleName}`);
    }
  });

  it("shows id-orders-prod's grants, which no finding mentions", () => {
    const record = parsed.identities.find((candidate) => candidate.name === 'id-orders-prod');
    assert.ok(record);
    assert.deepEqual(record.findings, []);
    const roles = record.grants.flatMap((grant) => (grant.kind === 'azureRole' ? [grant.roleName] : [])).sort();
    assert.deepEqual(roles, ['AcrPull', 'Key Vault Secrets User', 'Storage Blob Data Reader']);
  });
});
