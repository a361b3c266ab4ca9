import Table from 'cli-table3';

import { UsageError } from '../../core/errors.js';
import type { ExitCode } from '../../core/exit-codes.js';
import { RULES } from '../../rules/index.js';
import type { CliIo, GlobalOptions } from '../io.js';

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
    throw new UsageError(`no rule with id or name '${selector}'`, { hint: 'run `mi-audit rules` for the list' });
  }
  if (options.format === 'json') {
    io.stdout.write(`${JSON.stringify(selected.map((rule) => rule.meta), null, 2)}\n`);
    return 0;
  }
  if (selector !== undefined) {
    for (const { meta } of selected) {
      io.stdout.write(
        [
          `${meta.id} ${meta.name} (${meta.category}, default severity ${meta.severity})`,
          meta.title,
          '',
          `Why: ${meta.why}`,
          '',
          `Fix: ${meta.fix}`,
          '',
          'References:',
          ...meta.references.map((reference) => `  - ${reference.title}: ${reference.url}`),
          `Docs: docs/rules/${meta.name}.md`,
          '',
        ].join('\n'),
      );
    }
    return 0;
  }
  const table = new Table({ head: ['Id', 'Rule', 'Category', 'Severity', 'Title'], style: { head: [], border: [] } });
  for (const { meta } of selected) table.push([meta.id, meta.name, meta.category, meta.severity, meta.title]);
  io.stdout.write(`${table.toString()}\n${selected.length} rules. Details: mi-audit rules <id|name>\n`);
  return 0;
}
