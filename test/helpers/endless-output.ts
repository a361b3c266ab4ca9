/**
 * A process that writes an output that never ends, through the CLI's own writer (src/cli/output.ts writeOutput), for
 * test/e2e/interrupt-write.test.ts: it signals it mid-write. Usage: node --import tsx endless-output.ts PATH
 */
import { writeOutput } from '../../src/cli/output.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: endless-output.ts PATH');
const pause = new Int32Array(new SharedArrayBuffer(4));

/** 64 KiB chunks, one every 2 ms (about 30 MB/s): the temp file grows until a signal ends the process. */
function* endless(): Generator<string, void, undefined> {
  const chunk = 'x'.repeat(65536);
  for (;;) {
    Atomics.wait(pause, 0, 0, 2);
    yield chunk;
  }
}

const silent = { write: () => true };
await writeOutput({ stdout: silent, stderr: silent, env: {}, now: () => new Date() }, path, endless());
