/**
 * Import boundaries (docs/architecture.md): only the collector reaches the network, only the CLI touches
 * `process`, rules do no I/O, core/ and azure/ are bottom layers, rules/report/record read the inventory's entity
 * types instead of the snapshot's, and --version/--help load neither the Azure SDKs nor the rules.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

/**
 * A module-level (unindented) mutable cache: a `let`, a WeakMap/WeakSet/WeakRef, or a Map/Set constructed empty.
 */
const moduleLevelCache =
  /^(?:export\s+)?(?:let\s+\w+|(?:const|var)\s+\w+[^=\n]*=\s*new\s+(?:Weak(?:Map|Set|Ref)\b|(?:Map|Set)\s*(?:<[^\n]*>)?\s*\(\s*\)))/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

interface ImportEdge {
  readonly specifier: string;
  readonly dynamic: boolean;
  /** `import type …`: erased at run time, but still a dependency between layers. */
  readonly typeOnly: boolean;
}

/** Static `import … from` (type-only too), `export … from` and dynamic `import()` specifiers (comments stripped). */
function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const edges: ImportEdge[] = [];
  for (const match of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gm)) {
    const typeOnly = /^\s*(?:import|export)\s+type\s/.test(match[0]);
    if (match[1] !== undefined) edges.push({ specifier: match[1], dynamic: false, typeOnly });
  }
  for (const match of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) {
    if (match[1] !== undefined) edges.push({ specifier: match[1], dynamic: false, typeOnly: false });
  }
  for (const match of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    if (match[1] !== undefined) edges.push({ specifier: match[1], dynamic: true, typeOnly: false });
  }
  return edges;
}

function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return resolve(dirname(from), specifier).replace(/\.js$/, '.ts');
}

const files = sourceFiles(SRC);
const rel = (file: string): string => relative(SRC, file).split('\\').join('/');
const NETWORK_CLIENTS = /^(@azure\/|@microsoft\/microsoft-graph-client|node:https?$|https?$|undici$|node:net$|node:tls$)/;

