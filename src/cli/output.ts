import { writeFileAtomic } from '../core/atomic-write.js';
import type { CliIo } from './io.js';

/** Sends a rendered report to stdout, or atomically to a file (never a half-written file). */
export async function emitReport(io: CliIo, text: string, outputPath: string | undefined): Promise<void> {
  if (outputPath === undefined) {
    io.stdout.write(text);
    return;
  }
  await writeFileAtomic(outputPath, text);
}
