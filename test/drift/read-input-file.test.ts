/**
 * readDiffInput reads mi-audit's own files (kind first) in pieces, and any other file whole: either way it must accept,
 * refuse and return exactly what parseDiffInput of the same text does.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { InputError } from '../../src/core/errors.js';
import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import { readRecordDocumentFile } from '../../src/drift/read-export.js';
import { leadingKind, parseDiffInput, readDiffInput } from '../../src/drift/read-input.js';
import { demoDocument } from '../record/demo-document.js';

const dir = mkdtempSync(join(tmpdir(), 'mi-audit-diff-input-'));

/** The outcome of a reader as comparable data: the input, or the error's message. */
async function outcome(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await read() };
  } catch (error: unknown) {
    assert.ok(error instanceof InputError, `an InputError, not ${String(error)}`);
    return { error: error.message };
  }
}

async function sameAsWhole(name: string, text: string): Promise<unknown> {
  const path = join(dir, name);
  writeFileSync(path, text);
  const streamed = await outcome(() => readDiffInput(path));
  // The export reader on its own, for every export-like case (readDiffInput sends only files with kind first to it).
  if (text.includes('mi-audit/identity-records')) {
    const piecewise = await outcome(async () => ({ kind: 'export', document: await readRecordDocumentFile(path) }));
    const whole = await outcome(() => Promise.resolve(parseDiffInput(text, path)));
    if ('ok' in (whole as object)) assert.deepEqual(piecewise, whole, `${name}, read in pieces`);
    else assert.ok('error' in (piecewise as object), `${name}: refused in pieces too`);
  }
  const whole = await outcome(() => Promise.resolve(parseDiffInput(text, path)));
  // The whole-text reader says "<file>: not valid JSON", the piecewise one "export <file>: …": both name the file and the cause.
  if (typeof (whole as { error?: string }).error === 'string' && /not valid JSON/.test((whole as { error: string }).error)) {
    assert.match((streamed as { error?: string }).error ?? '', /not valid JSON/);
  } else assert.deepEqual(streamed, whole, name);
  // (Several broken records: the piecewise reader stops at the first, so its "(+N more)" may be lower; no case here has two.)
  return streamed;
}

describe('readDiffInput', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads an export and a snapshot written by mi-audit in pieces, with the same result as the whole text', async () => {
    const document = await demoDocument();
    const exported = await sameAsWhole('export.json', `${JSON.stringify(document, null, 2)}\n`);
    assert.equal((exported as { ok: { kind: string } }).ok.kind, 'export');
    const snapshot = await sameAsWhole('snapshot.json', readFileSync(DEMO_SNAPSHOT_PATH, 'utf8'));
    assert.equal((snapshot as { ok: { kind: string } }).ok.kind, 'snapshot');
  });

  it('judges a file whose members are in another order, another document, and broken ones exactly as the whole text', async () => {
    const document = await demoDocument();
    const { kind, ...rest } = document;
    const [first, second] = document.identities;
    assert.ok(first !== undefined && second !== undefined);
    const broken = { ...second, risk: { ...second.risk, rank: 'two' } };
    const cases: Record<string, string> = {
      'kind-last.json': JSON.stringify({ ...rest, kind }),
      'other.json': JSON.stringify({ kind: 'something-else' }),
      'version.json': JSON.stringify({ ...document, schemaVersion: 2 }),
      'bad-record.json': JSON.stringify({ ...document, identities: [first, broken] }),
      'bad-head.json': JSON.stringify({ ...document, tenantId: 7 }),
      'bad-both.json': JSON.stringify({ ...document, tenantId: 7, identities: [broken] }),
      'no-identities.json': JSON.stringify({ kind, schemaVersion: 1 }),
      'identities-not-array.json': JSON.stringify({ ...document, identities: { a: 1 } }),
      'truncated.json': JSON.stringify(document).slice(0, 5000),
      'bom.json': `\ufeff${JSON.stringify(document)}`,
      'snapshot-broken.json': JSON.stringify({ ...JSON.parse(readFileSync(DEMO_SNAPSHOT_PATH, 'utf8')), tenantId: 'not-a-guid' }),
    };
    for (const [name, text] of Object.entries(cases)) await sameAsWhole(name, text);
  });

  it('keeps tags named __proto__ and constructor in an export (zod alone skips the one and refuses the other)', async () => {
    const document = await demoDocument();
    const [first, ...others] = document.identities;
    assert.ok(first !== undefined);
    const tags = '{"__proto__":"p","constructor":"c","env":"x"}';
    const text = JSON.stringify({ ...document, identities: [{ ...first, tags: '__TAGS__' }, ...others] }).replace('"__TAGS__"', tags);
    const read = (await sameAsWhole('hostile-tags.json', text)) as { ok?: { document: { identities: { tags: object }[] } } };
    assert.equal(JSON.stringify(read.ok?.document.identities[0]?.tags), tags);
  });

  it('routes by a leading kind only: first member, any JSON whitespace, a byte order mark, escapes', async () => {
    const cases: [string, string | undefined][] = [
      ['{"kind":"mi-audit/snapshot","x":1}', 'mi-audit/snapshot'],
      ['\ufeff \n{\n  "kind" :\t"mi-audit/identity-records"', 'mi-audit/identity-records'],
      ['{"kind":"mi-audit\\/snapshot"}', 'mi-audit/snapshot'],
      ['{"schemaVersion":1,"kind":"mi-audit/snapshot"}', undefined],
      ['[{"kind":"mi-audit/snapshot"}]', undefined],
      ['{"kind":1}', undefined],
      ['', undefined],
    ];
    for (const [index, [text, kind]] of cases.entries()) {
      const path = join(dir, `lead-${index}.json`);
      writeFileSync(path, text);
      assert.equal(await leadingKind(path), kind, text);
    }
  });

  it('a file it cannot read is one line naming it', async () => {
    await assert.rejects(readDiffInput(join(dir, 'missing.json')), /missing\.json: cannot read file \(ENOENT\)/);
    await assert.rejects(readDiffInput(dir), /cannot read file \(EISDIR\)/);
  });
});