describe('architecture', () => {
  it('only src/collect imports network clients', () => {
    const offenders = files
      .filter((file) => !rel(file).startsWith('collect/'))
      .flatMap((file) => importsOf(file).filter((edge) => NETWORK_CLIENTS.test(edge.specifier)).map((edge) => `${rel(file)} → ${edge.specifier}`));
    assert.deepEqual(offenders, []);
  });

  it('rules, engine and inventory do no I/O and import no outer layer', () => {
    const allowedNode = new Set(['node:crypto']);
    const offenders: string[] = [];
    for (const file of files.filter((candidate) => /^(rules|engine|inventory)\//.test(rel(candidate)))) {
      for (const edge of importsOf(file)) {
        if (edge.specifier.startsWith('node:') && !allowedNode.has(edge.specifier)) offenders.push(`${rel(file)} → ${edge.specifier}`);
        const target = resolveLocal(file, edge.specifier);
        if (target !== undefined && /^(collect|report|cli|policy|scan)\//.test(rel(target))) offenders.push(`${rel(file)} → ${rel(target)}`);
      }
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      if (/\bDate\.now\(|new Date\(\)|Math\.random\(/.test(text)) offenders.push(`${rel(file)} reads the clock or randomness`);
    }
    assert.deepEqual(offenders, []);
  });

  it('rules and the engine keep no module-level cache: derived facts live on the per-run facts object (engine/facts.ts)', () => {
    // A module-level Map/WeakMap/Set filled at run time outlives the scan and is shared between inventories; a
    // constant table (`new Map([...])`, `new Set([...])` with entries) is fine, so is any collection inside a function.
    const offenders: string[] = [];
    for (const file of files.filter((candidate) => /^(rules|engine)\//.test(rel(candidate)))) {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      for (const match of text.matchAll(moduleLevelCache)) offenders.push(`${rel(file)}: ${match[0].trim()}`);
    }
    assert.deepEqual(offenders, []);
  });

  it('the module-level cache check recognises caches and leaves constant tables alone', () => {
    const found = (source: string): boolean => [...source.matchAll(moduleLevelCache)].length > 0;
    assert.equal(found('const patternCache = new Map<string, RegExp>();'), true);
    assert.equal(found('const byScopeCache = new WeakMap<Inventory, Map<string, ControlGrant[]>>();'), true);
    assert.equal(found('export const seen = new Set<string>();'), true);
    assert.equal(found('let cached: Privilege | undefined;'), true);
    assert.equal(found("const TABLE: ReadonlyMap<string, string> = new Map([['a', 'b']]);"), false);
    assert.equal(found('const GUIDS: ReadonlySet<string> = new Set(\n  LIST,\n);'), false);
    assert.equal(found('function f() {\n  const cache = new Map<string, number>();\n}'), false);
  });

  it('only src/cli touches process, the console and Commander', () => {
    const offenders: string[] = [];
    for (const file of files.filter((candidate) => !rel(candidate).startsWith('cli/'))) {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      if (/\bprocess\.|\bconsole\./.test(text)) offenders.push(`${rel(file)} uses process/console`);
      if (importsOf(file).some((edge) => edge.specifier === 'commander')) offenders.push(`${rel(file)} imports commander`);
    }
    assert.deepEqual(offenders, []);
  });

  it('reporters import no computing layer', () => {
    const offenders: string[] = [];
    for (const file of files.filter((candidate) => rel(candidate).startsWith('report/'))) {
      for (const edge of importsOf(file)) {
        const target = resolveLocal(file, edge.specifier);
        if (target !== undefined && /^(collect|cli|policy|rules|inventory\/build)/.test(rel(target))) offenders.push(`${rel(file)} → ${rel(target)}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('core is the bottom layer: it imports nothing outside core/ (type-only imports included)', () => {
    const offenders = files
      .filter((file) => rel(file).startsWith('core/'))
      .flatMap((file) =>
        importsOf(file).flatMap((edge) => {
          const target = resolveLocal(file, edge.specifier);
          return target !== undefined && !rel(target).startsWith('core/') ? [`${rel(file)} → ${rel(target)}`] : [];
        }),
      );
    assert.deepEqual(offenders, []);
  });

  it('azure/ (ARM ids, GUIDs, role definition ids) is a bottom layer: no import outside azure/, no node: module, no clock', () => {
    const offenders: string[] = [];
    for (const file of files.filter((candidate) => rel(candidate).startsWith('azure/'))) {
      for (const edge of importsOf(file)) {
        const target = resolveLocal(file, edge.specifier);
        if (target === undefined || !rel(target).startsWith('azure/')) offenders.push(`${rel(file)} → ${target === undefined ? edge.specifier : rel(target)}`);
      }
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      if (/\bDate\.now\(|new Date\(\)|Math\.random\(/.test(text)) offenders.push(`${rel(file)} reads the clock or randomness`);
    }
    assert.ok(files.some((file) => rel(file) === 'azure/ids.ts'), 'src/azure/ids.ts exists');
    assert.deepEqual(offenders, []);
  });

  it("rules, reporters and identity records use the inventory's entity types, never snapshot/ (type-only imports included)", () => {
    const offenders = files
      .filter((file) => /^(rules|report|record)\//.test(rel(file)))
      .flatMap((file) =>
        importsOf(file).flatMap((edge) => {
          const target = resolveLocal(file, edge.specifier);
          return target !== undefined && rel(target).startsWith('snapshot/') ? [`${rel(file)} → ${rel(target)}`] : [];
        }),
      );
    assert.deepEqual(offenders, []);
  });

  it('commands do not import each other, and scan/ (the orchestration commands call) imports neither cli/ nor collect/', () => {
    const offenders: string[] = [];
    for (const file of files) {
      for (const edge of importsOf(file)) {
        const target = resolveLocal(file, edge.specifier);
        if (target === undefined) continue;
        if (rel(file).startsWith('cli/commands/') && rel(target).startsWith('cli/commands/')) offenders.push(`${rel(file)} → ${rel(target)}`);
        if (rel(file).startsWith('scan/') && /^(cli|collect)\//.test(rel(target))) offenders.push(`${rel(file)} → ${rel(target)}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('--version and --help load neither Azure SDKs, rules nor reporters (static import closure of cli/main.ts)', () => {
    const seen = new Set<string>();
    const external = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const edge of importsOf(file)) {
        // Dynamic imports load on demand and type-only imports are erased: neither runs for --help.
        if (edge.dynamic || edge.typeOnly) continue;
        const target = resolveLocal(file, edge.specifier);
        if (target === undefined) external.add(edge.specifier);
        else visit(target);
      }
    };
    visit(join(SRC, 'cli/main.ts'));
    const loaded = [...seen].map(rel);
    assert.deepEqual(loaded.filter((file) => /^(rules|report\/(table|json|csv|index)|collect|engine\/run|inventory)/.test(file)), []);
    assert.deepEqual([...external].filter((name) => name !== 'commander' && !name.startsWith('node:')), []);
  });
});
