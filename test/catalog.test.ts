/**
 * Catalog parity: every rule has unique, well-formed metadata, a test file and a complete doc page; every
 * generated file (registry, version, docs, demo snapshot) equals what `npm run gen` would write; and the
 * demo tenant exercises every rule.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { CATEGORIES, CATEGORY_GROUPS } from '../src/engine/categories.js';
import { SEVERITIES } from '../src/engine/severity.js';
import { analyzeSnapshot } from '../src/scan/analyze.js';
import { DEMO_SNAPSHOT_PATH } from '../src/core/paths.js';
import { RULES } from '../src/rules/index.js';
import { readSnapshotFile } from '../src/snapshot/read.js';
import { GENERATED_END, REQUIRED_RULE_DOC_HEADINGS, ROOT, renderAll, ruleFileNames } from '../scripts/generate.js';

describe('rule catalog', () => {
  it('registry holds every rule file', () => {
    assert.deepEqual(RULES.map((rule) => rule.meta.name).sort(), ruleFileNames());
  });

  it('metadata is unique and well formed', () => {
    const ids = new Set<string>();
    for (const { meta } of RULES) {
      assert.match(meta.id, /^MIA-[1-3]\d{3}$/, `${meta.name}: id`);
      assert.ok(!ids.has(meta.id), `duplicate id ${meta.id}`);
      ids.add(meta.id);
      assert.match(meta.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${meta.name}: kebab-case name`);
      assert.ok(CATEGORIES.includes(meta.category), `${meta.name}: category`);
      assert.ok(SEVERITIES.includes(meta.severity), `${meta.name}: severity`);
      assert.ok(meta.title.length > 10 && !meta.title.endsWith('.'), `${meta.name}: title`);
      assert.ok(meta.why.length > 40, `${meta.name}: why`);
      assert.ok(meta.fix.length > 20, `${meta.name}: fix`);
      assert.ok(meta.references.length > 0, `${meta.name}: references`);
      for (const reference of meta.references) assert.match(reference.url, /^https:\/\//, `${meta.name}: reference url`);
      const family = meta.id.charAt(4);
      // The family is the 1-based position of the category's group (What can it do?, Who can become it?, What is broken?).
      const groups: readonly (readonly string[])[] = Object.values(CATEGORY_GROUPS);
      const expectedFamily = String(groups.findIndex((group) => group.includes(meta.category)) + 1);
      assert.equal(family, expectedFamily, `${meta.name}: id family matches its category group`);
    }
  });

  it('every rule has a test file and a complete doc page', () => {
    for (const { meta } of RULES) {
      assert.ok(existsSync(join(ROOT, 'test/rules', `${meta.name}.test.ts`)), `test/rules/${meta.name}.test.ts is missing`);
      const docPath = join(ROOT, 'docs/rules', `${meta.name}.md`);
      assert.ok(existsSync(docPath), `docs/rules/${meta.name}.md is missing`);
      const doc = readFileSync(docPath, 'utf8');
      const body = doc.slice(doc.indexOf(GENERATED_END));
      let position = 0;
      for (const heading of REQUIRED_RULE_DOC_HEADINGS) {
        const at = body.indexOf(`\n${heading}\n`, position);
        assert.ok(at >= 0, `docs/rules/${meta.name}.md: '${heading}' missing or out of order`);
        position = at;
      }
      assert.ok(!/\bTODO\b/.test(body), `docs/rules/${meta.name}.md still has TODO`);
      // Pages stand alone: sources are public https URLs, never a file outside the repository.
      assert.ok(!/rules-kb|knowledge\/|\.\.\/\.\.\/\.\./.test(doc), `docs/rules/${meta.name}.md cites a file outside the repository`);
      const defined = new Set([...body.matchAll(/^\[(S[\w-]+)\]: https:\/\/\S+$/gm)].map((match) => match[1]));
      for (const [, marker] of body.matchAll(/\[(S\d+[\w-]*)\](?!:)/g)) assert.ok(defined.has(marker), `docs/rules/${meta.name}.md: [${marker}] has no https link definition`);
      assert.ok(defined.size > 0 || meta.references.length > 0, `docs/rules/${meta.name}.md cites no source`);
    }
  });

  it('source comments cite no file outside the repository', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));
    const offenders = walk(join(ROOT, 'src')).filter((file) => /rules-kb|knowledge\/|shared\/knowledge|NOTES\.md/.test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders.map((file) => file.slice(ROOT.length + 1)), []);
  });

  it('every rule reference is a public https URL', () => {
    for (const { meta } of RULES) {
      assert.ok(meta.references.length > 0, `${meta.name} has no reference`);
      for (const reference of meta.references) {
        assert.match(reference.url, /^https:\/\/[^\s/]+\.[^\s]+$/, `${meta.name}: ${reference.url}`);
        assert.ok(reference.title.trim() !== '', `${meta.name}: reference without a title`);
      }
    }
  });

  it('generated files are current (run `npm run gen`)', async () => {
    const stale: string[] = [];
    for (const [path, content] of await renderAll()) {
      const absolute = join(ROOT, path);
      if (!existsSync(absolute) || readFileSync(absolute, 'utf8') !== content) stale.push(path);
    }
    assert.deepEqual(stale, []);
  });

  it('the demo tenant exercises every rule, and every finding names its objects', async () => {
    const snapshot = await readSnapshotFile(DEMO_SNAPSHOT_PATH);
    const { report } = analyzeSnapshot({ snapshot, failOn: 'none', now: new Date('2026-11-25T00:00:00Z') });
    const live = new Set(snapshot.userAssignedIdentities.map((identity) => identity.id.toLowerCase()));
    assert.deepEqual(snapshot.deletedIdentityIds.filter((id) => live.has(id.toLowerCase())), [], 'a deleted identity cannot also be live');
    const fired = new Set(report.findings.map((finding) => finding.rule));
    assert.deepEqual(RULES.map((rule) => rule.meta.name).filter((name) => !fired.has(name)), []);
    assert.deepEqual(CATEGORIES.filter((category) => report.summary.byCategory[category] === 0), [], 'every category has a demo instance');
    for (const finding of report.findings) {
      assert.ok(finding.subject.id.length > 0 && finding.subject.displayName !== undefined, `${finding.rule}: subject named`);
      assert.match(finding.fingerprint, /^v1:[0-9a-f]{32}$/);
    }
  });
});
