/** A tenant whose names try CSV formulas, markup, a script end tag, a bidi override and line separators. */
import { buildInventory } from '../../src/inventory/build.js';
import { buildRecordDocument } from '../../src/record/document.js';
import type { RecordDocument } from '../../src/record/schema.js';
import { validateSnapshot } from '../../src/snapshot/read.js';
import { TEST_NOW } from '../helpers/rule-harness.js';
import { GITHUB_ISSUER, TenantBuilder } from '../helpers/tenant-builder.js';

export const HOSTILE_APP = '=HYPERLINK("https://evil.example/x","click")</script><script>alert(1)</script>\u202egnp.exe\u2028';

export function hostileDocument(): RecordDocument {
  const t = new TenantBuilder();
  const sub = t.subscription('sub');
  const app = t.application({ displayName: HOSTILE_APP });
  t.fic(app, { name: '+cmd', issuer: GITHUB_ISSUER, subject: 'repo:evil/<img src=x onerror=alert(2)>:ref:refs/heads/main' });
  t.uami({ name: 'id-tagged', subscription: sub, tags: { note: '@SUM(1+1)\r\n-2' } });
  const inventory = buildInventory(validateSnapshot(t.build(), 'hostile'));
  return buildRecordDocument({ inventory, findings: [], version: 'test', generatedAt: TEST_NOW });
}
