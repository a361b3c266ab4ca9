import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { AssessedFinding } from '../../src/engine/types.js';
import { MARKDOWN_LIMIT, markdownReporter } from '../../src/report/markdown.js';
import { markdownText } from '../../src/report/markup-text.js';
import { assertTablesIntact } from './markup-checks.js';
import { BASELINED, OPEN, sampleReport, SUPPRESSED } from './sample-report.js';

const env = { color: false, columns: 80 };
const render = (findings: readonly AssessedFinding[], overrides: Partial<ReturnType<typeof sampleReport>> = {}): string =>
  markdownReporter.render({ ...sampleReport(findings), ...overrides }, env);

describe('markdown reporter', () => {
  it('leads with the gate verdict, counts by severity, coverage, worst identities and findings', () => {
    const text = render([OPEN, SUPPRESSED, BASELINED]);
    assert.match(text, /^## ❌ mi-audit: Gate failed: open findings at or above high \(--fail-on high\)\.\n/);
    assert.match(text, /\| critical \| high \| medium \| low \| info \| suppressed \| baselined \| identities \|\n\| ---: .*\n\| 1 \| 0 \| 0 \| 0 \| 0 \| 1 \| 1 \| 2 \|/);
    assert.match(text, /\*\*Coverage:\*\* complete\./);
    assert.match(text, /### Worst identities \(1 of 1 with open findings\)\n\n\| Identity \| Kind \| Worst \| Open findings \|/);
    assert.match(text, /\| id-deploy \| userAssignedIdentity \| critical \| 1 \|/);
    assert.match(text, /### Worst findings \(1 of 1 open\)/);
    assert.match(text, /<details><summary>All open findings \(1\)<\/summary>\n\n- \*\*critical\*\* `MIA-1001` privileged-role: Identity 'id-deploy' holds Owner/);
    assert.match(text, /<details><summary>Suppressed and baselined findings, not counted by the gate \(2\)<\/summary>/);
    assert.match(text, /suppressed until 2026-12-31: break-glass, reviewed quarterly/);
    assertTablesIntact(text);
  });

  it('says pass, or incomplete coverage, in the heading', () => {
    assert.match(render([BASELINED]), /^## ✅ mi-audit: Gate passed: no open finding at or above high/);
    assert.match(render([{ ...OPEN, severity: 'medium' }]), /^## ✅ /);
    assert.match(render([OPEN], { failOn: 'none' }), /^## ✅ mi-audit: Gate off \(--fail-on none\): no finding fails it\./);
    const partial = render([], { coverage: { complete: false, gaps: [{ source: 'resources', scope: '/subscriptions/x', reason: '403 AuthorizationFailed' }] } });
    assert.match(partial, /^## ⚠️ mi-audit: Coverage incomplete/);
    assert.match(partial, /\*\*Coverage:\*\* incomplete, 1 gap\(s\): resources @ \/subscriptions\/x \(403 AuthorizationFailed\)\./);
    assert.match(render([]), /No findings\./);
  });

  it('a display name cannot inject a link, an image, HTML, a mention or a table cell', () => {
    const name = '[click](https://evil.example) ![x](https://evil.example/i.png) <img src=x onerror=alert(1)> | cell `code` @org/team #1 **bold**';
    const text = render([{ ...OPEN, subject: { ...OPEN.subject, displayName: name }, message: `Identity '${name}' holds Owner.` }]);
    assert.ok(!text.includes('<img'), 'no raw HTML');
    assert.ok(!/[^\\]\]\(/.test(text), 'no link or image syntax');
    assert.ok(!text.includes('@org'), 'no mention');
    assert.ok(text.includes(markdownText(name)));
    assertTablesIntact(text);
    assert.equal(markdownText('a|b'), 'a\\|b');
    assert.equal(markdownText('<b>&'), '&lt;b&gt;&amp;');
    assert.equal(markdownText('x\u001b[2J'), 'x\\\\x1b\\[2J');
  });

  it(`stays under GitHub's ${MARKDOWN_LIMIT}-character limit and says when it cut`, () => {
    const many = Array.from({ length: 5000 }, (_, index): AssessedFinding => ({
      ...OPEN,
      fingerprint: `v1:${String(index).padStart(32, '0')}`,
      subject: { ...OPEN.subject, id: `${OPEN.subject.id}-${index}`, displayName: `id-${index}-${'x'.repeat(40)}` },
      message: `Identity 'id-${index}' holds Owner on ${'a very long scope name '.repeat(6)}.`,
      status: index % 10 === 0 ? 'baselined' : 'open',
    }));
    const text = render(many);
    assert.ok(text.length <= MARKDOWN_LIMIT, `${text.length} characters`);
    assert.ok(text.length > MARKDOWN_LIMIT * 0.9, 'uses the room it has');
    assert.match(text, /_\d+ more not shown: GitHub limits a comment to 65536 characters\. The JSON, CSV or SARIF report has every finding\._/);
    assert.equal(text.split('<details>').length, text.split('</details>').length, 'every <details> is closed');
    assertTablesIntact(text);
    const small = render([OPEN]);
    assert.ok(!small.includes('more not shown'));
  });
});
