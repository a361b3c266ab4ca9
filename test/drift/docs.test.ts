/** docs/drift.md documents every change kind the code emits, and its CI example is a valid workflow. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { DANGLING_KINDS, GRANT_KINDS, IDENTITY_KINDS } from '../../src/drift/model.js';

const ROOT = join(import.meta.dirname, '../..');
const DOC = readFileSync(join(ROOT, 'docs/drift.md'), 'utf8');

describe('docs/drift.md', () => {
  it('names every identity, grant and dangling kind', () => {
    for (const kind of [...IDENTITY_KINDS, ...GRANT_KINDS, ...DANGLING_KINDS]) assert.ok(DOC.includes(`\`${kind}\``), kind);
  });

  it('the GitHub Actions example passes action-validator', () => {
    const workflow = /```yaml\n([\s\S]*?)```/.exec(DOC)?.[1];
    assert.ok(workflow !== undefined && workflow.includes('mi-audit diff'));
    const dir = mkdtempSync(join(tmpdir(), 'mi-audit-drift-doc-'));
    try {
      const file = join(dir, 'drift.yml');
      writeFileSync(file, workflow);
      const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/@action-validator/cli/cli.mjs'), file], { encoding: 'utf8' });
      assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
