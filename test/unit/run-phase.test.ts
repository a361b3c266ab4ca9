import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { acceptsSubject, planPhaseTrust } from '../../src/rules/util/run-phase.js';

const TFC = 'https://app.terraform.io';
const WS = 'organization:contoso:project:platform:workspace:dns';
const flex = (value: string): { issuer: string; subject: null; claimsMatchingExpression: { value: string; languageVersion: number } } => ({
  issuer: TFC,
  subject: null,
  claimsMatchingExpression: { value, languageVersion: 1 },
});

describe('planPhaseTrust', () => {
  it('reads exact TFC and Spacelift plan subjects with their apply twins (§C.3, §C.6)', () => {
    assert.deepEqual(planPhaseTrust({ issuer: TFC, subject: `${WS}:run_phase:plan` }), {
      platform: 'terraform-cloud',
      target: 'workspace contoso/platform/dns',
      phase: 'run_phase:plan',
      applySubject: `${WS}:run_phase:apply`,
      admitsApply: false,
      flexible: false,
    });
    const spacelift = planPhaseTrust({ issuer: 'https://acme.app.spacelift.io', subject: 'space:root:stack:net:run_type:PROPOSED:scope:read' });
    assert.equal(spacelift?.applySubject, 'space:root:stack:net:run_type:TRACKED:scope:write');
    assert.equal(spacelift?.target, 'stack net in space root');
    assert.equal(planPhaseTrust({ issuer: TFC, subject: `${WS}:run_phase:apply` }), undefined);
    assert.equal(planPhaseTrust({ issuer: 'https://acme.app.spacelift.io', subject: 'space:root:stack:net:run_type:TRACKED:scope:write' }), undefined);
  });

  it('reads flexible TFC expressions: wildcard phases, bound and unbound workspaces, eq clauses', () => {
    const any = planPhaseTrust(flex(`claims['sub'] matches '${WS}:run_phase:*'`));
    assert.equal(any?.target, 'workspace contoso/platform/dns');
    assert.equal(any?.admitsApply, true);
    assert.equal(planPhaseTrust(flex("claims['sub'] matches 'organization:contoso:project:platform:workspace:*:run_phase:*'"))?.target, "workspaces matching organization:contoso:project:platform:workspace:*:run_phase:*");
    assert.equal(planPhaseTrust(flex("claims['sub'] matches 'organization:contoso:project:platform:workspace:dns-*'"))?.phase, 'run_phase (any, by wildcard)');
    assert.equal(planPhaseTrust(flex(`claims['sub'] matches '${WS}:run_phase:a*'`)), undefined);
    assert.equal(planPhaseTrust(flex(`claims['sub'] eq '${WS}:run_phase:plan'`))?.flexible, true);
    assert.equal(planPhaseTrust(flex(`claims['sub'] matches '${WS}:*' and claims['sub'] eq '${WS}:run_phase:apply'`)), undefined);
  });
});

describe('acceptsSubject', () => {
  it('compares standard subjects exactly and requires every flexible sub clause to accept', () => {
    assert.equal(acceptsSubject({ subject: 'a', claimsMatchingExpression: null }, 'a'), true);
    assert.equal(acceptsSubject({ subject: 'a', claimsMatchingExpression: null }, 'A'), false);
    assert.equal(acceptsSubject(flex(`claims['sub'] matches '${WS}:run_phase:*'`), `${WS}:run_phase:apply`), true);
    assert.equal(acceptsSubject(flex("claims['repository_id'] eq '1'"), 'x'), false);
  });
});
