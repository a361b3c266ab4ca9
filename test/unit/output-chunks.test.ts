import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';

import type { CliIo } from '../../src/cli/io.js';
import { writeOutput } from '../../src/cli/output.js';

/** A stdout whose buffer is always full: every write returns false, and 'drain' comes on a later tick. */
class SlowStdout extends EventEmitter {
  readonly written: string[] = [];
  waiting = false;
  overrun = 0;
  write(text: string): boolean {
    if (this.waiting) this.overrun += 1;
    this.written.push(text);
    this.waiting = true;
    setImmediate(() => {
      this.waiting = false;
      this.emit('drain');
    });
    return false;
  }
}

function ioWith(stdout: CliIo['stdout']): CliIo {
  return { stdout, stderr: { write: () => true }, env: {}, now: () => new Date(0) };
}

describe('writeOutput to stdout', () => {
  it('writes chunks in order and waits for drain before the next one', async () => {
    const stdout = new SlowStdout();
    await writeOutput(ioWith(stdout), '-', ['a', 'b', 'c', 'd']);
    assert.deepEqual(stdout.written, ['a', 'b', 'c', 'd']);
    assert.equal(stdout.overrun, 0, 'no chunk written into a full buffer');
  });

  it('writes a string as one piece, and chunks to a stream that cannot say when it drains', async () => {
    const written: string[] = [];
    await writeOutput(ioWith({ write: (text: string) => written.push(text) }), '-', 'whole text');
    await writeOutput(ioWith({ write: (text: string) => { written.push(text); return false; } }), undefined, ['x', 'y']);
    assert.deepEqual(written, ['whole text', 'x', 'y']);
  });
});
