import type { z } from 'zod';

/** `suppressions[2].expires`: the JSON path of a problem, as a user would look for it in the file. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/** The first zod issue as `at <path>: <message>`, plus how many more there are, for one-line input errors. */
export function describeFirstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more)` : '';
  return `at ${formatIssuePath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}${more}`;
}
