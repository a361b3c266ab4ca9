/**
 * Typed errors. A MiAuditError is an expected failure: the CLI prints one line (plus an optional hint)
 * and exits with the error's code. Anything else is a bug and exits 5 with a stack trace.
 * Messages must never contain tokens or secrets.
 */
export abstract class MiAuditError extends Error {
  abstract readonly exitCode: 2 | 4 | 5;
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}

/** Bad flag, bad argument value, unknown command. */
export class UsageError extends MiAuditError {
  readonly exitCode = 2 as const;
}

/** A malformed, unreadable or wrong-version input file (snapshot, config). */
export class InputError extends MiAuditError {
  readonly exitCode = 2 as const;
}

/** No credential, rejected or expired token, unreachable endpoint before any data was read. */
export class AuthError extends MiAuditError {
  readonly exitCode = 4 as const;
}

/** A broken invariant inside mi-audit (for example two findings with one fingerprint). */
export class InternalError extends MiAuditError {
  readonly exitCode = 5 as const;
}

/** The `code` of a Node system error (`ENOENT`, `EACCES`, …: https://nodejs.org/api/errors.html#errorcode), or undefined. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error ? String(error.code) : undefined;
}
