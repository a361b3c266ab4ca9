import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import rule from '../../src/rules/credential-limit.js';
import type { SnapshotApplication, SnapshotUserAssignedIdentity } from '../../src/snapshot/schema.js';
import { about, runRule } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder } from '../helpers/tenant-builder.js';

function addFics(t: TenantBuilder, owner: SnapshotUserAssignedIdentity | SnapshotApplication, count: number): void {
  for (let index = 1; index <= count; index += 1) {
    t.fic(owner, { name: `env-${index}`, issuer: GITHUB_ISSUER, subject: `repo:contoso/app:environment:env-${index}` });
  }
}

describe('credential-limit', () => {
  it('fires low at 20 federated credentials and info at 18 or 19', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    const full = t.uami({ name: 'id-full', subscription: prod });
    addFics(t, full, 20);
    const near = t.application({ displayName: 'near-app' });
    addFics(t, near, 19);
    const eighteen = t.uami({ name: 'id-eighteen', subscription: prod });
    addFics(t, eighteen, 18);

    const findings = runRule(rule, t);
    const atLimit = about(findings, full.id)[0];
    assert.equal(atLimit?.severity, 'low');
    assert.equal(atLimit?.evidence['count'], 20);
    assert.equal(atLimit?.related.filter((ref) => ref.relation === 'federatedCredential').length, 20);
    assert.match(atLimit?.message ?? '', /no more can be added/);
    assert.equal(about(findings, near.id)[0]?.severity, 'info');
    assert.equal(about(findings, near.id)[0]?.subject.kind, 'application');
    assert.equal(about(findings, eighteen.id)[0]?.severity, 'info');
  });

  it('stays silent below 18 federated credentials', () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    addFics(t, t.uami({ name: 'id-busy', subscription: prod }), 17);
    addFics(t, t.application({ displayName: 'busy-app' }), 17);
    assert.deepEqual(runRule(rule, t), []);
  });
});
