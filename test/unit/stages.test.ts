import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { CliIo } from '../../src/cli/io.js';
import { formatStageSeconds, startStageClock } from '../../src/cli/stages.js';

function io(env: Record<string, string> = {}): CliIo & { err: string[] } {
  const err: string[] = [];
  return {
    err,
    stdout: { write: () => true },
    stderr: { write: (text: string) => err.push(text) },
    env,
    now: () => new Date('2026-12-01T00:00:00Z'),
  };
}

describe('--debug stage times', () => {
  it('says seconds with 2 decimals below 10 s and 1 from there', () => {
    assert.equal(formatStageSeconds(0), '0.00 s');
    assert.equal(formatStageSeconds(260), '0.26 s');
    assert.equal(formatStageSeconds(1_484), '1.48 s');
    assert.equal(formatStageSeconds(21_340), '21.3 s');
  });

  it('says one line per stage with --debug, under --quiet too, and nothing without it', () => {
    const debug = io();
    const clock = startStageClock(debug, { color: false, quiet: true, debug: true });
    clock.end('read');
    clock.end('inventory');
    assert.equal(debug.err.length, 2);
    assert.match(debug.err[0] ?? '', /^mi-audit: debug: stage read \d+\.\d\d s\n$/);
    assert.match(debug.err[1] ?? '', /^mi-audit: debug: stage inventory \d+\.\d\d s\n$/);
    const plain = io();
    const silent = startStageClock(plain, { color: false, quiet: false, debug: false });
    silent.end('read');
    silent.end('report');
    assert.deepEqual(plain.err, []);
  });

  it('says them without --debug when MI_AUDIT_STAGE_TIMES is 1, and only then', () => {
    const off = { color: false, quiet: false, debug: false };
    const on = io({ MI_AUDIT_STAGE_TIMES: '1' });
    startStageClock(on, off).end('collect');
    assert.match(on.err.join(''), /^mi-audit: debug: stage collect \d+\.\d\d s\n$/);
    for (const value of ['0', 'true', '']) {
      const other = io({ MI_AUDIT_STAGE_TIMES: value });
      startStageClock(other, off).end('collect');
      assert.deepEqual(other.err, [], value);
    }
  });
});
