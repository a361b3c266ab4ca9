import type { Rule } from './types.js';

/** Identity helper: gives rule modules full type checking without annotations. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
