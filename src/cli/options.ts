/**
 * The option table: every command-line flag of `scan`, `baseline` and `collect`, with its help text, choices,
 * parser and default, declared once. program.ts builds the Commander options from it, so the help (and the
 * generated docs/cli.md) and the values the commands receive cannot drift apart. Loaded by --help: constants only.
 */
import { InvalidArgumentError, Option } from 'commander';

import { DEFAULT_FAIL_ON, FAIL_ON_CHOICES } from '../policy/gate.js';
import { CONFIG_FILE_NAME } from '../policy/config-file-name.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../report/formats.js';
import { CLOUDS } from '../snapshot/clouds.js';

/** How the terminal table is arranged (`--group-by`). */
export const GROUP_BY_CHOICES = ['identity', 'rule'] as const;
export type GroupBy = (typeof GROUP_BY_CHOICES)[number];

export const DISCOVERY_MODES = ['arg', 'arm'] as const;
export type Discovery = (typeof DISCOVERY_MODES)[number];

/** One report of a run: a format and where it goes (`-` is stdout). */
export interface ReportOutput {
  readonly format: OutputFormat;
  readonly path: string;
}

function wholeNumber(flag: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new InvalidArgumentError(`${flag} takes a whole number from ${min} to ${max}`);
    return parsed;
  };
}

function repeatable(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `--report sarif:out.sarif`: the format before the first colon (a registered output format), the path after it. */
function reportOutput(value: string, previous: ReportOutput[] | undefined): ReportOutput[] {
  const colon = value.indexOf(':');
  const format = value.slice(0, Math.max(colon, 0));
  const path = value.slice(colon + 1);
  if (colon < 1 || path === '') throw new InvalidArgumentError('expected FORMAT:FILE, for example sarif:mi-audit.sarif (- as FILE is stdout)');
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new InvalidArgumentError(`unknown format '${format}' (choose from ${OUTPUT_FORMATS.join(', ')})`);
  }
  return [...(previous ?? []), { format: format as OutputFormat, path }];
}

interface OptionSpec {
  readonly flags: string;
  readonly description: string;
  readonly choices?: readonly string[];
  readonly default?: string | number;
  readonly parse?: (value: string, previous: never) => unknown;
}

export const OPTIONS = {
  snapshot: { flags: '--snapshot <file>', description: 'replay a snapshot offline: no network request at all' },
  demo: { flags: '--demo', description: 'use the bundled demo tenant (no Azure needed)' },
  format: { flags: '--format <format>', description: 'output format', choices: OUTPUT_FORMATS, default: 'table' },
  output: { flags: '-o, --output <file>', description: 'write to this file (atomically; - means stdout)' },
  report: {
    flags: '--report <format:file>',
    description: 'also write the report in FORMAT to FILE (repeatable), e.g. --report sarif:mi-audit.sarif',
    parse: reportOutput,
  },
  failOn: {
    flags: '--fail-on <severity>',
    description: 'exit 1 when an open finding is at or above this severity (overrides the config failOn)',
    choices: FAIL_ON_CHOICES,
    default: DEFAULT_FAIL_ON,
  },
  config: { flags: '--config <file>', description: `config file (default: ./${CONFIG_FILE_NAME} when present)` },
  baseline: {
    flags: '--baseline <file>',
    description: 'mark findings present in this baseline as baselined: they do not fail the gate (overrides the config baseline)',
  },
  groupBy: {
    flags: '--group-by <view>',
    description: 'table: findings under their identity, riskiest identity first (identity), or one flat list by rule (rule)',
    choices: GROUP_BY_CHOICES,
    default: 'identity',
  },
  showSuppressed: { flags: '--show-suppressed', description: 'table: list suppressed and baselined findings too, not only their count' },
  subscription: {
    flags: '--subscription <id>',
    description: 'subscription to read (repeatable); default: every subscription the caller can see',
    parse: repeatable,
  },
  managementGroup: { flags: '--management-group <id>', description: 'read every subscription under this management group' },
  cloud: { flags: '--cloud <name>', description: 'Azure cloud', choices: CLOUDS, default: 'AzureCloud' },
  discovery: {
    flags: '--discovery <mode>',
    description: 'enumerate resources and role assignments with Azure Resource Graph or plain ARM',
    choices: DISCOVERY_MODES,
    default: 'arg',
  },
  concurrency: { flags: '--concurrency <n>', description: 'maximum requests in flight per service, ARM and Graph each (1-64; lowered while a service throttles)', parse: wholeNumber('--concurrency', 1, 64), default: 16 },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

/** Options that only steer a live collection: with --snapshot or --demo they would be silently ignored. */
export const LIVE_OPTIONS = ['subscription', 'managementGroup', 'cloud', 'discovery', 'concurrency'] as const satisfies readonly OptionName[];

/** The long flag of an option (`--management-group`), for messages. */
export function flagOf(name: OptionName): string {
  return /--[\w-]+/.exec(OPTIONS[name].flags)?.[0] ?? name;
}

/** A Commander option from the table; a command may word the description its own way or make the option required. */
export function makeOption(name: OptionName, overrides: { readonly description?: string; readonly required?: boolean } = {}): Option {
  const spec: OptionSpec = OPTIONS[name];
  const option = new Option(spec.flags, overrides.description ?? spec.description);
  if (spec.choices !== undefined) option.choices(spec.choices);
  if (spec.parse !== undefined) option.argParser(spec.parse as (value: string, previous: unknown) => unknown);
  if (spec.default !== undefined) option.default(spec.default);
  if (overrides.required === true) option.makeOptionMandatory();
  return option;
}
