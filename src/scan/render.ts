import type { OutputFormat } from '../report/formats.js';
import { REPORTERS } from '../report/index.js';
import type { RenderEnv } from '../report/reporter.js';
import type { AnalyzeResult } from './analyze.js';

/**
 * Renders one analysis in one format through the reporter registry (src/report/index.ts). The reporters are
 * pure; this only picks one and hands it the rules that ran. Throws Error for a format with no reporter (a bug:
 * the CLI only offers registered formats).
 */
export function renderReport(result: AnalyzeResult, format: OutputFormat, env: Omit<RenderEnv, 'rules'>): string {
  const reporter = REPORTERS.find((candidate) => candidate.format === format);
  if (reporter === undefined) throw new Error(`no reporter for format ${format}`);
  return reporter.render(result.report, { ...env, rules: result.rules });
}
