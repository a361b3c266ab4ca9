/**
 * Severity of a federation weakness by subject breadth × identity privilege tier ("Severity
 * matrix"): who can become the identity, weighed against what it can do.
 */
import type { Severity } from '../../engine/severity.js';
import type { Tier } from './privilege.js';
import type { Breadth } from './subject-breadth.js';

const MATRIX: Readonly<Record<Breadth, readonly [Severity, Severity, Severity, Severity]>> = {
  4: ['critical', 'critical', 'high', 'medium'],
  3: ['critical', 'high', 'medium', 'low'],
  2: ['high', 'medium', 'low', 'info'],
  1: ['medium', 'low', 'info', 'info'],
};

export function breadthTierSeverity(breadth: Breadth, tier: Tier): Severity {
  return MATRIX[breadth][tier];
}

export function breadthLabel(breadth: Breadth): string {
  return `B${breadth}`;
}
