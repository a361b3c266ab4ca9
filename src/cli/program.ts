/**
 * The Commander program: one registration per command, each flag built from the option table (options.ts).
 * Only Commander and small constant modules load eagerly; each command imports its implementation (rules,
 * reporters, Azure SDKs) when it runs, so --help and --version stay instant.
 */
import { Command, Option } from 'commander';

import { UsageError } from '../core/errors.js';
import type { ExitCode } from '../core/exit-codes.js';
import { escapeUntrusted } from '../core/untrusted-text.js';
import { VERSION } from '../core/version.js';
import type { FailOn } from '../policy/gate.js';
import { EXPORT_FORMATS, type ExportFormat } from '../record/formats.js';
import type { OutputFormat } from '../report/formats.js';
import type { Cloud } from '../snapshot/clouds.js';
import { type CliIo, type GlobalOptions, sayBlock } from './io.js';
import { type Discovery, flagOf, type GroupBy, LIVE_OPTIONS, makeOption, type ReportOutput } from './options.js';

interface ProgramResult {
  exitCode: ExitCode;
}

interface RawGlobal {
  color: boolean;
  quiet?: boolean;
  debug?: boolean;
}

interface RawLive {
  subscription?: string[];
  managementGroup?: string;
  cloud: Cloud;
  discovery: Discovery;
  concurrency: number;
}

interface RawSnapshotSource extends RawLive {
  snapshot?: string;
  demo?: boolean;
}

interface RawScan extends RawSnapshotSource {
  format: OutputFormat;
  output?: string;
  report?: ReportOutput[];
  failOn: FailOn;
  config?: string;
  baseline?: string;
  showSuppressed?: boolean;
  groupBy: GroupBy;
}

interface RawExport extends RawSnapshotSource {
  format: ExportFormat;
  output?: string;
  config?: string;
  baseline?: string;
}

interface RawBaseline extends RawSnapshotSource {
  output: string;
}

interface RawCollect extends RawLive {
  output: string;
}

/** Strips Commander's `undefined` values so that optional properties stay absent. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

/** Adds the live collection flags: scan, baseline and collect read a tenant the same way. */
function withLiveOptions(command: Command): Command {
  for (const name of LIVE_OPTIONS) command.addOption(makeOption(name));
  return command;
}

/** Refuses (exit 2) a live-only flag typed beside --snapshot or --demo. */
function rejectLiveFlagsOffline(command: Command): void {
  const raw = command.opts<RawSnapshotSource>();
  const offline = raw.demo === true ? '--demo' : raw.snapshot !== undefined ? '--snapshot' : undefined;
  if (offline === undefined) return;
  const typed = LIVE_OPTIONS.find((name) => command.getOptionValueSource(name) === 'cli');
  if (typed !== undefined) throw new UsageError(`${flagOf(typed)} is for live collection and cannot be combined with ${offline}`);
}

