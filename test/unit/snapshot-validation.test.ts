import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { InputError } from '../../src/core/errors.js';
import { parseSnapshot, readSnapshotFile } from '../../src/snapshot/read.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

function validSnapshotObject(): Record<string, unknown> {
  const t = new TenantBuilder();
  const prod = t.subscription('prod');
  t.uami({ name: 'id-a', subscription: prod });
  return t.build() as unknown as Record<string, unknown>;
}

const fileDir = mkdtempSync(join(tmpdir(), 'mi-audit-'));
after(() => rmSync(fileDir, { recursive: true, force: true }));

/** The same text refused by the text parser and by the file reader (which reads element by element), in one line. */
async function rejects(text: string, pattern: RegExp): Promise<void> {
  const check = (error: unknown): true => {
    assert.ok(error instanceof InputError, 'an InputError (exit 2)');
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes('\n'), 'one line');
    return true;
  };
  assert.throws(() => parseSnapshot(text, 'snap.json'), check);
  const path = join(fileDir, 'snap.json');
  writeFileSync(path, text);
  await assert.rejects(readSnapshotFile(path), (error: unknown) => {
    assert.ok(error instanceof InputError);
    return check(new InputError(error.message.replace(path, 'snap.json')));
  });
}

describe('snapshot validation', () => {
  it('accepts a builder-made snapshot', () => {
    const parsed = parseSnapshot(JSON.stringify(validSnapshotObject()), 'snap.json');
    assert.equal(parsed.userAssignedIdentities.length, 1);
  });

  it('rejects invalid JSON, naming the file', async () => {
    await rejects('{"kind": ', /^snapshot snap\.json: not valid JSON/);
  });

  it('rejects a file that is not a snapshot', async () => {
    await rejects('[]', /expected a JSON object/);
    // Read from a file, the line says what the file starts with.
    const path = join(fileDir, 'not-json.json');
    writeFileSync(path, 'not json');
    await assert.rejects(readSnapshotFile(path), /^InputError: snapshot .*not-json\.json: expected a JSON object, found "n" at byte 0$/);
    await rejects('{"findings": []}', /not an mi-audit snapshot/);
  });

  it('rejects another schema version with a hint', async () => {
    const data = { ...validSnapshotObject(), schemaVersion: 2 };
    await rejects(JSON.stringify(data), /unsupported schemaVersion 2/);
  });

  it('names the path of the first problem', async () => {
    const data = validSnapshotObject();
    const identities = data['userAssignedIdentities'] as Record<string, unknown>[];
    identities[0] = { ...identities[0], id: 'not-an-arm-id' };
    await rejects(JSON.stringify(data), /at userAssignedIdentities\[0\]\.id: must be an ARM id/);
    const missing = validSnapshotObject();
    delete missing['roleAssignments'];
    await rejects(JSON.stringify(missing), /at roleAssignments:/);
    await rejects(JSON.stringify({ ...validSnapshotObject(), cloud: 'Mars' }), /at cloud:/);
  });

  it('reports an unreadable file in one line', async () => {
    await assert.rejects(readSnapshotFile('/nonexistent/snap.json'), /snapshot \/nonexistent\/snap\.json: cannot read file \(ENOENT\)/);
    writeFileSync(join(fileDir, 'empty.json'), '');
    await assert.rejects(readSnapshotFile(join(fileDir, 'empty.json')), /not valid JSON/);
    await assert.rejects(readSnapshotFile(fileDir), /cannot read file \(EISDIR\)/);
  });

  it('skips a UTF-8 byte order mark, as Windows editors and PowerShell write one', async () => {
    const text = `\ufeff${JSON.stringify(validSnapshotObject())}`;
    const path = join(fileDir, 'bom.json');
    writeFileSync(path, text);
    assert.equal((await readSnapshotFile(path)).userAssignedIdentities.length, 1);
    assert.equal(parseSnapshot(text, path).userAssignedIdentities.length, 1);
  });

  it('reads a file into the same snapshot as the text parser, duplicates refused the same way', async () => {
    const text = JSON.stringify(validSnapshotObject(), null, 2);
    const path = join(fileDir, 'same.json');
    writeFileSync(path, text);
    const fromFile = await readSnapshotFile(path);
    const fromText = parseSnapshot(text, path);
    assert.deepEqual(fromFile, fromText);
    assert.equal(JSON.stringify(fromFile), JSON.stringify(fromText), 'same members in the same order');
    const data = validSnapshotObject();
    const identities = data['userAssignedIdentities'] as Record<string, unknown>[];
    data['userAssignedIdentities'] = [...identities, { ...identities[0], id: String(identities[0]?.['id']).toUpperCase() }];
    await rejects(JSON.stringify(data), /duplicate id .* at userAssignedIdentities\[0\]\.id and userAssignedIdentities\[1\]\.id/);
  });

  it('names the first duplicate in schema order, whatever the order of the file', async () => {
    const data = validSnapshotObject();
    const identities = data['userAssignedIdentities'] as Record<string, unknown>[];
    const subscriptions = data['subscriptions'] as Record<string, unknown>[];
    // userAssignedIdentities comes after subscriptions in the schema; here it comes first in the file.
    const { userAssignedIdentities: _, ...rest } = data;
    const text = JSON.stringify({
      userAssignedIdentities: [...identities, { ...identities[0] }],
      ...rest,
      subscriptions: [...subscriptions, { ...subscriptions[0], subscriptionId: String(subscriptions[0]?.['subscriptionId']).toUpperCase() }],
    });
    assert.ok(text.indexOf('"userAssignedIdentities"') < text.indexOf('"subscriptions"'));
    await rejects(text, /duplicate id .* at subscriptions\[0\]\.subscriptionId and subscriptions\[1\]\.subscriptionId/);
  });

  it('checks the ids of the last member of a name, as JSON.parse keeps it', async () => {
    const data = validSnapshotObject();
    const identities = data['userAssignedIdentities'] as Record<string, unknown>[];
    const body = JSON.stringify(data).slice(1);
    // The first userAssignedIdentities member has a duplicate; the second, which JSON.parse keeps, has none.
    const text = `{"userAssignedIdentities": ${JSON.stringify([identities[0], identities[0]])},${body}`;
    const path = join(fileDir, 'repeated-member.json');
    writeFileSync(path, text);
    assert.deepEqual(await readSnapshotFile(path), parseSnapshot(text, path));
    const twice = `{"userAssignedIdentities": ${JSON.stringify(identities)},${body.slice(0, -1)},"userAssignedIdentities": ${JSON.stringify([identities[0], identities[0]])}}`;
    await rejects(twice, /duplicate id .* at userAssignedIdentities\[0\]\.id and userAssignedIdentities\[1\]\.id/);
  });

  it('keeps the lists of plain strings (unresolved principals) and their order', async () => {
    const data = { ...validSnapshotObject(), unresolvedPrincipalIds: ['b', 'a', 'b'] };
    const text = JSON.stringify(data);
    const path = join(fileDir, 'strings.json');
    writeFileSync(path, text);
    const fromFile = await readSnapshotFile(path);
    assert.deepEqual(fromFile.unresolvedPrincipalIds, ['b', 'a', 'b']);
    assert.equal(JSON.stringify(fromFile), JSON.stringify(parseSnapshot(text, path)));
  });

  it('keeps every tag name, __proto__ and constructor included (zod alone skips the one and refuses the other)', async () => {
    const t = new TenantBuilder();
    const prod = t.subscription('prod');
    t.uami({ name: 'id-a', subscription: prod });
    const snapshot = t.build();
    const uami = snapshot.userAssignedIdentities[0];
    assert.ok(uami !== undefined);
    // JSON.parse makes `__proto__` an own key, as a snapshot file does.
    const tags = '{"__proto__":"p","constructor":"c","<mi-audit-key>x":"m","<mi-audit-key>constructor":"n","env":"prod"}';
    const text = JSON.stringify({ ...snapshot, userAssignedIdentities: [{ ...uami, tags: '__TAGS__' }] }).replace('"__TAGS__"', tags);
    const path = join(fileDir, 'hostile-tags.json');
    writeFileSync(path, text);
    for (const read of [await readSnapshotFile(path), parseSnapshot(text, path)]) {
      const kept = read.userAssignedIdentities[0]?.tags;
      assert.deepEqual(Object.entries(kept ?? {}), Object.entries(JSON.parse(tags) as object));
      assert.equal(JSON.stringify(kept), tags);
    }
    // A bad value under an escaped key is still refused, and the message names the key as written.
    assert.throws(() => parseSnapshot(text.replace('"constructor":"c"', '"constructor":7'), path), /at userAssignedIdentities\[0\]\.tags\.constructor: /);
  });

  it('reads records keyed by data (user-assigned identities, tags) as objects without prototype, entries unchanged', async () => {
    // Plain objects keyed by ARM ids fill V8's shared root hidden class (docs/performance.md, "The flat table's memory").
    const t = new TenantBuilder();
    const prod = t.subscription('prod', { tags: { env: 'prod', toString: 'x' } });
    const uami = t.uami({ name: 'id-a', subscription: prod });
    t.resource({ type: 'Microsoft.Web/sites', name: 'app', subscription: prod, tags: { owner: 'ops' }, userAssigned: [uami, '/subscriptions/x/rg/ID-B'] });
    const text = JSON.stringify(t.build());
    const path = join(fileDir, 'records.json');
    writeFileSync(path, text);
    for (const snapshot of [await readSnapshotFile(path), parseSnapshot(text, path)]) {
      const records = [snapshot.subscriptions[0]?.tags, snapshot.resources[0]?.tags, snapshot.resources[0]?.identity?.userAssignedIdentities];
      for (const record of records) assert.equal(Object.getPrototypeOf(record), null);
      assert.deepEqual(Object.entries(records[0] ?? {}), [['env', 'prod'], ['toString', 'x']]);
      assert.deepEqual(Object.keys(records[2] ?? {}), [uami.id, '/subscriptions/x/rg/ID-B']);
      assert.equal(JSON.stringify(snapshot), JSON.stringify(JSON.parse(text)));
    }
  });
});
