import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { type CliIo, useColor } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';

function io(env: Record<string, string> = {}, isTTY = true): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: { write: (text: string) => out.push(text), isTTY, columns: 120 },
    stderr: { write: (text: string) => err.push(text), isTTY },
    env,
    now: () => new Date('2026-11-25T00:00:00Z'),
  };
}

describe('colour', () => {
  const on = { color: true, quiet: false, debug: false };
  it('is on for a terminal only, and off with --no-color or NO_COLOR', () => {
    assert.equal(useColor(io(), on, { isTTY: true }), true);
    assert.equal(useColor(io(), on, { isTTY: false }), false);
    assert.equal(useColor(io(), { ...on, color: false }, { isTTY: true }), false);
    assert.equal(useColor(io({ NO_COLOR: '1' }), on, { isTTY: true }), false);
    assert.equal(useColor(io({ NO_COLOR: '' }), on, { isTTY: true }), true, 'an empty NO_COLOR does not count (no-color.org)');
    assert.equal(useColor(io({ FORCE_COLOR: '0' }), on, { isTTY: true }), false, 'FORCE_COLOR=0 turns colour off');
    assert.equal(useColor(io({ FORCE_COLOR: 'false' }), on, { isTTY: true }), false);
    assert.equal(useColor(io({ FORCE_COLOR: '1' }), on, { isTTY: true }), true);
  });

  it('colours the table on a terminal and not with NO_COLOR', async () => {
    const tty = io();
    assert.equal(await run(['node', 'mi-audit', 'scan', '--demo', '--fail-on', 'none'], tty), 0);
    assert.match(tty.out.join(''), /\u001b\[/);
    const plain = io({ NO_COLOR: '1' });
    await run(['node', 'mi-audit', 'scan', '--demo', '--fail-on', 'none'], plain);
    assert.doesNotMatch(plain.out.join(''), /\u001b\[/);
  });
});
