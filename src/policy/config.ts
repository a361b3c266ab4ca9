/**
 * The config file, mi-audit.config.json. The zod schema below is the single source: it validates the file and
 * generates docs/config.v1.schema.json (npm run gen). Checks that need the rule catalog (unknown rule names)
 * run after the schema, with the same one-line `config <file>: at <path>: …` error.
 */
import { dirname, resolve } from 'node:path';

import { z } from 'zod';

import { InputError } from '../core/errors.js';
import { SEVERITIES } from '../engine/severity.js';
import type { RuleMeta } from '../engine/types.js';
import { FAIL_ON_CHOICES, type FailOn } from './gate.js';
import { describeFirstIssue, formatIssuePath } from '../core/zod-issue.js';
import { readJsonFile } from './read-json.js';
import { findRule, type RuleSetting, type RuleSettings } from './rule-settings.js';
import { targetProblem, type Suppression } from './suppress.js';

export { CONFIG_FILE_NAME } from './config-file-name.js';

const nonEmpty = (what: string): z.ZodString => z.string().trim().min(1, `${what} must not be empty`);

const suppressionSchema = z
  .strictObject({
    rule: nonEmpty('rule').describe('Rule id (MIA-1001) or name (privileged-role).'),
    target: nonEmpty('target').describe(
      "The finding's subject id: an ARM id (case-insensitive; * matches any run of characters) or a Graph object id (exact).",
    ),
    reason: nonEmpty('reason').describe('Why the risk is accepted. Required: it is shown wherever the finding is.'),
    expires: z
      .union([z.iso.date(), z.iso.datetime({ offset: true })], {
        error: 'expected an ISO date (2026-12-31) or date-time (2026-12-31T18:00:00Z)',
      })
      .describe('A date (valid through that day, UTC) or a date-time. After it, the finding reopens and a warning is printed.'),
    ticket: nonEmpty('ticket').optional().describe('Tracking ticket or URL.'),
  })
  .describe('Accept one finding (or a glob of ARM ids) for a rule, with a reason and an expiry.');

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editor completion.'),
    failOn: z.enum(FAIL_ON_CHOICES).optional().describe('Gate threshold; --fail-on overrides it. Default: high.'),
    rules: z
      .record(
        z.string(),
        z.union([z.literal('off'), z.strictObject({ severity: z.enum(SEVERITIES) })], {
          error: `expected "off" or { "severity": ${SEVERITIES.map((severity) => `"${severity}"`).join(' | ')} }`,
        }),
      )
      .optional()
      .describe('Per rule (id or name): "off" to not run it, or { "severity": … } to report its findings at another severity.'),
    suppressions: z.array(suppressionSchema).optional(),
    baseline: nonEmpty('baseline').optional().describe('Baseline file, relative to this config file; --baseline overrides it.'),
  })
  .meta({ title: 'mi-audit configuration, version 1', description: 'mi-audit.config.json. See docs/configuration.md.' });

export type ConfigFile = z.infer<typeof configSchema>;

/** The config, validated and resolved: rule names turned into ids, the baseline path made absolute. */
export interface PolicyConfig {
  /** The file it came from. */
  readonly path: string;
  readonly failOn?: FailOn;
  readonly ruleSettings: RuleSettings;
  readonly suppressions: readonly Suppression[];
  readonly baseline?: string;
}

export async function readConfigFile(path: string, catalog: readonly RuleMeta[]): Promise<PolicyConfig> {
  return parseConfig(await readJsonFile('config', path), path, catalog);
}

export function parseConfig(data: unknown, path: string, catalog: readonly RuleMeta[]): PolicyConfig {
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) throw new InputError(`config ${path}: ${describeFirstIssue(parsed.error)}`);
  const config = parsed.data;
  const fail = (at: readonly PropertyKey[], message: string): never => {
    throw new InputError(`config ${path}: at ${formatIssuePath(at)}: ${message}`, { hint: 'run `mi-audit rules` for rule ids and names' });
  };

  const ruleSettings = new Map<string, RuleSetting>();
  const namedAs = new Map<string, string>();
  for (const [selector, setting] of Object.entries(config.rules ?? {})) {
    const meta = findRule(selector, catalog) ?? fail(['rules', selector], `unknown rule '${selector}'`);
    const earlier = namedAs.get(meta.id);
    if (earlier !== undefined) fail(['rules', selector], `rule ${meta.id} is already configured as '${earlier}'`);
    namedAs.set(meta.id, selector);
    ruleSettings.set(meta.id, setting);
  }

  const suppressions = (config.suppressions ?? []).map((entry, index): Suppression => {
    const meta = findRule(entry.rule, catalog) ?? fail(['suppressions', index, 'rule'], `unknown rule '${entry.rule}'`);
    const problem = targetProblem(entry.target);
    if (problem !== undefined) fail(['suppressions', index, 'target'], problem);
    return {
      rule: entry.rule,
      ruleId: meta.id,
      target: entry.target,
      reason: entry.reason,
      expires: entry.expires,
      ...(entry.ticket === undefined ? {} : { ticket: entry.ticket }),
      origin: `suppressions[${index}]`,
    };
  });

  return {
    path,
    ...(config.failOn === undefined ? {} : { failOn: config.failOn }),
    ruleSettings,
    suppressions,
    ...(config.baseline === undefined ? {} : { baseline: resolve(dirname(path), config.baseline) }),
  };
}
