import type { Snapshot } from '../../src/snapshot/schema.js';
import { buildBase } from './base.js';
import { addBrokenOrStale } from './broken-or-stale.js';
import { addWhatItCanDo } from './what-it-can-do.js';
import { addWhoCanBecomeIt } from './who-can-become-it.js';

export const DEMO_SNAPSHOT_FILE = 'fixtures/demo-tenant.snapshot.json';

/** The demo tenant snapshot, byte-for-byte what fixtures/demo-tenant.snapshot.json holds (npm run gen). */
export function buildDemoSnapshot(): Snapshot {
  const demo = buildBase();
  addWhatItCanDo(demo);
  addWhoCanBecomeIt(demo);
  addBrokenOrStale(demo);
  const snapshot = demo.t.build();
  snapshot.tool = { name: 'mi-audit', version: 'demo' };
  return snapshot;
}