export function buildProgram(io: CliIo, result: ProgramResult): Command {
  const program = new Command('mi-audit');
  const globalOptions = (): GlobalOptions => {
    const raw = program.opts<RawGlobal>();
    return { color: raw.color, quiet: raw.quiet === true, debug: raw.debug === true };
  };

  program
    .description(
      'Audit the workload identities of a Microsoft Entra tenant: what each managed identity and federated credential can do, who can become it, and what is broken or stale.',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .option('--no-color', 'disable colour (NO_COLOR and FORCE_COLOR=0 are honoured too)')
    .option('-q, --quiet', 'print nothing but the report and errors')
    .option('--debug', 'stack traces for errors, and on stderr each live request and each scan stage with its time (never tokens)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => sayBlock(io, text),
      // Commander's error text quotes the argument as typed: escaped like any other untrusted line.
      outputError: (text, write) => write(`mi-audit: ${escapeUntrusted(text.trimEnd())}\n`),
    });

  withLiveOptions(
    program
      .command('scan')
    .description('audit a tenant (live), a saved snapshot (--snapshot) or the bundled demo tenant (--demo)')
    .addOption(makeOption('snapshot'))
    .addOption(makeOption('demo', { description: 'scan the bundled demo tenant (no Azure needed)' }))
    .addOption(makeOption('format'))
    .addOption(makeOption('output', { description: 'write the report to this file (atomically; - means stdout)' }))
    .addOption(makeOption('report'))
    .addOption(makeOption('failOn'))
    .addOption(makeOption('config'))
    .addOption(makeOption('baseline'))
    .addOption(makeOption('groupBy'))
      .addOption(makeOption('showSuppressed')),
  ).action(async (raw: RawScan, command: Command) => {
      rejectLiveFlagsOffline(command);
      const { scanCommand } = await import('./commands/scan.js');
      // --fail-on beats the config's failOn only when it was actually typed; its default comes last.
      const { failOn, ...rest } = defined(raw);
      const typed = command.getOptionValueSource('failOn') === 'cli';
      result.exitCode = await scanCommand(io, globalOptions(), typed ? { ...rest, failOn } : rest);
    });

  withLiveOptions(
    program
      .command('baseline')
    .description('record the current findings in a baseline file, so that `scan --baseline` fails only on new ones')
    .addOption(makeOption('snapshot', { description: 'take the baseline from a snapshot (offline)' }))
    .addOption(makeOption('demo', { description: 'take the baseline from the bundled demo tenant' }))
      .addOption(makeOption('output', { description: 'baseline file to write (atomically; - means stdout)', required: true })),
  ).action(async (raw: RawBaseline, command: Command) => {
      rejectLiveFlagsOffline(command);
      const { baselineCommand } = await import('./commands/baseline.js');
      result.exitCode = await baselineCommand(io, globalOptions(), defined(raw));
    });

  // `export`: the identity record (src/record), from the same sources and policy inputs as `scan`.
  withLiveOptions(
    program
      .command('export')
      .description('write the identity record: every workload identity with its grants, trust, controllers, activity and findings')
      .addOption(makeOption('snapshot', { description: 'export from a snapshot (offline)' }))
      .addOption(makeOption('demo', { description: 'export the bundled demo tenant' }))
      .addOption(
        new Option('--format <format>', 'json (versioned document), csv (access-review sheet) or html (self-contained page)')
          .choices(EXPORT_FORMATS)
          .default('json'),
      )
      .addOption(makeOption('output', { description: 'write the record to this file (atomically; - means stdout)' }))
      .addOption(makeOption('config', { description: 'config file for suppressions and rule settings (default: ./mi-audit.config.json when present)' }))
      .addOption(makeOption('baseline', { description: 'mark findings present in this baseline as baselined' })),
  ).action(async (raw: RawExport, command: Command) => {
    rejectLiveFlagsOffline(command);
    const { exportCommand } = await import('./commands/export.js');
    result.exitCode = await exportCommand(io, globalOptions(), defined(raw));
  });

  withLiveOptions(
    program
      .command('collect')
    .description('read a tenant live and write a snapshot file for offline scans')
      .addOption(makeOption('output', { description: 'snapshot file to write (atomically; - means stdout)', required: true })),
  ).action(async (raw: RawCollect) => {
      const { collectCommand } = await import('./commands/collect.js');
      result.exitCode = await collectCommand(io, globalOptions(), defined(raw));
    });

  // mi-audit diff OLD NEW (src/drift, docs/drift.md). Format choices = DIFF_FORMATS (test/drift/cli-diff.test.ts).
  program
    .command('diff')
    .description('compare two snapshots (or two JSON exports) of one tenant: identities, grants, federated credentials, dangling references, findings')
    .argument('<old>', 'the earlier snapshot or export file')
    .argument('<new>', 'the later snapshot or export file')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'))
    .addOption(makeOption('output', { description: 'write the diff to this file (atomically; - means stdout)' }))
    .addOption(makeOption('failOn', { description: 'exit 1 when a new grant or new finding is at or above this severity' }))
    .action(async (oldPath: string, newPath: string, raw: { format: 'table' | 'json' | 'markdown'; output?: string; failOn: FailOn }) => {
      const { diffCommand } = await import('./commands/diff.js');
      result.exitCode = await diffCommand(io, globalOptions(), oldPath, newPath, defined(raw));
    });

  program
    .command('rules')
    .description('list the rule catalog, or explain one rule')
    .argument('[rule]', 'rule id (MIA-1001) or name (privileged-role)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (selector: string | undefined, raw: { format: 'table' | 'json' }) => {
      const { rulesCommand } = await import('./commands/rules.js');
      result.exitCode = rulesCommand(io, globalOptions(), raw, selector);
    });

  return program;
}
