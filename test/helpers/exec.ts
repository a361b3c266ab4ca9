import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLI = join(import.meta.dirname, '../../bin/mi-audit.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawns the built CLI (npm run build first) with a clean environment, as a user or CI would. */
export function runCli(args: readonly string[], options: { env?: Record<string, string>; cwd?: string } = {}): CliRun {
  const home = mkdtempSync(join(tmpdir(), 'mi-audit-home-'));
  try {
    const result = spawnSync(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? home,
      env: { PATH: process.env['PATH'] ?? '', HOME: home, ...options.env },
      encoding: 'utf8',
      timeout: 60_000,
      // Exports of the demo tenant run to megabytes on stdout.
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
