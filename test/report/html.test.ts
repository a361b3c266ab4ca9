import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';

import { chromium } from 'playwright-core';

import { analyzeSnapshot } from '../../src/scan/analyze.js';
import { DEMO_SNAPSHOT_PATH } from '../../src/core/paths.js';
import type { AssessedFinding } from '../../src/engine/types.js';
import { htmlReporter } from '../../src/report/html.js';
import { readSnapshotFile } from '../../src/snapshot/read.js';
import { BASELINED, OPEN, sampleReport, SUPPRESSED } from './sample-report.js';

const env = { color: false, columns: 80 };
const CHROMIUM = '/usr/bin/chromium';
const HOSTILE = '<img src=x onerror="document.title=1"><script>alert(1)</script>\u001b]0;t\u0007\u202e';

function assertSelfContained(html: string): void {
  assert.match(html, /^<!DOCTYPE html>\n/);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';/);
  assert.ok(!/<script|<link|<img|<iframe|<object|<embed|<[a-z][^>]*\ssrc=|url\(|@import/i.test(html), 'no script and no external asset');
  for (const match of html.matchAll(/href="([^"]*)"/g)) assert.match(match[1] ?? '', /^https:\/\//, 'links are https only');
}

describe('html reporter', () => {
  it('renders the verdict, counts, coverage and every finding with details, self-contained', async () => {
    const { report } = analyzeSnapshot({ snapshot: await readSnapshotFile(DEMO_SNAPSHOT_PATH), failOn: 'high', now: new Date('2026-12-01T00:00:00Z') });
    const html = htmlReporter.render(report, env);
    assertSelfContained(html);
    assert.match(html, /<p class="verdict fail">Gate failed: open findings at or above high \(--fail-on high\)\.<\/p>/);
    assert.equal(html.split('<details>').length - 1, report.findings.length, 'one collapsed details block per finding');
    assert.match(html, /<a href="https:\/\/learn\.microsoft\.com\//);
  });

  it('lists suppressed and baselined findings apart, and says when nothing was found', () => {
    const html = htmlReporter.render(sampleReport([OPEN, SUPPRESSED, BASELINED]), env);
    assert.match(html, /<h2>Open findings \(1\)<\/h2>/);
    assert.match(html, /<h2>Suppressed and baselined, not counted by the gate \(2\)<\/h2>/);
    assert.match(html, /Suppressed until 2026-12-31: break-glass, reviewed quarterly/);
    assert.match(htmlReporter.render(sampleReport([]), env), /<p>No findings\.<\/p>/);
  });

  it('escapes markup and control characters from the tenant, and links only https references', () => {
    const finding: AssessedFinding = {
      ...OPEN,
      subject: { ...OPEN.subject, displayName: HOSTILE },
      message: HOSTILE,
      references: [{ title: 'bad', url: 'javascript:alert(1)' }, { title: 'good', url: 'https://learn.microsoft.com/x' }],
    };
    const html = htmlReporter.render(sampleReport([finding]), env);
    assertSelfContained(html);
    assert.ok(html.includes('&lt;img src=x onerror=&quot;document.title=1&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\\x1b]0;t\\x07\\u{202e}'));
    assert.ok(html.includes('bad (javascript:alert(1))'));
    assert.ok(html.includes('<a href="https://learn.microsoft.com/x" rel="noreferrer">good</a>'));
  });

  it('opens in a browser without a single request and without an injected element', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} not installed` }, async () => {
    const html = htmlReporter.render(sampleReport([{ ...OPEN, subject: { ...OPEN.subject, displayName: HOSTILE }, message: HOSTILE }]), env);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.setContent(html, { waitUntil: 'load' });
      assert.deepEqual(requests, []);
      assert.equal(await page.locator('img, script').count(), 0);
      assert.equal(await page.title(), 'mi-audit findings · tenant 11111111-2222-4333-8444-555555555555');
      assert.ok((await page.locator('tr.finding td:nth-child(3)').first().textContent())?.startsWith('<img src=x'));
    } finally {
      await browser.close();
    }
  });
});
