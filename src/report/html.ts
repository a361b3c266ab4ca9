/**
 * One self-contained HTML page of findings: inline CSS, no script, no external asset, and a Content Security
 * Policy that forbids loading anything (https://developer.mozilla.org/docs/Web/HTTP/CSP), so it works from
 * disk, in a mail attachment or as a CI artifact and never calls out. Every text goes through htmlText
 * (he + the control-character escape); links are only written for https references from rule metadata.
 */
import { batchChunks, CHUNK_CHARS } from '../core/text-chunks.js';
import { SEVERITIES } from '../engine/severity.js';
import type { AssessedFinding, Reference } from '../engine/types.js';
import { htmlText as h } from './markup-text.js';
import type { ScanReport } from './model.js';
import type { Reporter } from './reporter.js';
import { gateVerdict, verdictText } from './verdict.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'";

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.4rem;margin:.2rem 0}.meta{color:#57606a}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right}code,.id{font-family:ui-monospace,SFMono-Regular,Consolas,monospace;font-size:12px;word-break:break-all}
.sev{display:inline-block;border-radius:3px;padding:0 .4rem;font-weight:600;color:#fff}
.critical{background:#8b0000}.high{background:#cf222e}.medium{background:#9a6700}.low{background:#0969da}.info{background:#6e7781}
.verdict{padding:.6rem .8rem;border-radius:6px;font-weight:600}.fail{background:#ffebe9}.pass{background:#dafbe1}.incomplete{background:#fff8c5}
details{margin:.2rem 0}summary{cursor:pointer}dl{margin:.3rem 0;display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem}dt{color:#57606a}dd{margin:0}
`;

function link(reference: Reference): string {
  // Only absolute https URLs become links; anything else is shown as text.
  return /^https:\/\/[^\s"'<>]+$/.test(reference.url) ? `<a href="${h(reference.url)}" rel="noreferrer">${h(reference.title)}</a>` : `${h(reference.title)} (${h(reference.url)})`;
}

function evidenceValue(value: unknown): string {
  return h(Array.isArray(value) ? value.map(String).join(', ') : String(value));
}

function findingRow(finding: AssessedFinding): string {
  const { subject } = finding;
  const status =
    finding.status === 'suppressed' && finding.suppression !== undefined
      ? `<br>Suppressed until ${h(finding.suppression.expires)}: ${h(finding.suppression.reason)}`
      : finding.status === 'baselined'
        ? '<br>In the baseline.'
        : '';
  const confidence = finding.confidence === 'high' ? '' : ` <em>(confidence: ${h(finding.confidence)})</em>`;
  const details = [
    `<dt>Object</dt><dd>${h(subject.kind)} <span class="id">${h(subject.id)}</span></dd>`,
    ...finding.related.map((ref) => `<dt>${h(ref.relation)}</dt><dd>${ref.displayName === undefined ? '' : `${h(ref.displayName)} `}<span class="id">${h(ref.id)}</span></dd>`),
    ...Object.entries(finding.evidence).map(([key, value]) => `<dt>${h(key)}</dt><dd>${evidenceValue(value)}</dd>`),
    `<dt>Fix</dt><dd>${h(finding.remediation)}</dd>`,
    ...(finding.references.length > 0 ? [`<dt>References</dt><dd>${finding.references.map(link).join('<br>')}</dd>`] : []),
    ...finding.caveats.map((caveat) => `<dt>Caveat</dt><dd>${h(caveat)}</dd>`),
    `<dt>Fingerprint</dt><dd><code>${h(finding.fingerprint)}</code></dd>`,
  ];
  return [
    '<tr class="finding">',
    `<td><span class="sev ${finding.severity}">${finding.severity}</span></td>`,
    `<td><code>${h(finding.ruleId)}</code><br>${h(finding.rule)}</td>`,
    `<td>${h(subject.displayName ?? subject.id)}</td>`,
    `<td>${h(finding.message)}${confidence}${status}<details><summary>Details</summary><dl>${details.join('')}</dl></details></td>`,
    '</tr>',
  ].join('');
}

/** A table's lines, each row made when pulled; nothing for no finding. `title` is trusted text (ours). */
function* findingsTable(title: string, findings: readonly AssessedFinding[], shown: (finding: AssessedFinding) => boolean): Generator<string, void, undefined> {
  let count = 0;
  for (const finding of findings) if (shown(finding)) count += 1;
  if (count === 0) return;
  yield `<h2>${title} (${count})</h2>`;
  yield '<table><thead><tr><th>Severity</th><th>Rule</th><th>Identity / object</th><th>Finding</th></tr></thead><tbody>';
  for (const finding of findings) if (shown(finding)) yield findingRow(finding);
  yield '</tbody></table>';
}

/** The page's lines (joined by newlines, plus a final one), the finding rows made one by one as they are pulled. */
function* htmlLines(report: ScanReport): Generator<string, void, undefined> {
  const { summary } = report;
  const severities = [...SEVERITIES].reverse();
  const scope = report.scope.ids.length > 0 ? `${report.scope.kind} ${report.scope.ids.join(', ')}` : report.scope.kind;
  const identities = summary.identities.userAssignedIdentity + summary.identities.systemAssignedIdentity + summary.identities.application;
  const coverage = report.coverage.complete
    ? '<p>Coverage: complete.</p>'
    : `<p>Coverage: <strong>incomplete</strong>; a clean result here is not a pass.</p><ul>${report.coverage.gaps
        .map((gap) => `<li>${h(gap.source)} @ <span class="id">${h(gap.scope)}</span>: ${h(gap.reason)}</li>`)
        .join('')}</ul>`;
  yield* [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>mi-audit findings · tenant ${h(report.tenantId)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<h1>mi-audit findings</h1>`,
    `<p class="meta">Tenant <span class="id">${h(report.tenantId)}</span> · ${h(report.cloud)} · scope ${h(scope)} · collected ${h(report.collectedAt)} · generated ${h(report.generatedAt)} · mi-audit ${h(report.tool.version)}</p>`,
    `<p class="verdict ${gateVerdict(report)}">${h(verdictText(report))}</p>`,
    `<table><thead><tr>${severities.map((severity) => `<th>${severity}</th>`).join('')}<th>suppressed</th><th>baselined</th><th>identities</th></tr></thead>`,
    `<tbody><tr>${severities.map((severity) => `<td class="num">${summary.bySeverity[severity]}</td>`).join('')}<td class="num">${summary.suppressed}</td><td class="num">${summary.baselined}</td><td class="num">${identities}</td></tr></tbody></table>`,
    coverage,
  ];
  yield* findingsTable('Open findings', report.findings, (finding) => finding.status === 'open');
  yield* findingsTable('Suppressed and baselined, not counted by the gate', report.findings, (finding) => finding.status !== 'open');
  if (report.findings.length === 0) yield '<p>No findings.</p>';
  yield '</body></html>';
}

function* terminated(lines: Iterable<string>): Generator<string, void, undefined> {
  for (const line of lines) yield `${line}\n`;
}

/**
 * The page in chunks of about `chunkChars` characters (UTF-16 code units), a finding's row made only when the
 * chunk that holds it is pulled: at 100k role assignments the page is ~200 MB (docs/performance.md).
 * Joined, the text of {@link renderHtml}.
 */
export function htmlReportChunks(report: ScanReport, chunkChars = CHUNK_CHARS): Iterable<string> {
  return batchChunks(terminated(htmlLines(report)), chunkChars);
}

/** The whole page as one string: its lines joined by newlines, plus a final newline (small reports, tests). */
export function renderHtml(report: ScanReport): string {
  return `${[...htmlLines(report)].join('\n')}\n`;
}

export const htmlReporter: Reporter = {
  format: 'html',
  description: 'One self-contained HTML page of findings (no script, no external asset), for sharing or archiving.',
  render: (report) => renderHtml(report),
  renderChunks: (report) => htmlReportChunks(report),
};
