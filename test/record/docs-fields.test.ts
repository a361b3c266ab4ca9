import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

// docs/access-review.md explains each field of the export to reviewers; the JSON Schema beside it is generated from
// the code (npm run gen). A field the code gains must be explained too: every property name in the schema appears in
// the page in backticks, alone or as part of a dotted path (`ids.armId`).
const docs = join(import.meta.dirname, '../../docs');

function propertyNames(node: unknown, into = new Set<string>()): Set<string> {
  if (typeof node !== 'object' || node === null) return into;
  const properties = (node as { properties?: Record<string, unknown> }).properties;
  if (properties !== undefined) for (const name of Object.keys(properties)) into.add(name);
  for (const value of Object.values(node)) propertyNames(value, into);
  return into;
}

test('docs/access-review.md names every field of the record schema', () => {
  const schema: unknown = JSON.parse(readFileSync(join(docs, 'record.v1.schema.json'), 'utf8'));
  const page = readFileSync(join(docs, 'access-review.md'), 'utf8');
  const names = [...propertyNames(schema)];
  assert.ok(names.length > 60, `the schema's properties were found (${names.length})`);
  const missing = names.filter((name) => !new RegExp(`\`([A-Za-z]+\\.)*${name}(\\.[A-Za-z]+)*\``).test(page));
  assert.deepEqual(missing, [], 'fields of docs/record.v1.schema.json that docs/access-review.md never names');
});
