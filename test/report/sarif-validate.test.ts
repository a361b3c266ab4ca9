/**
 * The SARIF is checked by Microsoft's own validator with the GitHub ingestion rules ("Gh") and the SARIF
 * best-practice rules ("Sarif"): https://github.com/microsoft/sarif-sdk/blob/main/docs/multitool-usage.md.
 * The validator is the native binary the @microsoft/sarif-multitool package ships; its node_modules/.bin
 * wrapper re-parses the arguments through a shell, which would split "Gh;Sarif" at the semicolon.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { analyzeSnapshot } from '../../src/scan/analyze.js';
import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import { sarifReporter } from '../../src/report/sarif.js';
import { readSnapshotFile } from '../../src/snapshot/read.js';
import { CATALOG } from '../policy/sample-findings.js';
import { sampleReport } from './sample-report.js';

const MULTITOOL = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;

interface ValidationResult {
  readonly ruleId: string;
  readonly level?: string;
  readonly message: { readonly id?: string; readonly arguments?: readonly string[]; readonly text?: string };
}

/** Runs `Sarif.Multitool validate FILE --rule-kind Gh;Sarif -o OUT` and returns OUT's results. */
function validate(sarif: string): ValidationResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'mi-audit-sarif-'));
  try {
    const input = join(dir, 'input.sarif');
    const output = join(dir, 'validation.sarif');
    writeFileSync(input, sarif);
    const run = spawnSync(MULTITOOL, ['validate', input, '--rule-kind', 'Gh;Sarif', '-o', output], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
    assert.equal(run.status, 0, `validator failed: ${run.stdout}${run.stderr}`);
    const log = JSON.parse(readFileSync(output, 'utf8')) as { runs: { results?: ValidationResult[] }[] };
    return log.runs.flatMap((entry) => entry.results ?? []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Errors and warnings (a result without a level is a warning, SARIF §3.27.10). */
const problems = (results: readonly ValidationResult[]): string[] =>
  results.filter((result) => (result.level ?? 'warning') !== 'note' && result.level !== 'none').map((result) => `${result.ruleId} ${JSON.stringify(result.message.arguments ?? result.message.text)}`);

describe('SARIF validates with the GitHub and SARIF rules of sarif-multitool', () => {
  it('the demo scan: zero errors and zero warnings', async () => {
    const { report, rules } = analyzeSnapshot({ snapshot: await readSnapshotFile(DEMO_SNAPSHOT_PATH), failOn: 'high', now: new Date('2026-12-01T00:00:00Z') });
    assert.deepEqual(problems(validate(sarifReporter.render(report, { color: false, columns: 80, rules }))), []);
  });

  it('a report with suppressed and baselined findings: zero errors and zero warnings', () => {
    assert.deepEqual(problems(validate(sarifReporter.render(sampleReport(), { color: false, columns: 80, rules: CATALOG }))), []);
  });

  it('the validator does report a broken file (this test can fail)', () => {
    const broken = JSON.parse(sarifReporter.render(sampleReport(), { color: false, columns: 80, rules: CATALOG })) as { runs: { tool: { driver: Record<string, unknown> } }[] };
    delete broken.runs[0]?.tool.driver['informationUri'];
    assert.ok(problems(validate(JSON.stringify(broken))).some((problem) => problem.startsWith('SARIF2005')), 'missing informationUri is reported');
  });
});
