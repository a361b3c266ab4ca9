/**
 * Two diff inputs of one kind → the drift: two snapshots through diffSnapshots, two exports through diffRecords.
 * A snapshot and an export are not compared: they are matched differently (an export lists identities, a
 * snapshot everything collect read), so a mixed diff would report artefacts of the formats as changes.
 */
import { InputError } from '../core/errors.js';
import { type DiffOptions, diffSnapshots } from './diff.js';
import type { Drift } from './model.js';
import type { DiffInput } from './read-input.js';
import { diffRecords } from './record-diff.js';

/** @throws InputError (exit 2) when the kinds differ, or from diffSnapshots/diffRecords (different tenants). */
export function diffInputs(before: DiffInput, after: DiffInput, options: DiffOptions): Drift {
  if (before.kind === 'snapshot' && after.kind === 'snapshot') return diffSnapshots(before.snapshot, after.snapshot, options);
  if (before.kind === 'export' && after.kind === 'export') return diffRecords(before.document, after.document, options);
  throw new InputError(
    `cannot diff a snapshot against an export: ${options.oldOrigin ?? 'OLD'} is ${article(before.kind)}, ${options.newOrigin ?? 'NEW'} is ${article(after.kind)} (give two of one kind)`,
  );
}

function article(kind: DiffInput['kind']): string {
  return kind === 'snapshot' ? 'a snapshot' : 'an export';
}
