import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { InputError } from '../../src/core/errors.js';
import { parseSnapshot, readSnapshotFile } from '../../src/snapshot/read.js';
import { TenantBuilder } from '../helpers/tenant-builder.js';

function validSnapshotObject(): Record<string, unknown> {
  const t = new TenantBuilder();
  const prod = t.subscription('prod');
  t.uami({ name: 'id-a', subscription: prod });
  return t.build() as unknown as Record<string, unknown>;
}

function rejects(text: string, pattern: RegExp): void {
  assert.throws(
    () => parseSnapshot(text, 'snap.json'),
    (error: unknown) => {
      assert.ok(error instanceof InputError, 'an InputError (exit 2)');
      assert.match(error.message, pattern);
      assert.ok(!error.message.includes('\n'), 'one line');
      return true;
    },
  );
}

describe('snapshot validation', () => {
  it('accepts a builder-made snapshot', () => {
    const parsed = parseSnapshot(JSON.stringify(validSnapshotObject()), 'snap.json');
    assert.equal(parsed.userAssignedIdentities.length, 1);
  });

  it('rejects invalid JSON, naming the file', () => {
    rejects('{"kind": ', /^snapshot snap\.json: not valid JSON/);
  });

  it('rejects a file that is not a snapshot', () => {
    rejects('[]', /expected a JSON object/);
    rejects('{"findings": []}', /not an mi-audit snapshot/);
  });

  it('rejects another schema version with a hint', () => {
    const data = { ...validSnapshotObject(), schemaVersion: 2 };
    rejects(JSON.stringify(data), /unsupported schemaVersion 2/);
  });

  it('names the path of the first problem', () => {
    const data = validSnapshotObject();
    const identities = data['userAssignedIdentities'] as Record<string, unknown>[];
    identities[0] = { ...identities[0], id: 'not-an-arm-id' };
    rejects(JSON.stringify(data), /at userAssignedIdentities\[0\]\.id: must be an ARM id/);
    const missing = validSnapshotObject();
    delete missing['roleAssignments'];
    rejects(JSON.stringify(missing), /at roleAssignments:/);
    rejects(JSON.stringify({ ...validSnapshotObject(), cloud: 'Mars' }), /at cloud:/);
  });

  it('reports an unreadable file in one line', async () => {
    await assert.rejects(readSnapshotFile('/nonexistent/snap.json'), /snapshot \/nonexistent\/snap\.json: cannot read file \(ENOENT\)/);
    const dir = mkdtempSync(join(tmpdir(), 'mi-audit-'));
    writeFileSync(join(dir, 'empty.json'), '');
    await assert.rejects(readSnapshotFile(join(dir, 'empty.json')), /not valid JSON/);
  });
});
