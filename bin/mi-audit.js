#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (npm run build). `--version` alone is answered here, before the
// CLI and Commander load: scripts and package managers call it most, and it should cost little more than Node's
// own start. It prints exactly what the CLI's `-V, --version` prints (test/e2e checks both).
const args = process.argv.slice(2);
const versionOnly = args.length === 1 && (args[0] === '--version' || args[0] === '-V');
let loaded;
try {
  loaded = versionOnly ? await import('../dist/core/version.js') : await import('../dist/cli/main.js');
} catch (error) {
  // A source checkout that was not built: one line and exit 5 (docs/exit-codes.md), not Node's stack trace and 1,
  // which would read as "gate failed".
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('/dist/')) throw error;
  // Not a bug to report: the build step was skipped.
  process.stderr.write('mi-audit: the compiled CLI (dist/) is missing: in a source checkout, run `npm run build` first\n');
  process.exit(5);
}
if (versionOnly) process.stdout.write(`${loaded.VERSION}\n`);
else await loaded.main(process.argv);
