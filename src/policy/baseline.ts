import { z } from 'zod';

import { InputError } from '../core/errors.js';
import type { Finding } from '../engine/types.js';
import { canonicalGuid } from '../azure/ids.js';
import { describeFirstIssue } from '../core/zod-issue.js';
import { readJsonFile } from './read-json.js';
import { compareText } from '../core/compare-text.js';

export const BASELINE_KIND = 'mi-audit/baseline';
export const BASELINE_SCHEMA_VERSION = 1;

/**
 * A baseline file: the fingerprints of the findings present when it was taken. Matching is by fingerprint
 * only (it already holds rule id, tenant and subject); `ruleId` and `subjectId` are there for humans and diffs.
 */
export const baselineSchema = z.object({
  kind: z.literal(BASELINE_KIND),
  schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
  tenantId: z.string().min(1),
  createdAt: z.iso.datetime({ offset: true }),
  entries: z.array(
    z.object({
      fingerprint: z.string().regex(/^v1:[0-9a-f]{32}$/, 'expected a v1 fingerprint (v1: and 32 hex characters)'),
      ruleId: z.string().min(1),
      subjectId: z.string().min(1),
    }),
  ),
});

export type BaselineFile = z.infer<typeof baselineSchema>;

/** A baseline ready for matching. */
export interface Baseline {
  /** The file it came from, for messages. */
  readonly origin: string;
  readonly tenantId: string;
  readonly fingerprints: ReadonlySet<string>;
}

/**
 * Every finding of the run, sorted by rule, subject and fingerprint so that two baselines of one tenant
 * diff line by line.
 */
export function createBaseline(findings: readonly Finding[], tenantId: string, createdAt: Date): BaselineFile {
  const entries = findings
    .map((finding) => ({ fingerprint: finding.fingerprint, ruleId: finding.ruleId, subjectId: finding.subject.id }))
    .sort(
      (a, b) =>
        compareText(a.ruleId, b.ruleId) ||
        compareText(a.subjectId.toLowerCase(), b.subjectId.toLowerCase()) ||
        compareText(a.fingerprint, b.fingerprint),
    );
  return { kind: BASELINE_KIND, schemaVersion: BASELINE_SCHEMA_VERSION, tenantId, createdAt: createdAt.toISOString(), entries };
}

export function renderBaseline(baseline: BaselineFile): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

export async function readBaselineFile(path: string): Promise<Baseline> {
  return parseBaseline(await readJsonFile('baseline', path), path);
}

export function parseBaseline(data: unknown, origin: string): Baseline {
  const header = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  if (header === undefined || header['kind'] !== BASELINE_KIND) {
    throw new InputError(`baseline ${origin}: not an mi-audit baseline (kind must be "${BASELINE_KIND}")`, {
      hint: 'create one with `mi-audit baseline --snapshot FILE --output baseline.json`',
    });
  }
  if (header['schemaVersion'] !== BASELINE_SCHEMA_VERSION) {
    throw new InputError(
      `baseline ${origin}: unsupported schemaVersion ${JSON.stringify(header['schemaVersion'])} (this mi-audit reads version ${BASELINE_SCHEMA_VERSION})`,
    );
  }
  const parsed = baselineSchema.safeParse(data);
  if (!parsed.success) throw new InputError(`baseline ${origin}: ${describeFirstIssue(parsed.error)}`);
  return {
    origin,
    tenantId: parsed.data.tenantId,
    fingerprints: new Set(parsed.data.entries.map((entry) => entry.fingerprint)),
  };
}

/**
 * A baseline of another tenant would match nothing (fingerprints include the tenant) and silently turn every
 * finding into a "new" one; that is a wiring mistake in CI, so it is an input error rather than a warning.
 */
export function assertBaselineTenant(baseline: Baseline, tenantId: string): void {
  if (canonicalGuid(baseline.tenantId) !== canonicalGuid(tenantId)) {
    throw new InputError(`baseline ${baseline.origin}: taken for tenant ${baseline.tenantId}, but this scan is of tenant ${tenantId}`, {
      hint: 'use one baseline per tenant; create it with `mi-audit baseline`',
    });
  }
}
