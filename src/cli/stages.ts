/**
 * Stage times of a `scan`, for --debug: `mi-audit: debug: stage NAME S s` on stderr as each stage ends. One
 * `performance.now()` per stage: nothing is timed or printed without --debug or MI_AUDIT_STAGE_TIMES=1.
 */
import type { AnalysisStage } from '../scan/analyze.js';
import { type CliIo, type GlobalOptions, sayLine } from './io.js';

/**
 * A scan's stages, in the order they run: `collect` (live only: the collector child, until its temp file is written),
 * `read` (the snapshot read, validated and interned), `inventory` (built, and the snapshot's garbage collected), then
 * the analysis's `rules` and `policy`, and `report` (the report model, the full garbage collection before a format other
 * than JSON, every report rendered and written). The verdict line after them is not timed.
 */
export type StageName = 'collect' | 'read' | 'inventory' | AnalysisStage | 'report';

export interface StageClock {
  /** Ends the running stage, timed from the end of the previous one (or from the clock's start): the stages tile the run. */
  end(stage: StageName): void;
}

const SILENT: StageClock = { end: () => undefined };

/**
 * Says the stage lines alone, without the rest of --debug: a live collection's --debug says one line per request, which
 * cost a live scan of the half-size bench tenant ~0.6 s of CPU (2,658 lines through the collector child's IPC channel)
 * that `npm run bench -- --live` would count as the scan's.
 */
export const STAGE_TIMES_ENV = 'MI_AUDIT_STAGE_TIMES';

/**
 * The clock of one command run, started now. Without --debug (or MI_AUDIT_STAGE_TIMES=1) it does nothing, not even
 * read the clock; with it, each `end` says the stage's wall time in seconds, 2 decimals below 10 s and 1 from there
 * (`stage rules 1.48 s`, `stage collect 21.3 s`). Said under --quiet too, as the other --debug lines are.
 */
export function startStageClock(io: CliIo, global: GlobalOptions): StageClock {
  if (!global.debug && io.env[STAGE_TIMES_ENV] !== '1') return SILENT;
  let since = performance.now();
  return {
    end(stage) {
      const now = performance.now();
      sayLine(io, `mi-audit: debug: stage ${stage} ${formatStageSeconds(now - since)}`);
      since = now;
    },
  };
}

/** `milliseconds` as the stage line shows it: `0.26 s`, `21.3 s`. */
export function formatStageSeconds(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
}
