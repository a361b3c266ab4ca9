import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { fileChunks } from '../../src/snapshot/file-chunks.js';

const dir = mkdtempSync(join(tmpdir(), 'mi-audit-chunks-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('fileChunks', () => {
  it('gives the file in order, size bytes at a time, through one buffer', async () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 251));
    const path = join(dir, 'bytes.bin');
    writeFileSync(path, bytes);
    const copies: Buffer[] = [];
    const views = new Set<ArrayBufferLike>();
    for await (const chunk of fileChunks(path, 64)) {
      copies.push(Buffer.from(chunk));
      views.add(chunk.buffer);
    }
    assert.deepEqual(
      copies.map((copy) => copy.length),
      [...Array.from({ length: 15 }, () => 64), 40],
    );
    assert.deepEqual(Buffer.concat(copies), bytes);
    assert.equal(views.size, 1, 'every piece is a view of the same buffer');
    const empty = join(dir, 'empty.bin');
    writeFileSync(empty, '');
    for await (const chunk of fileChunks(empty, 64)) assert.fail(`no piece expected, got ${chunk.length} bytes`);
  });

  it('passes on the errors of node:fs with their code', async () => {
    await assert.rejects(fileChunks(join(dir, 'missing.bin'), 64).next(), { code: 'ENOENT' });
    await assert.rejects(fileChunks(dir, 64).next(), { code: 'EISDIR' });
  });
});
