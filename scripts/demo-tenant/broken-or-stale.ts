/**
 * Demo instances of the "What is broken or stale?" categories (orphaned-reference, orphaned-assignment,
 * unused-identity, shared-identity, secret-credential, credential-limit).
 */
import type { DemoTenant } from './base.js';

export function addBrokenOrStale(_demo: DemoTenant): void {
  // Filled by the lifecycle rules.
}
