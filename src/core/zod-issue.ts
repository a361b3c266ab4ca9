import type { z } from 'zod';

import { unmarkKey } from './dictionary.js';

/** `suppressions[2].expires`: the JSON path of a problem, as a user would look for it in the file. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${typeof part === 'string' ? unmarkKey(part) : String(part)}`))
    .join('');
}

/**
 * The first zod issue as `at <path>: <message>`, plus how many more there are, for one-line input errors
 * (snapshot, config, baseline). A missing field reads "is required" rather than zod's type message.
 */
export function describeFirstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more)` : '';
  const missing = issue?.code === 'invalid_type' && /received undefined$/.test(issue.message);
  return `at ${formatIssuePath(issue?.path ?? [])}: ${missing ? 'is required' : (issue?.message ?? 'invalid')}${more}`;
}
