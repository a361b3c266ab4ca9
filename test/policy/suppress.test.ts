import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { expiryInstant, isExpired, targetMatcher, targetProblem } from '../../src/policy/suppress.js';
import { APP_OBJECT_ID, UAMI_ID } from './sample-findings.js';

describe('suppression targets', () => {
  it('matches an exact ARM id case-insensitively, ignoring a trailing slash', () => {
    const matches = targetMatcher(`${UAMI_ID.toUpperCase()}/`);
    assert.equal(matches(UAMI_ID), true);
    assert.equal(matches(`${UAMI_ID}-2`), false, 'exact, not a prefix');
  });

  it('matches a * glob over canonical ARM ids, across path segments', () => {
    assert.equal(targetMatcher('/subscriptions/aaaa/resourceGroups/rg-prod/*')(UAMI_ID), true);
    assert.equal(targetMatcher('/subscriptions/*/providers/microsoft.managedidentity/userassignedidentities/id-*')(UAMI_ID), true);
    assert.equal(targetMatcher('/subscriptions/aaaa/resourceGroups/rg-dev/*')(UAMI_ID), false);
    assert.equal(targetMatcher('/subscriptions/aaaa/resourceGroups/rg.prod/*')(UAMI_ID), false, '. is literal, not a regex wildcard');
  });

  it('matches a Graph object id exactly (GUID case aside) and never an ARM id', () => {
    assert.equal(targetMatcher(APP_OBJECT_ID.toLowerCase())(APP_OBJECT_ID), true);
    assert.equal(targetMatcher(APP_OBJECT_ID)(`${APP_OBJECT_ID}0`), false);
    assert.equal(targetMatcher('/*')(APP_OBJECT_ID), false, 'an ARM glob does not reach Graph objects');
  });

  it('refuses globs on Graph ids', () => {
    assert.match(targetProblem('9e57*') ?? '', /only works on ARM ids/);
    assert.equal(targetProblem('/subscriptions/*'), undefined);
  });
});

describe('suppression expiry', () => {
  it('a bare date is valid through that whole day (UTC)', () => {
    assert.equal(expiryInstant('2026-12-31').toISOString(), '2027-01-01T00:00:00.000Z');
    assert.equal(isExpired({ expires: '2026-12-31' }, new Date('2026-12-31T23:59:59Z')), false);
    assert.equal(isExpired({ expires: '2026-12-31' }, new Date('2027-01-01T00:00:00Z')), true);
  });

  it('a date-time expires at that instant', () => {
    assert.equal(isExpired({ expires: '2026-06-01T12:00:00+02:00' }, new Date('2026-06-01T09:59:59Z')), false);
    assert.equal(isExpired({ expires: '2026-06-01T12:00:00+02:00' }, new Date('2026-06-01T10:00:00Z')), true);
  });
});
