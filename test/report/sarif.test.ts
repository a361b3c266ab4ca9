import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { analyzeSnapshot } from '../../src/scan/analyze.js';
import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import { sarifArtifactUri, sarifReporter, SECURITY_SEVERITY } from '../../src/report/sarif.js';
import { readSnapshotFile } from '../../src/snapshot/read.js';
import { CATALOG, TENANT, UAMI_ID, APP_OBJECT_ID } from '../policy/sample-findings.js';
import { BASELINED, OPEN, sampleReport, SUPPRESSED } from './sample-report.js';

/** The parts of SARIF 2.1.0 these tests read; everything else is checked through JSON. */
interface Sarif {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri?: string; rules: SarifRule[] } };
    results: SarifResult[];
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
  }[];
}
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  properties: { tags: string[]; 'security-severity': string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string } }; logicalLocations: { fullyQualifiedName: string; name?: string }[] }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; justification: string }[];
  properties: Record<string, unknown>;
}

const render = (report = sampleReport(), rules = CATALOG): Sarif => JSON.parse(sarifReporter.render(report, { color: false, columns: 80, rules })) as Sarif;
const run = (sarif: Sarif): Sarif['runs'][number] => {
  const [only] = sarif.runs;
  assert.ok(only !== undefined && sarif.runs.length === 1, 'exactly one run');
  return only;
};

