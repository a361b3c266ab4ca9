import { UsageError } from '../../core/errors.js';
import type { ExitCode } from '../../core/exit-codes.js';
import { escapeUntrusted } from '../../core/untrusted-text.js';
import { renderRuleCatalog, renderRuleDetail } from '../../report/rules-text.js';
import { RULES } from '../../rules/index.js';
import { type CliIo, type GlobalOptions, terminalWidth } from '../io.js';

export interface RulesOptions {
  readonly format: 'table' | 'json';
}

/** `mi-audit rules [id|name]`: the catalog, or one rule explained, straight from the rule metadata. */
export function rulesCommand(io: CliIo, _global: GlobalOptions, options: RulesOptions, selector?: string): ExitCode {
  const selected =
    selector === undefined
      ? RULES
      : RULES.filter((rule) => rule.meta.id.toLowerCase() === selector.toLowerCase() || rule.meta.name === selector);
  if (selector !== undefined && selected.length === 0) {
    throw new UsageError(`no rule with id or name '${escapeUntrusted(selector)}'`, { hint: 'run `mi-audit rules` for the list' });
  }
  if (options.format === 'json') {
    io.stdout.write(`${JSON.stringify(selected.map((rule) => rule.meta), null, 2)}\n`);
    return 0;
  }
  const width = terminalWidth(io);
  const text = selector === undefined ? renderRuleCatalog(selected.map((rule) => rule.meta), width) : selected.map((rule) => renderRuleDetail(rule.meta, width)).join('\n');
  io.stdout.write(text);
  return 0;
}

