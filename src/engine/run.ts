import { InternalError } from '../core/errors.js';
import type { Inventory } from '../inventory/model.js';
import { createRunFacts } from './facts.js';
import { fingerprint } from './fingerprint.js';
import { type Confidence, severityRank, shiftConfidenceDown } from './severity.js';
import type { Finding, FindingDraft, Rule } from './types.js';

/**
 * Runs every rule over the inventory and returns findings in a deterministic order:
 * severity (highest first), rule id, subject id, fingerprint. Two findings with one fingerprint are a bug.
 */
export function runRules(rules: readonly Rule[], inventory: Inventory, now: Date): Finding[] {
  const findings: Finding[] = [];
  const facts = createRunFacts(inventory);
  for (const rule of rules) {
    const { meta } = rule;
    const missing = meta.requires.filter((source) => !inventory.coverage.isComplete(source));
    const caveats = missing.map((source) => `coverage gap in ${source}: this verdict may be incomplete`);
    const report = (draft: FindingDraft): void => {
      const confidence: Confidence = draft.confidence ?? 'high';
      findings.push({
        ruleId: meta.id,
        rule: meta.name,
        category: meta.category,
        severity: draft.severity ?? meta.severity,
        confidence: missing.length > 0 ? shiftConfidenceDown(confidence) : confidence,
        title: meta.title,
        message: draft.message,
        subject: draft.subject,
        related: draft.related ?? [],
        evidence: draft.evidence ?? {},
        remediation: draft.remediation ?? meta.fix,
        references: meta.references,
        caveats,
        fingerprint: fingerprint(meta.id, inventory.tenantId, draft.subject, draft.key ?? []),
      });
    };
    try {
      rule.check({ inventory, now, facts, report });
    } catch (error: unknown) {
      throw new InternalError(`rule ${meta.name} failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }
  findings.sort(compareFindings);
  const seen = new Map<string, Finding>();
  for (const finding of findings) {
    const previous = seen.get(finding.fingerprint);
    if (previous !== undefined) {
      throw new InternalError(
        `rule ${finding.rule} reported two findings with fingerprint ${finding.fingerprint} (subject ${finding.subject.id}); it needs a distinguishing key`,
      );
    }
    seen.set(finding.fingerprint, finding);
  }
  return findings;
}

/** The report order: severity (highest first), rule id, subject id, fingerprint. Policy re-sorts with it after a severity remap. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.subject.id.toLowerCase(), b.subject.id.toLowerCase()) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