describe('SARIF reporter', () => {
  it('has the SARIF 2.1.0 envelope and a driver described from the rule metadata', () => {
    const sarif = render();
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-schema-2\.1\.0\.json$/);
    const { driver } = run(sarif).tool;
    assert.equal(driver.name, 'mi-audit');
    assert.equal(driver.version, '9.9.9');
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { homepage?: string };
    assert.equal(driver.informationUri, pkg.homepage ?? 'https://www.npmjs.com/package/mi-audit', "the package's homepage, else its npm page");
    assert.deepEqual(driver.rules.map((rule) => rule.id), ['MIA-1001', 'MIA-3003']);
    const [privileged] = driver.rules;
    assert.equal(privileged?.name, 'privileged-role');
    assert.equal(privileged?.shortDescription.text, 'Workload identity holds a role that can grant access');
    assert.equal(privileged?.fullDescription.text, 'It can give itself or anyone any access.');
    assert.match(privileged?.help.text ?? '', /^Why: It can give .*\nFix: Replace the role.*\nReferences:\n- Azure RBAC best practices: https:/s);
    assert.match(privileged?.help.markdown ?? '', /\*\*Why:\*\* .*\*\*Fix:\*\* .*\[Azure RBAC best practices\]\(https:/s);
    assert.match(privileged?.helpUri ?? '', /^https:\/\//, 'the first reference, absolute');
    assert.match(privileged?.help.markdown ?? '', /docs\/rules\/privileged-role\.md/);
    assert.deepEqual(privileged?.properties, { tags: ['security', 'privileged-role'], 'security-severity': '9.5' });
  });

  it('maps severity to level and security-severity from one fixed table', () => {
    assert.deepEqual(SECURITY_SEVERITY, { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0', info: '0.0' });
    const levels = ['critical', 'high', 'medium', 'low', 'info'].map((severity) => {
      const report = sampleReport([{ ...OPEN, severity: severity as typeof OPEN.severity }]);
      return run(render(report)).results[0]?.level;
    });
    assert.deepEqual(levels, ['error', 'error', 'warning', 'note', 'note']);
  });

  it('gives every result a rule, message, fingerprint and a stable virtual location', () => {
    const results = run(render()).results;
    assert.equal(results.length, 3, 'suppressed and baselined findings stay in the SARIF');
    for (const result of results) {
      assert.ok(result.ruleId.startsWith('MIA-'));
      assert.ok(result.message.text.length > 0);
      assert.equal(result.locations.length, 1);
      assert.match(Object.keys(result.partialFingerprints).join(), /^miAudit\/v1$/);
    }
    const [open, suppressed, baselined] = results;
    assert.equal(open?.ruleIndex, 0);
    assert.equal(baselined?.ruleIndex, 1);
    assert.equal(open?.partialFingerprints['miAudit/v1'], OPEN.fingerprint);
    assert.equal(
      open?.locations[0]?.physicalLocation.artifactLocation.uri,
      `azure/${TENANT}/subscriptions/aaaa/resourcegroups/rg-prod/providers/microsoft.managedidentity/userassignedidentities/id-deploy`,
    );
    assert.deepEqual(open?.locations[0]?.logicalLocations[0], { name: 'id-deploy', fullyQualifiedName: UAMI_ID, kind: 'resource' });
    assert.equal(suppressed?.locations[0]?.physicalLocation.artifactLocation.uri, `entra/${TENANT}/application/${APP_OBJECT_ID.toLowerCase()}`);
    assert.equal(suppressed?.locations[0]?.logicalLocations[0]?.fullyQualifiedName, APP_OBJECT_ID, 'original casing');
  });

  it('derives the artifact URI from the canonical id: casing drift does not move an alert, odd characters are encoded', () => {
    const subject = { kind: 'userAssignedIdentity', id: UAMI_ID };
    assert.equal(sarifArtifactUri(TENANT.toUpperCase(), { ...subject, id: `${UAMI_ID.toUpperCase()}/` }), sarifArtifactUri(TENANT, subject));
    assert.equal(sarifArtifactUri('t', { kind: 'resource', id: '/subscriptions/s/resourceGroups/My RG#1' }), 'azure/t/subscriptions/s/resourcegroups/my%20rg%231');
  });

  it('puts confidence, evidence, related and status in properties, and suppressions on suppressed results only', () => {
    const [open, suppressed, baselined] = run(render()).results;
    assert.equal(open?.properties['confidence'], 'high');
    assert.deepEqual(open?.properties['evidence'], OPEN.evidence);
    assert.deepEqual(open?.properties['related'], OPEN.related);
    assert.equal(open?.properties['status'], 'open');
    assert.equal(open?.suppressions, undefined);
    assert.deepEqual(suppressed?.suppressions, [{ kind: 'external', status: 'accepted', justification: 'break-glass, reviewed quarterly' }]);
    assert.equal(baselined?.suppressions, undefined, 'a baseline is debt, not an accepted risk');
    assert.equal(baselined?.properties['status'], 'baselined');
    assert.deepEqual(baselined?.properties['caveats'], BASELINED.caveats);
    assert.equal(SUPPRESSED.status, suppressed?.properties['status']);
  });

  it('without a rule catalog, describes the rules that fired from their findings', () => {
    const rules = run(JSON.parse(sarifReporter.render(sampleReport(), { color: false, columns: 80 })) as Sarif).tool.driver.rules;
    assert.deepEqual(rules.map((rule) => [rule.id, rule.name]), [['MIA-1001', 'privileged-role'], ['MIA-3003', 'unused-identity']]);
  });

  it('over the demo tenant: one rule per catalog entry, every result resolvable, unique fingerprints, stable across runs', async () => {
    const snapshot = await readSnapshotFile(DEMO_SNAPSHOT_PATH);
    const analyze = (now: string): Sarif => {
      const { report, rules } = analyzeSnapshot({ snapshot, failOn: 'none', now: new Date(now) });
      return JSON.parse(sarifReporter.render(report, { color: false, columns: 80, rules })) as Sarif;
    };
    const first = run(analyze('2026-11-25T00:00:00Z'));
    const ids = first.tool.driver.rules.map((rule) => rule.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const result of first.results) {
      assert.equal(ids[result.ruleIndex ?? -1], result.ruleId);
      assert.match(result.locations[0]?.physicalLocation.artifactLocation.uri ?? '', /^(azure|entra)\/[0-9a-f-]{36}\/[^A-Z\s]+$/);
    }
    const fingerprints = first.results.map((result) => result.partialFingerprints['miAudit/v1']);
    assert.equal(new Set(fingerprints).size, fingerprints.length);
    const second = run(analyze('2026-11-26T00:00:00Z'));
    const key = (results: SarifResult[]): string[] => results.map((result) => `${result.partialFingerprints['miAudit/v1']} ${result.locations[0]?.physicalLocation.artifactLocation.uri}`);
    assert.deepEqual(key(second.results), key(first.results));
  });

  it('lists coverage gaps as warnings of the invocation', () => {
    const report = { ...sampleReport(), coverage: { complete: false, gaps: [{ source: 'resources' as const, scope: '/subscriptions/s', reason: '403 AuthorizationFailed' }] } };
    const [invocation] = run(render(report)).invocations;
    assert.equal(invocation?.executionSuccessful, true);
    assert.deepEqual(invocation?.toolExecutionNotifications, [{ level: 'warning', message: { text: 'Coverage gap: resources @ /subscriptions/s: 403 AuthorizationFailed' } }]);
  });
});
