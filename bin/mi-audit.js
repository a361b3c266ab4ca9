#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (npm run build). `--version` alone is answered here, before the
// CLI and Commander load: scripts and package managers call it most, and it should cost little more than Node's
// own start. It prints exactly what the CLI's `-V, --version` prints (test/e2e checks both).
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { VERSION } = await import('../dist/core/version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import('../dist/cli/main.js');
  await main(process.argv);
}
