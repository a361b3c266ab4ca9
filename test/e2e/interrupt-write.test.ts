/**
 * A signal while an output is being written ends the process by that signal and leaves nothing behind: the temp file
 * beside the output is removed (src/cli/interrupt.ts), and an existing output is kept as it was.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const writer = join(import.meta.dirname, '../helpers/endless-output.ts');
const scratch = mkdtempSync(join(tmpdir(), 'mi-audit-interrupt-'));

const STATUS: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

describe('a signal mid-write', () => {
  after(() => rmSync(scratch, { recursive: true, force: true }));

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} removes the temp file and ends the process by the signal`, async () => {
      const dir = mkdtempSync(join(scratch, 'run-'));
      const output = join(dir, 'report.json');
      writeFileSync(output, 'the previous report\n');
      const child = spawn(process.execPath, ['--import', 'tsx', writer, output], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, end) => resolve({ code, signal: end })));
      // Wait until the temp file exists and holds some of the output.
      const temp = async (): Promise<string> => {
        for (;;) {
          const name = readdirSync(dir).find((entry) => entry.startsWith('.report.json.tmp-'));
          if (name !== undefined && readFileSync(join(dir, name)).length > 0) return name;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      };
      await temp();
      child.kill(signal);
      const { code, signal: end } = await ended;
      assert.ok(end === signal || code === STATUS[signal], `ended by ${signal} (code ${code}, signal ${end}); ${stderr}`);
      assert.deepEqual(readdirSync(dir), ['report.json'], 'no temp file left');
      assert.equal(readFileSync(output, 'utf8'), 'the previous report\n', 'the existing output is untouched');
    });
  }
});
