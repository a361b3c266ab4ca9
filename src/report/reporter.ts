import type { RuleMeta } from '../engine/types.js';
import type { ScanReport } from './model.js';

export interface RenderEnv {
  /** False when stdout is not a TTY, NO_COLOR is set, --no-color is given, or output goes to a file. */
  readonly color: boolean;
  /** Terminal width for the table; 120 when unknown. */
  readonly columns: number;
  /** The rules that ran, for formats that describe them (SARIF); derived from the findings when absent. */
  readonly rules?: readonly RuleMeta[];
  /** Table only: list suppressed and baselined findings too, not just count them (--show-suppressed). */
  readonly showSuppressed?: boolean;
  /**
   * Markdown: the identities with open findings as the identity record ranks them (src/record: worst open severity,
   * then privilege tier, then trust breadth), so the summary's "worst identities" agree with the terminal table.
   * Absent: findings are grouped by their subject in report order.
   */
  readonly rankedIdentities?: readonly RankedIdentity[];
}

/** One identity of the record, as far as a summary needs it. */
export interface RankedIdentity {
  readonly name: string;
  /** userAssignedIdentity, systemAssignedIdentity or application. */
  readonly kind: string;
  readonly worstOpenSeverity: string;
  readonly openFindings: number;
}

/** A reporter turns a report into text. Pure: no I/O, no filtering beyond a finding's status, no sorting, no exit codes. */
export interface Reporter {
  readonly format: string;
  readonly description: string;
  render(report: ScanReport, env: RenderEnv): string;
  /**
   * The same text as `render`, in chunks, for formats whose text at scale (hundreds of MB) should never exist whole
   * in memory; the CLI writes the chunks as they come. Must not fail part-way on a valid report.
   */
  readonly renderChunks?: (report: ScanReport, env: RenderEnv) => Iterable<string>;
}
