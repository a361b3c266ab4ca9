/**
 * The closed exit-code table. Every code the CLI can return is listed here; all others are reserved.
 * docs/exit-codes.md is generated from this table (npm run gen) and checked by a test.
 */
export const EXIT_CODES = [
  { code: 0, name: 'ok', when: 'No open finding at or above --fail-on, and coverage is complete.' },
  { code: 1, name: 'gateFailed', when: 'At least one open finding is at or above --fail-on (`scan`); for `diff`, a new or escalated grant or a new finding at or above --fail-on (docs/drift.md).' },
  {
    code: 2,
    name: 'usage',
    when: 'Usage, configuration or input error: unknown flag, bad value, a live-only flag with --snapshot/--demo, malformed or wrong-version snapshot (duplicate ids included), an output over an input. One error line on stderr, perhaps followed by a hint (`(run with --help for usage)` after a flag or command error); nothing was written.',
  },
  {
    code: 3,
    name: 'partial',
    when: 'The gate passed, but coverage is incomplete (a subscription or API area could not be read; for `diff`, in either input): a clean result over a partial view is not a pass.',
  },
  { code: 4, name: 'auth', when: 'Authentication or connectivity failure: no credential, expired token, unreachable endpoint.' },
  {
    code: 5,
    name: 'internal',
    when: 'Internal error (a bug): mi-audit prints `mi-audit: internal error (please report it): <message>` and the stack trace. Also a source checkout run before `npm run build`: `mi-audit: the compiled CLI (dist/) is missing: …` (one line, no stack).',
  },
] as const;

export type ExitCodeName = (typeof EXIT_CODES)[number]['name'];
export type ExitCode = (typeof EXIT_CODES)[number]['code'];

export const EXIT = {
  ok: 0,
  gateFailed: 1,
  usage: 2,
  partial: 3,
  auth: 4,
  internal: 5,
} as const satisfies Record<ExitCodeName, ExitCode>;
