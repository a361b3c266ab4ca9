/** The three drift renderers: exact JSON, and tenant names made harmless in table and Markdown. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildProgram } from '../../src/cli/program.js';
import { DIFF_FORMATS } from '../../src/drift/formats.js';
import { escapeMarkdown } from '../../src/drift/markdown-text.js';
import { renderDrift } from '../../src/drift/render.js';
import { driftOf } from './tenant.js';

const HOSTILE = 'id-\u001b[2J\u202eevil|**bold**\n| x | y |';

describe('drift renderers', () => {
  const drift = driftOf(({ t, prod }) => t.assign(t.uami({ name: HOSTILE, subscription: prod }), 'Owner', prod.scope), { rules: [] });

  it('JSON is the versioned drift with exact values', () => {
    const parsed = JSON.parse(renderDrift(drift, 'json')) as { kind: string; schemaVersion: number; identities: { displayName: string }[] };
    assert.equal(parsed.kind, 'mi-audit/diff');
    assert.equal(parsed.schemaVersion, 1);
    assert.equal(parsed.identities[0]?.displayName, HOSTILE);
  });

  it('table: no control, bidi or line-break character from a name reaches the terminal', () => {
    const text = renderDrift(drift, 'table');
    assert.ok(!/[\u001b\u202e]/.test(text));
    assert.match(text, /id-\\x1b\[2J\\u\{202e\}evil/);
    const identityLines = text.split('\n').filter((line) => line.includes('evil'));
    assert.ok(identityLines.length >= 2, 'the identity and its grant');
    assert.ok(identityLines.every((line) => line.startsWith('  ')), 'the name did not start a line of its own');
    assert.match(text, /\[CRITICAL\] Azure role of/);
    assert.match(text, /Gate: FAILED/);
  });

  it('Markdown: names cannot break a table row or add markup', () => {
    const text = renderDrift(drift, 'markdown');
    const rows = text.split('\n').filter((line) => line.includes('evil'));
    assert.ok(rows.length >= 2);
    for (const row of rows) {
      // Unescaped pipes are the four cell borders plus the one closing the row: exactly five.
      assert.equal(row.match(/(?<!\\)\|/g)?.length, 5, row);
      assert.ok(!row.includes('**bold**'));
    }
    assert.ok(!/[\u001b\u202e]/.test(text));
  });

  it('escapeMarkdown backslash-escapes every ASCII punctuation character and nothing else', () => {
    assert.equal(escapeMarkdown('a_b*c[d](e)<f>`g`|h#i'), 'a\\_b\\*c\\[d\\]\\(e\\)\\<f\\>\\`g\\`\\|h\\#i');
    assert.equal(escapeMarkdown('plain text 123 é'), 'plain text 123 é');
    assert.equal(escapeMarkdown('\u0007'), '\\\\x07');
  });

  it('the CLI offers exactly the drift formats', () => {
    const sink = { write: () => true };
    const program = buildProgram({ stdout: sink, stderr: sink, env: {}, now: () => new Date(0) }, { exitCode: 0 });
    const format = program.commands.find((command) => command.name() === 'diff')?.options.find((option) => option.long === '--format');
    assert.deepEqual(format?.argChoices, [...DIFF_FORMATS]);
  });
});
