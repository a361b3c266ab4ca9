/**
 * The three renderers of a drift: pure functions from the Drift to text. JSON is the Drift verbatim (the
 * versioned contract, exact values); table and Markdown are for people and escape every tenant-derived text.
 */
import { escapeUntrusted } from '../core/untrusted-text.js';
import { describeCoverage, describeDrift, describeGate } from './describe.js';
import type { DiffFormat } from './formats.js';
import { escapeMarkdown } from './markdown-text.js';
import type { Drift } from './model.js';

function header(drift: Drift): string {
  // Say when both sides are exports: an export diff sees less than a snapshot diff (docs/drift.md).
  const inputs = drift.old.input === 'export' ? ' · exports' : '';
  return `mi-audit ${drift.tool.version} diff${inputs} · tenant ${drift.tenantId} · ${drift.old.collectedAt} → ${drift.new.collectedAt}`;
}

function renderTable(drift: Drift): string {
  const lines = [escapeUntrusted(header(drift)), ''];
  for (const section of describeDrift(drift)) {
    lines.push(`${section.title}: ${section.counts}`);
    for (const row of section.rows) {
      const severity = row.severity === null ? '' : `[${row.severity.toUpperCase()}] `;
      lines.push(`  ${row.mark} ${severity}${escapeUntrusted(row.object)}: ${escapeUntrusted(row.detail)}`);
    }
    lines.push('');
  }
  const coverage = describeCoverage(drift);
  if (coverage !== undefined) lines.push(coverage);
  lines.push(describeGate(drift));
  return `${lines.join('\n')}\n`;
}

function renderMarkdown(drift: Drift): string {
  const lines = ['# mi-audit diff', '', escapeMarkdown(header(drift)), ''];
  for (const section of describeDrift(drift)) {
    lines.push(`## ${section.title}: ${section.counts}`, '');
    if (section.rows.length === 0) continue;
    lines.push('| | Severity | Object | Change |', '| --- | --- | --- | --- |');
    for (const row of section.rows) {
      lines.push(`| ${escapeMarkdown(row.mark)} | ${row.severity ?? ''} | ${escapeMarkdown(row.object)} | ${escapeMarkdown(row.detail)} |`);
    }
    lines.push('');
  }
  const coverage = describeCoverage(drift);
  if (coverage !== undefined) lines.push(`> ${escapeMarkdown(coverage)}`, '');
  lines.push(`**${escapeMarkdown(describeGate(drift))}**`);
  return `${lines.join('\n')}\n`;
}

export function renderDrift(drift: Drift, format: DiffFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(drift, null, 2)}\n`;
    case 'markdown':
      return renderMarkdown(drift);
    case 'table':
      return renderTable(drift);
  }
}
