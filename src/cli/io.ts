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

/** Colour only on a terminal, and never with --no-color or a non-empty NO_COLOR (https://no-color.org). */
export function useColor(io: CliIo, global: GlobalOptions, stream: { readonly isTTY?: boolean }): boolean {
  const noColorEnv = io.env['NO_COLOR'];
  return global.color && (noColorEnv === undefined || noColorEnv === '') && stream.isTTY === true;
}
