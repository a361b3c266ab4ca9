import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { resolveWriteTarget, writeFileAtomic } from '../../src/core/atomic-write.js';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mi-audit-write-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes /dev/fd/N in place, even when the descriptor is a regular file (no rename over it)', { skip: process.platform !== 'linux' ? 'procfs is Linux' : false }, async () => {
    const path = join(dir, 'held.txt');
    writeFileSync(path, 'old content that is longer');
    const inode = statSync(path).ino;
    const fd = openSync(path, 'r+');
    try {
      assert.equal((await resolveWriteTarget(`/dev/fd/${fd}`)).kind, 'in-place');
      await writeFileAtomic(`/dev/fd/${fd}`, 'new');
    } finally {
      closeSync(fd);
    }
    assert.equal(statSync(path).ino, inode, 'the same file, not a replacement');
    assert.equal(readFileSync(path, 'utf8'), 'new');
  });

  it('replaces a regular file through a new inode, and resolves symlink chains to the final target', async () => {
    writeFileSync(join(dir, 'target.json'), 'old');
    symlinkSync('target.json', join(dir, 'one'));
    symlinkSync('one', join(dir, 'two'));
    const target = await resolveWriteTarget(join(dir, 'two'));
    assert.equal(target.kind, 'replace');
    assert.equal(target.path, join(dir, 'target.json'));
    const inode = statSync(join(dir, 'target.json')).ino;
    await writeFileAtomic(join(dir, 'two'), 'new');
    assert.notEqual(statSync(join(dir, 'target.json')).ino, inode);
    assert.equal(readFileSync(join(dir, 'target.json'), 'utf8'), 'new');
  });

  it('fails with one clear InputError for a missing directory or a symlink loop', async () => {
    await assert.rejects(writeFileAtomic(join(dir, 'nope', 'x.json'), 'x'), { name: 'InputError', message: /^cannot write .*x\.json: ENOENT$/ });
    symlinkSync('b', join(dir, 'a'));
    symlinkSync('a', join(dir, 'b'));
    await assert.rejects(writeFileAtomic(join(dir, 'a'), 'x'), { name: 'InputError', message: /^cannot write .*a: ELOOP/ });
  });

  it('writes chunks in order, and a string as one piece (never character by character)', async () => {
    const path = join(dir, 'out.json');
    const chunks = ['{\n', '  "a": "\u00e9\ud83d\ude00"', '\n}\n'];
    await writeFileAtomic(path, chunks);
    assert.equal(readFileSync(path, 'utf8'), chunks.join(''));
    await writeFileAtomic(path, 'whole');
    assert.equal(readFileSync(path, 'utf8'), 'whole');
  });

  it('writes chunks of any size in order across its reused buffers, multi-byte characters included', async () => {
    const path = join(dir, 'big.json');
    // Sizes around the 1 MiB buffer: many small chunks that fill it several times, chunks that end just past it,
    // one larger than a buffer, with 2-, 3- and 4-byte UTF-8 characters at every boundary.
    const pieces = ['a', '\u00e9', '\u4e2d', '\ud83d\ude00'];
    const chunks: string[] = [];
    let seed = 7;
    const next = (): number => (seed = (seed * 48271) % 2147483647);
    for (let index = 0; index < 400; index += 1) {
      const length = index === 200 ? 700_000 : next() % 40_000;
      chunks.push(Array.from({ length }, (_, at) => pieces[(at + index) % pieces.length]).join(''));
    }
    await writeFileAtomic(path, chunks);
    assert.equal(readFileSync(path, 'utf8'), chunks.join(''));
    // A character that would end 1 byte past a full buffer goes whole into the next one.
    const edge = ['a'.repeat((1 << 20) - 3), '\ud83d\ude00', 'b'];
    await writeFileAtomic(path, edge);
    assert.equal(readFileSync(path, 'utf8'), edge.join(''));
  });

  it('keeps the old file and leaves no temp file when the chunks fail part-way', async () => {
    const path = join(dir, 'report.json');
    writeFileSync(path, 'previous report');
    function* failing(): Generator<string> {
      yield 'x'.repeat(100_000);
      throw new Error('reporter failed');
    }
    await assert.rejects(writeFileAtomic(path, failing()), { name: 'InputError', message: /^cannot write .*report\.json: write failed$/ });
    assert.equal(readFileSync(path, 'utf8'), 'previous report');
    assert.deepEqual(readdirSync(dir), ['report.json']);
  });
});
