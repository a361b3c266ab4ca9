/**
 * SARIF 2.1.0 for GitHub code scanning. mi-audit findings live in a tenant, not in a repository file, so
 * every result gets a stable virtual location derived from its subject (sarifArtifactUri) and the
 * fingerprint in partialFingerprints: GitHub matches alerts across runs with both, so both are a contract.
 */
import type { Severity } from '../engine/severity.js';
import type { AssessedFinding, RuleMeta } from '../engine/types.js';
import { canonicalArmId, canonicalGuid } from '../azure/ids.js';
import { jsonChunks } from '../core/json-chunks.js';
import type { ScanReport } from './model.js';
import type { Reporter } from './reporter.js';
import { compareText } from '../core/compare-text.js';

export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/**
 * tool.driver.informationUri: the project's public page. package.json has no `homepage` (test/report/sarif.test.ts
 * keeps the two in step), so this is the npm package page.
 */
export const INFORMATION_URI = 'https://www.npmjs.com/package/mi-audit';
/** Key of the fingerprint in result.partialFingerprints; bump with the fingerprint version, never otherwise. */
export const FINGERPRINT_KEY = 'miAudit/v1';

/** GitHub ranks alerts by this number (>= 9 critical, >= 7 high, >= 4 medium, > 0 low); one map, never per rule. */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  info: '0.0',
};

export const SARIF_LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/**
 * helpUri must be absolute, and mi-audit has no published documentation site: point at the rule's first
 * reference (Microsoft's documentation of the hazard); the rule page path is named in help.markdown.
 */
export function ruleHelpUri(references: readonly { readonly url: string }[]): string | undefined {
  return references[0]?.url;
}

/**
 * The virtual file a result points at. Stable like the fingerprint (lowercased, so casing drift in ARM ids does
 * not open new alerts), and a relative path, which is all GitHub accepts:
 *   ARM subject   → azure/<tenantId>/<canonical ARM id without the leading slash>
 *   Graph subject → entra/<tenantId>/<lowercase kind>/<objectId>
 */
export function sarifArtifactUri(tenantId: string, subject: { readonly kind: string; readonly id: string }): string {
  const tenant = encodeURIComponent(canonicalGuid(tenantId));
  if (subject.id.startsWith('/')) {
    const path = canonicalArmId(subject.id).split('/').filter((segment) => segment !== '').map(encodeURIComponent);
    return ['azure', tenant, ...path].join('/');
  }
  return ['entra', tenant, encodeURIComponent(subject.kind.toLowerCase()), encodeURIComponent(canonicalGuid(subject.id))].join('/');
}

interface RuleDescription {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly severity: Severity;
  readonly title: string;
  readonly why: string;
  readonly fix: string;
  readonly references: RuleMeta['references'];
}

/** Without a catalog (a report rendered on its own), describe the rules that fired from their findings. */
function describedRules(report: ScanReport, rules: readonly RuleMeta[] | undefined): RuleDescription[] {
  if (rules !== undefined) return [...rules];
  const byId = new Map<string, RuleDescription>();
  for (const finding of report.findings) {
    if (byId.has(finding.ruleId)) continue;
    byId.set(finding.ruleId, {
      id: finding.ruleId,
      name: finding.rule,
      category: finding.category,
      severity: finding.severity,
      title: finding.title,
      why: finding.title,
      fix: finding.remediation,
      references: finding.references,
    });
  }
  return [...byId.values()].sort((a, b) => compareText(a.id, b.id));
}

function reportingDescriptor(rule: RuleDescription): Record<string, unknown> {
  const helpUri = ruleHelpUri(rule.references);
  const text = [`Why: ${rule.why}`, `Fix: ${rule.fix}`, ...(rule.references.length > 0 ? ['References:', ...rule.references.map((ref) => `- ${ref.title}: ${ref.url}`)] : [])];
  const markdown = [
    `**Why:** ${rule.why}`,
    '',
    `**Fix:** ${rule.fix}`,
    '',
    ...(rule.references.length > 0 ? ['**References:**', '', ...rule.references.map((ref) => `- [${ref.title}](${ref.url})`), ''] : []),
    `mi-audit rule page: \`docs/rules/${rule.name}.md\` (\`mi-audit rules ${rule.id}\`).`,
  ];
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.why },
    help: { text: text.join('\n'), markdown: markdown.join('\n') },
    ...(helpUri === undefined ? {} : { helpUri }),
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: { tags: ['security', rule.category], 'security-severity': SECURITY_SEVERITY[rule.severity] },
  };
}

