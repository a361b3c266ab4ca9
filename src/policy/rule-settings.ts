import { compareFindings } from '../engine/run.js';
import type { Severity } from '../engine/severity.js';
import type { Finding, RuleMeta } from '../engine/types.js';

/** What the config says about one rule: turn it off, or report its findings at another severity. */
export type RuleSetting = 'off' | { readonly severity: Severity };

/** Keyed by rule id (the config may name a rule by id or name; the config loader resolves it). */
export type RuleSettings = ReadonlyMap<string, RuleSetting>;

/** A rule by id (case-insensitive, `mia-1001` works) or by name (exact, as in `mi-audit rules`). */
export function findRule(selector: string, catalog: readonly RuleMeta[]): RuleMeta | undefined {
  const id = selector.toUpperCase();
  return catalog.find((meta) => meta.id === id || meta.name === selector);
}

/** The rules to run: an `off` rule is not run at all, so it costs nothing and reports nothing. */
export function enabledRules<R extends { readonly meta: RuleMeta }>(rules: readonly R[], settings: RuleSettings): R[] {
  return rules.filter((rule) => settings.get(rule.meta.id) !== 'off');
}

/**
 * Applies severity remaps and restores the report order, which depends on severity. The fingerprint is left
 * untouched: it excludes severity by design, so a remap keeps baselines and suppressions valid.
 */
export function remapSeverities(findings: readonly Finding[], settings: RuleSettings): Finding[] {
  let changed = false;
  const remapped = findings.map((finding) => {
    const setting = settings.get(finding.ruleId);
    if (setting === undefined || setting === 'off' || setting.severity === finding.severity) return finding;
    changed = true;
    return { ...finding, severity: setting.severity };
  });
  return changed ? remapped.sort(compareFindings) : remapped;
}

/** The rule as configured: its metadata with the remapped severity, for reporters that describe rules (SARIF). */
export function configuredRuleMeta(meta: RuleMeta, settings: RuleSettings): RuleMeta {
  const setting = settings.get(meta.id);
  return setting === undefined || setting === 'off' ? meta : { ...meta, severity: setting.severity };
}
