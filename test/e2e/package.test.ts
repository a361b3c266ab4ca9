/**
 * The package people install: `npm pack`, then install the tarball into an empty directory and run the CLI from
 * node_modules/.bin, as `npm install mi-audit` or `npx mi-audit` would. Needs `npm run build` first (npm test does).
 *
 * No network: `npm ci` filled the npm cache with the dependency tarballs, but not with registry metadata, so an
 * offline install needs its tree pinned. The app gets the production entries of this repository's own lockfile
 * (the tree the tests ran against) and its `overrides`, which npm reads from the root package only.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { VERSION } from '../../src/core/version.js';

const ROOT = join(import.meta.dirname, '../..');

interface LockEntry {
  readonly dev?: boolean;
  readonly link?: boolean;
  readonly [key: string]: unknown;
}
interface Lock {
  readonly packages: Readonly<Record<string, LockEntry>>;
}
interface Manifest {
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly overrides?: Readonly<Record<string, string>>;
  readonly bin: Readonly<Record<string, string>>;
  readonly engines: Readonly<Record<string, string>>;
  readonly license: string;
}

function sh(command: string, args: readonly string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** package.json and package-lock.json of an app that depends on the tarball only, pinned to this repo's tree. */
function writeApp(app: string, tarball: string): void {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lock;
  const dependencies = { 'mi-audit': `file:${tarball}` };
  const pinned = Object.fromEntries(Object.entries(lock.packages).filter(([path, entry]) => path !== '' && entry.dev !== true && entry.link !== true));
  const { version, license, bin, engines } = manifest;
  const packages = {
    '': { name: 'app', version: '1.0.0', dependencies },
    ...pinned,
    'node_modules/mi-audit': { version, resolved: `file:${tarball}`, license, bin, engines, dependencies: manifest.dependencies },
  };
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, dependencies, overrides: manifest.overrides ?? {} }));
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }));
}

describe('the npm package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mi-audit-pack-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('packs the compiled CLI and the demo, installs offline, and runs from node_modules/.bin', () => {
    const pack = sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], ROOT);
    assert.equal(pack.code, 0, pack.stderr);
    const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    assert.ok(packed !== undefined);
    const files = packed.files.map((file) => file.path);
    for (const needed of ['bin/mi-audit.js', 'dist/cli/main.js', 'dist/scan/analyze.js', 'fixtures/demo-tenant.snapshot.json', 'README.md']) {
      assert.ok(files.includes(needed), `${needed} is in the tarball`);
    }
    assert.deepEqual(files.filter((path) => /^(src|test|scripts)\//.test(path) || path.endsWith('.map')), [], 'no sources, tests or source maps');

    const app = join(dir, 'app');
    mkdirSync(app);
    writeApp(app, join(dir, packed.filename));
    const install = sh('npm', ['install', '--omit=dev', '--offline', '--no-audit', '--no-fund'], app);
    assert.equal(install.code, 0, install.stderr);

    const bin = join(app, 'node_modules/.bin/mi-audit');
    const version = sh(bin, ['--version'], app);
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout, `${VERSION}\n`);
    const scan = sh(bin, ['scan', '--demo', '--format', 'json'], app);
    assert.equal(scan.code, 1, scan.stderr);
    const report = JSON.parse(scan.stdout) as { schemaVersion: number; findings: unknown[] };
    assert.equal(report.schemaVersion, 1);
    assert.ok(report.findings.length > 0);
  });
});
