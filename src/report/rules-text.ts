/**
 * `mi-audit rules` as text: the catalog as a table that fits the terminal (80 columns at least), and one rule
 * explained with its paragraphs wrapped to the width. Pure: the CLI passes the width and prints the result.
 */
import { fileURLToPath } from 'node:url';

import Table from 'cli-table3';

import { escapeUntrusted as safe } from '../core/untrusted-text.js';
import type { RuleMeta } from '../engine/types.js';
import { displayWidth, wrapText } from './wrap.js';

export const MIN_RULES_WIDTH = 80;

/**
 * The rule's page as installed with the package (`<package>/docs/rules/<name>.md`), resolved from this
 * module's location so that it is right from src/ (tests) and dist/ (the built CLI) alike.
 */
export function ruleDocPath(name: string): string {
  return fileURLToPath(new URL(`../../docs/rules/${encodeURIComponent(name)}.md`, import.meta.url));
}

/** The catalog: id and severity, name and category, title wrapped; every line exactly `max(80, width)` wide at most. */
export function renderRuleCatalog(rules: readonly RuleMeta[], width: number): string {
  const total = Math.max(MIN_RULES_WIDTH, width);
  const idWidth = Math.max('Id'.length, ...rules.map((rule) => displayWidth(safe(rule.id))), 'critical'.length) + 2;
  const nameWidth = Math.max('Rule / category'.length, ...rules.flatMap((rule) => [displayWidth(safe(rule.name)), displayWidth(safe(rule.category))])) + 2;
  const titleWidth = Math.max(12, total - idWidth - nameWidth - 4);
  const wrap = (lines: readonly string[], columnWidth: number): string => lines.flatMap((line) => wrapText(safe(line), columnWidth - 2)).join('\n');
  const table = new Table({
    head: ['Id', 'Rule / category', 'Title'],
    colWidths: [idWidth, nameWidth, titleWidth],
    style: { head: [], border: [] },
  });
  for (const rule of rules) {
    table.push([wrap([rule.id, rule.severity], idWidth), wrap([rule.name, rule.category], nameWidth), wrap([rule.title], titleWidth)]);
  }
  return `${table.toString()}\n${rules.length} rules. Details: mi-audit rules <id|name>\n`;
}

function url(text: string, width: number): string {
  return displayWidth(`    ${text}`) <= width ? `    ${text}` : text;
}

/** One rule explained: why, fix, references (public URLs) and the installed rule page, wrapped to `max(80, width)`; only a reference URL longer than the width is left whole. */
export function renderRuleDetail(rule: RuleMeta, width: number): string {
  const total = Math.max(MIN_RULES_WIDTH, width);
  const paragraph = (text: string, indent = ''): string[] => wrapText(safe(text), total - indent.length).map((line) => `${indent}${line}`);
  return [
    ...paragraph(`${rule.id} ${rule.name} (${rule.category}, default severity ${rule.severity})`),
    ...paragraph(rule.title),
    '',
    ...paragraph(`Why: ${rule.why}`),
    '',
    ...paragraph(`Fix: ${rule.fix}`),
    '',
    'References:',
    // A URL is never broken (a broken URL cannot be copied or clicked): on a line of its own, indented when it
    // fits, else flush left and left to the terminal's own soft wrap.
    ...rule.references.flatMap((reference) => [...paragraph(`- ${reference.title}:`, '  '), url(safe(reference.url), total)]),
    ...(displayWidth(`Docs: ${safe(ruleDocPath(rule.name))}`) <= total ? [`Docs: ${safe(ruleDocPath(rule.name))}`] : ['Docs:', url(safe(ruleDocPath(rule.name)), total)]),
    '',
  ].join('\n');
}
