/**
 * The Commander program. Only Commander and small constant modules load eagerly; each command imports its
 * implementation (rules, reporters, Azure SDKs) when it runs, so --help and --version stay instant.
 */
import { Command, InvalidArgumentError, Option } from 'commander';

import type { ExitCode } from '../core/exit-codes.js';
import { VERSION } from '../core/version.js';
import { DEFAULT_FAIL_ON, FAIL_ON_CHOICES, type FailOn } from '../policy/gate.js';
import { CONFIG_FILE_NAME } from '../policy/config-file-name.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../report/formats.js';
import { CLOUDS, type Cloud } from '../snapshot/clouds.js';
import type { CliIo, GlobalOptions } from './io.js';

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
  cloud?: Cloud;
  discovery?: 'arg' | 'arm';
  concurrency?: number;
}

interface RawSnapshotSource extends RawLive {
  snapshot?: string;
  demo?: boolean;
}

interface RawScan extends RawSnapshotSource {
  format: OutputFormat;
  output?: string;
  failOn: FailOn;
  config?: string;
  baseline?: string;
  showSuppressed?: boolean;
}

interface RawBaseline extends RawSnapshotSource {
  output: string;
}

interface RawCollect extends RawLive {
  output: string;
}

function positiveInteger(flag: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > 64) {
      throw new InvalidArgumentError(`${flag} takes a whole number from 1 to 64`);
    }
    return parsed;
  };
}

function collectRepeatable(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Strips Commander's `undefined` values so that optional properties stay absent. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

function addLiveOptions(command: Command): Command {
  return command
    .option('--subscription <id>', 'subscription to read (repeatable); default: every subscription the caller can see', collectRepeatable)
    .option('--management-group <id>', 'read every subscription under this management group')
    .addOption(new Option('--cloud <name>', 'Azure cloud').choices(CLOUDS).default('AzureCloud'))
    .addOption(
      new Option('--discovery <mode>', 'enumerate resources and role assignments with Azure Resource Graph or plain ARM')
        .choices(['arg', 'arm'])
        .default('arg'),
    )
    .option('--concurrency <n>', 'maximum parallel requests (1-64)', positiveInteger('--concurrency'), 8);
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
    .option('--no-color', 'disable colour (NO_COLOR is honoured too)')
    .option('-q, --quiet', 'print nothing but the report and errors')
    .option('--debug', 'print stack traces for errors (never tokens)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`mi-audit: ${text}`),
    });

  const scan = program
    .command('scan')
    .description('audit a tenant (live), a saved snapshot (--snapshot) or the bundled demo tenant (--demo)')
    .option('--snapshot <file>', 'replay a snapshot offline: no network request at all')
    .option('--demo', 'scan the bundled demo tenant (no Azure needed)')
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when an open finding is at or above this severity (overrides the config failOn)')
        .choices(FAIL_ON_CHOICES)
        .default(DEFAULT_FAIL_ON),
    )
    .option('--config <file>', `config file (default: ./${CONFIG_FILE_NAME} when present)`)
    .option('--baseline <file>', 'mark findings present in this baseline as baselined: they do not fail the gate (overrides the config baseline)')
    .option('--show-suppressed', 'table: list suppressed and baselined findings too, not only their count');
  addLiveOptions(scan).action(async (raw: RawScan, command: Command) => {
    const { scanCommand } = await import('./commands/scan.js');
    // --fail-on beats the config's failOn only when it was actually typed; its default comes last.
    const { failOn, ...rest } = defined(raw);
    const typed = command.getOptionValueSource('failOn') === 'cli';
    result.exitCode = await scanCommand(io, globalOptions(), typed ? { ...rest, failOn } : rest);
  });

  const baseline = program
    .command('baseline')
    .description('record the current findings in a baseline file, so that `scan --baseline` fails only on new ones')
    .option('--snapshot <file>', 'take the baseline from a snapshot (offline)')
    .option('--demo', 'take the baseline from the bundled demo tenant')
    .requiredOption('-o, --output <file>', 'baseline file to write (atomically)');
  addLiveOptions(baseline).action(async (raw: RawBaseline) => {
    const { baselineCommand } = await import('./commands/baseline.js');
    result.exitCode = await baselineCommand(io, globalOptions(), defined(raw));
  });

  // `export`: the identity record (src/record), from the same sources and policy inputs as `scan`.
  const exportRecords = program
    .command('export')
    .description('write the identity record: every workload identity with its grants, trust, controllers, activity and findings')
    .option('--snapshot <file>', 'export from a snapshot (offline)')
    .option('--demo', 'export the bundled demo tenant')
    .addOption(new Option('--format <format>', 'json (versioned document), csv (access-review sheet) or html (self-contained page)').choices(['json', 'csv', 'html']).default('json'))
    .option('-o, --output <file>', 'write to a file (atomically) instead of stdout')
    .option('--config <file>', `config file for suppressions and rule settings (default: ./${CONFIG_FILE_NAME} when present)`)
    .option('--baseline <file>', 'mark findings present in this baseline as baselined');
  addLiveOptions(exportRecords).action(async (raw: RawSnapshotSource & { format: 'json' | 'csv' | 'html'; output?: string; config?: string; baseline?: string }) => {
    const { exportCommand } = await import('./commands/export.js');
    result.exitCode = await exportCommand(io, globalOptions(), defined(raw));
  });

  const collect = program
    .command('collect')
    .description('read a tenant live and write a snapshot file for offline scans')
    .requiredOption('-o, --output <file>', 'snapshot file to write (atomically)');
  addLiveOptions(collect).action(async (raw: RawCollect) => {
    const { collectCommand } = await import('./commands/collect.js');
    result.exitCode = await collectCommand(io, globalOptions(), defined(raw));
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
