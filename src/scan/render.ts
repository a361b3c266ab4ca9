import type { OutputText } from '../core/atomic-write.js';
import { type IdentityRecords, identityRecords } from '../record/build.js';
import type { OutputFormat } from '../report/formats.js';
import { REPORTERS } from '../report/index.js';
import type { RenderEnv } from '../report/reporter.js';
import { renderIdentityTable } from '../report/table-identities.js';
import type { AnalyzeResult } from './analyze.js';

// A run that writes both the identity table and a Markdown summary ranks the identities once; the entry lives as
// long as the analysis result it belongs to. Records are built lazily, as each view pulls them.
const recordsByResult = new WeakMap<AnalyzeResult, IdentityRecords>();

function recordsOf(result: AnalyzeResult): IdentityRecords {
  let records = recordsByResult.get(result);
  if (records === undefined) {
    records = identityRecords(result.inventory, result.report.findings, result.facts);
    recordsByResult.set(result, records);
  }
  return records;
}

/** How the terminal table is arranged: findings under their identity (riskiest first), or one flat list by rule. */
export type TableView = 'identity' | 'rule';

/**
 * Renders one analysis in one format through the reporter registry (src/report/index.ts). The reporters are
 * pure; this only picks one and hands it the rules that ran. The table in its `identity` view groups findings
 * under the identity record (src/record) they concern. A reporter that streams (`renderChunks`: JSON, SARIF, CSV,
 * HTML, JUnit) gives its chunks lazily: the text is made while it is written, never held whole. Throws Error for a
 * format with no reporter (a bug: the CLI only offers registered formats).
 */
export function renderReport(result: AnalyzeResult, format: OutputFormat, env: Omit<RenderEnv, 'rules'>, view: TableView = 'rule'): OutputText {
  const reporter = REPORTERS.find((candidate) => candidate.format === format);
  if (reporter === undefined) throw new Error(`no reporter for format ${format}`);
  const fullEnv = { ...env, rules: result.rules };
  if (format === 'table' && view === 'identity') {
    return renderIdentityTable(result.report, recordsOf(result), fullEnv);
  }
  if (format === 'markdown') {
    // The summary ranks identities the way the table and the export do, from the ranking: building all 35,000 records
    // of the 100k-assignment tenant to read four fields of each held them all at once.
    return reporter.render(result.report, { ...fullEnv, rankedIdentities: recordsOf(result).withOpenFindings() });
  }
  return reporter.renderChunks?.(result.report, fullEnv) ?? reporter.render(result.report, fullEnv);
}
