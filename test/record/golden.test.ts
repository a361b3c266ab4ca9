/**
 * Golden files: the three export formats of the demo tenant, byte for byte. A change in the record, a
 * renderer or the demo tenant shows up here as a reviewable diff. After an intended change, rewrite them with
 *   MI_AUDIT_UPDATE_GOLDEN=1 node --import tsx --test test/record/golden.test.ts
 * and review `git diff test/record/golden/` before committing.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { EXPORT_FORMATS } from '../../src/record/formats.js';
import { renderRecord } from '../../src/record/render.js';
import { demoDocument } from './demo-document.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const update = process.env['MI_AUDIT_UPDATE_GOLDEN'] === '1';

describe('export golden files (demo tenant)', () => {
  for (const format of EXPORT_FORMATS) {
    it(`${format} equals test/record/golden/demo.${format}`, async () => {
      const rendered = renderRecord(await demoDocument(), format);
      const path = join(GOLDEN, `demo.${format}`);
      if (update) writeFileSync(path, rendered);
      assert.ok(rendered === readFileSync(path, 'utf8'), `demo.${format} differs from the golden file: run MI_AUDIT_UPDATE_GOLDEN=1 node --import tsx --test test/record/golden.test.ts and review the diff`);
    });
  }
});
