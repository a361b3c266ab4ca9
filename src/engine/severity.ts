/** Severity vocabulary, lowest first. Used verbatim in the CLI, JSON, docs and config. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

/** One step up or down the scale, clamped. */
export function shiftSeverity(severity: Severity, steps: number): Severity {
  const index = Math.min(SEVERITIES.length - 1, Math.max(0, severityRank(severity) + steps));
  return SEVERITIES[index] ?? severity;
}

export function shiftConfidenceDown(confidence: Confidence): Confidence {
  return CONFIDENCES[Math.max(0, CONFIDENCES.indexOf(confidence) - 1)] ?? 'low';
}
