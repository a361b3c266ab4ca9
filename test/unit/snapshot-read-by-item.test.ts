import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import { describeFirstIssue } from '../../src/core/zod-issue.js';
import { parseSnapshot, validateSnapshot } from '../../src/snapshot/read.js';
import { snapshotSchema } from '../../src/snapshot/schema.js';
import { renderSnapshot } from '../../src/snapshot/write.js';

type Data = Record<string, unknown>;
const demo = (): Data => JSON.parse(readFileSync(DEMO_SNAPSHOT_PATH, 'utf8')) as Data;
const items = (data: Data, key: string): Data[] => data[key] as Data[];

/** What a whole-schema zod parse says: the reference the item-by-item validation must match. */
function reference(data: Data): { ok: true; value: unknown } | { ok: false; message: string } {
  const parsed = snapshotSchema.safeParse(data);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: `snapshot x.json: ${describeFirstIssue(parsed.error)}` };
}

function actual(read: (data: Data) => unknown, data: Data): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: read(data) };
  } catch (error: unknown) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

const CASES: Record<string, (data: Data) => void> = {
  'unchanged demo': () => undefined,
  'unknown members at the top and inside an item are dropped': (data) => {
    data['extra'] = { big: [1, 2, 3] };
    items(data, 'roleAssignments')[0]!['extra'] = 'x';
  },
  'an optional collection absent': (data) => {
    delete data['signInActivity'];
    delete data['policyAssignments'];
  },
  'a bad field deep in one item': (data) => {
    items(data, 'userAssignedIdentities')[1]!['id'] = 'not-an-arm-id';
  },
  'bad items in several collections and a bad header field (first issue and count)': (data) => {
    data['tenantId'] = 'not-a-guid';
    items(data, 'resources')[2]!['id'] = 7;
    delete items(data, 'roleAssignments')[3]!['principalId'];
    items(data, 'roleAssignments')[4] = null as unknown as Data;
  },
  'a collection that is not an array': (data) => {
    data['resources'] = { not: 'an array' };
  },
  'a required collection missing': (data) => {
    delete data['roleAssignments'];
  },
  'an optional collection with a bad item': (data) => {
    data['signInActivity'] = [{ appId: 3 }];
  },
};

describe('snapshot read, validated item by item', () => {
  for (const [name, mutate] of Object.entries(CASES)) {
    it(`says what a whole-schema parse says: ${name}`, () => {
      const data = demo();
      mutate(data);
      const expected = reference(structuredClone(data));
      const text = JSON.stringify(data);
      const fromFile = actual(() => parseSnapshot(text, 'x.json'), data);
      const copied = actual((input) => validateSnapshot(input, 'x.json'), data);
      assert.deepEqual(fromFile, expected);
      assert.deepEqual(copied, expected);
    });
  }

  it('leaves the object it validates untouched (callers such as the live collection keep using it)', () => {
    const data = demo();
    const before = structuredClone(data);
    validateSnapshot(data, 'x.json');
    assert.deepEqual(data, before);
  });

  it('writes a snapshot that reads back to itself, byte for byte the 2-space JSON of the validated copy', () => {
    const snapshot = validateSnapshot(demo(), 'x.json');
    const rendered = renderSnapshot(snapshot, 'x.json');
    const text = typeof rendered === 'string' ? rendered : [...rendered].join('');
    assert.equal(text, `${JSON.stringify(snapshot, null, 2)}\n`);
    assert.deepEqual(parseSnapshot(text, 'x.json'), snapshot);
  });

  it('refuses to render an invalid snapshot before yielding anything', () => {
    const snapshot = validateSnapshot(demo(), 'x.json');
    const broken = { ...snapshot, tenantId: 'nope' };
    assert.throws(() => renderSnapshot(broken, 'out.json'), { name: 'InputError', message: /^snapshot out\.json: at tenantId:/ });
  });
});
