import { escapeUntrusted } from '../core/untrusted-text.js';

/** The CLI's window on the process, injected so commands stay testable and nothing else touches `process`. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => Date;
}

export interface GlobalOptions {
  readonly color: boolean;
  readonly quiet: boolean;
  readonly debug: boolean;
}

/**
 * Colour only on a terminal, and never with --no-color, a non-empty NO_COLOR (https://no-color.org) or
 * FORCE_COLOR=0/false (the convention of chalk's supports-color, https://github.com/chalk/supports-color).
 */
export function useColor(io: CliIo, global: GlobalOptions, stream: { readonly isTTY?: boolean }): boolean {
  const noColorEnv = io.env['NO_COLOR'];
  const forceColorEnv = io.env['FORCE_COLOR'];
  const forcedOff = forceColorEnv === '0' || forceColorEnv === 'false';
  return global.color && (noColorEnv === undefined || noColorEnv === '') && !forcedOff && stream.isTTY === true;
}

/**
 * The one way the CLI speaks on stderr: `text` is one line that may carry tenant or input-file text (names, ids,
 * paths, reasons), so every control or bidi character in it is made visible (src/core/untrusted-text.ts) and
 * only the final newline is real.
 */
export function sayLine(io: CliIo, text: string): void {
  io.stderr.write(`${escapeUntrusted(text)}\n`);
}

/** Multi-line text the CLI composes itself (Commander's help): each line escaped, the newlines between them kept. */
export function sayBlock(io: CliIo, text: string): void {
  io.stderr.write(text.split('\n').map(escapeUntrusted).join('\n'));
}

/**
 * Columns for text renderers: the terminal's width, else `COLUMNS` (set by most shells), else `fallback`. The
 * renderers never go below 80 (https://pubs.opengroup.org/onlinepubs/9799919799/basedefs/V1_chap08.html, COLUMNS).
 */
export function terminalWidth(io: CliIo, fallback = 80): number {
  const fromEnv = Number.parseInt(io.env['COLUMNS'] ?? '', 10);
  return io.stdout.columns ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : fallback);
}
