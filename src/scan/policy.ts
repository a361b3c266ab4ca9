import { existsSync } from 'node:fs';

import type { Policy } from '../policy/apply.js';
import { type Baseline, readBaselineFile } from '../policy/baseline.js';
import { CONFIG_FILE_NAME, type PolicyConfig, readConfigFile } from '../policy/config.js';
import { DEFAULT_FAIL_ON, type FailOn } from '../policy/gate.js';
import { RULES } from '../rules/index.js';

export interface ScanPolicyOptions {
  /** --config; else ./mi-audit.config.json when present (relative to the working directory). */
  readonly config?: string;
  /** --baseline; beats the config's baseline. */
  readonly baseline?: string;
  /** Only when typed on the command line: it then beats the config's failOn. */
  readonly failOn?: FailOn;
}

export interface ScanPolicy {
  readonly policy: Policy;
  readonly failOn: FailOn;
  readonly config?: PolicyConfig;
  readonly baseline?: Baseline;
  /** The files read, with their role, so the caller can refuse to write over them. */
  readonly files: readonly { readonly path: string; readonly role: 'config' | 'baseline' }[];
}

/**
 * The policy stage's inputs: config file, baseline file and the gate threshold, with their precedence
 * (flag > config > default, docs/configuration.md). Read before any snapshot, so that a typo in the config does
 * not cost a live collection. Errors: InputError (exit 2) naming the file and the JSON path.
 */
export async function loadScanPolicy(options: ScanPolicyOptions): Promise<ScanPolicy> {
  const configPath = options.config ?? (existsSync(CONFIG_FILE_NAME) ? CONFIG_FILE_NAME : undefined);
  const config = configPath === undefined ? undefined : await readConfigFile(configPath, RULES.map((rule) => rule.meta));
  const baselinePath = options.baseline ?? config?.baseline;
  const baseline = baselinePath === undefined ? undefined : await readBaselineFile(baselinePath);
  return {
    policy: {
      ...(config === undefined ? {} : { ruleSettings: config.ruleSettings, suppressions: config.suppressions }),
      ...(baseline === undefined ? {} : { baseline }),
    },
    failOn: options.failOn ?? config?.failOn ?? DEFAULT_FAIL_ON,
    ...(config === undefined ? {} : { config }),
    ...(baseline === undefined ? {} : { baseline }),
    files: [
      ...(configPath === undefined ? [] : [{ path: configPath, role: 'config' as const }]),
      ...(baselinePath === undefined ? [] : [{ path: baselinePath, role: 'baseline' as const }]),
    ],
  };
}