function result(finding: AssessedFinding, report: ScanReport, ruleIndex: number | undefined): Record<string, unknown> {
  const { subject } = finding;
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: SARIF_LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: sarifArtifactUri(report.tenantId, subject) }, region: { startLine: 1 } },
        logicalLocations: [
          {
            ...(subject.displayName === undefined ? {} : { name: subject.displayName }),
            fullyQualifiedName: subject.id,
            kind: 'resource',
          },
        ],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...(finding.status === 'suppressed' && finding.suppression !== undefined
      ? { suppressions: [{ kind: 'external', status: 'accepted', justification: finding.suppression.reason }] }
      : {}),
    properties: {
      severity: finding.severity,
      confidence: finding.confidence,
      category: finding.category,
      status: finding.status,
      subject,
      related: finding.related,
      evidence: finding.evidence,
      remediation: finding.remediation,
      ...(finding.caveats.length > 0 ? { caveats: finding.caveats } : {}),
      ...(finding.suppression === undefined ? {} : { suppression: finding.suppression }),
    },
  };
}

/** The SARIF log as an object, every result built up front. */
export function renderSarif(report: ScanReport, rules?: readonly RuleMeta[]): Record<string, unknown> {
  return sarifLog(report, rules, (resultAt) => report.findings.map((_, index) => resultAt(index)));
}

/**
 * The text of `JSON.stringify(renderSarif(report, rules), null, 2)` plus a newline, in chunks of about 32 Ki
 * characters (core/json-chunks.ts), each result object built only when its batch is serialised: at 72,000
 * findings the results built up front, and the 300 MB string made of them, were most of a 1.9 GB peak.
 * jsonChunks walks the log down to the results array (depth 4: log, runs, run, results) and serialises the
 * results in batches. Errors: none on a valid report.
 * SARIF 2.1.0: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
export function sarifChunks(report: ScanReport, rules?: readonly RuleMeta[]): Iterable<string> {
  return jsonChunks(
    sarifLog(report, rules, (resultAt) => lazyArray(report.findings.length, resultAt)),
    4,
  );
}

/**
 * A read-only array of `length` items whose item i is made by `itemAt(i)` when it is read, and forgotten but for
 * the last one (jsonChunks reads the first item of a batch twice). JSON.stringify and jsonChunks walk an array by
 * its length and indices, so they serialise it like the array of every item, which never exists.
 */
function lazyArray<T>(length: number, itemAt: (index: number) => T): readonly T[] {
  let lastIndex = -1;
  let last: T | undefined;
  return new Proxy<T[]>(new Array<T>(length), {
    get(target, key, receiver): unknown {
      if (typeof key !== 'string' || !/^(?:0|[1-9]\d*)$/.test(key) || Number(key) >= length) return Reflect.get(target, key, receiver);
      const index = Number(key);
      if (index !== lastIndex) {
        last = itemAt(index);
        lastIndex = index;
      }
      return last;
    },
  });
}

/** The log around its results; `results` gets the function that builds result i and returns the array to write. */
function sarifLog(
  report: ScanReport,
  rules: readonly RuleMeta[] | undefined,
  results: (resultAt: (index: number) => Record<string, unknown>) => readonly Record<string, unknown>[],
): Record<string, unknown> {
  const descriptions = describedRules(report, rules);
  const indexById = new Map(descriptions.map((rule, index) => [rule.id, index]));
  const resultAt = (index: number): Record<string, unknown> => {
    const finding = report.findings[index];
    // Only called with an index below findings.length.
    if (finding === undefined) throw new RangeError(`no finding ${index}`);
    return result(finding, report, indexById.get(finding.ruleId));
  };
  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: descriptions.map(reportingDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.generatedAt,
            // A coverage gap is not a tool failure, but a reader of the SARIF must see that the view was partial.
            toolExecutionNotifications: report.coverage.gaps.map((gap) => ({
              level: 'warning',
              message: { text: `Coverage gap: ${gap.source} @ ${gap.scope}: ${gap.reason}` },
            })),
          },
        ],
        results: results(resultAt),
        properties: {
          tenantId: report.tenantId,
          cloud: report.cloud,
          scope: report.scope,
          collectedAt: report.collectedAt,
          failOn: report.failOn,
          coverageComplete: report.coverage.complete,
          summary: { total: report.summary.total, open: report.summary.open, suppressed: report.summary.suppressed, baselined: report.summary.baselined },
        },
      },
    ],
  };
}

export const sarifReporter: Reporter = {
  format: 'sarif',
  description: 'SARIF 2.1.0 for GitHub code scanning: virtual locations per tenant object, fingerprints, suppressions.',
  render: (report, env) => `${JSON.stringify(renderSarif(report, env.rules), null, 2)}\n`,
  // Streamed: at 72,000 findings the log is ~300 MB of text (docs/performance.md).
  renderChunks: (report, env) => sarifChunks(report, env.rules),
};
