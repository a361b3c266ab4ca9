/**
 * The HTML export as a reviewer sees it: Debian's chromium (installed by .ci/run) opens the demo tenant's
 * page from file:// and the test reads the rendered DOM: the identity count, a filter and the search box
 * narrowing the list, an identity's who → identity → what chain, and that the page asks for nothing over the
 * network. A hostile tenant's names must show as text and run nothing. Skipped, with the reason, only when
 * /usr/bin/chromium is missing.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { type Browser, type Page, chromium } from 'playwright-core';

import { renderRecordHtml } from '../../src/record/html.js';
import { demoDocument } from './demo-document.js';
import { HOSTILE_APP, hostileDocument } from './hostile-tenant.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)`;

describe('HTML export in a browser', { skip, timeout: 180_000 }, () => {
  let browser: Browser;
  let dir: string;
  const requests: string[] = [];

  const open = async (name: string, html: string): Promise<Page> => {
    const path = join(dir, name);
    writeFileSync(path, html);
    const page = await browser.newPage();
    page.on('request', (request) => {
      if (!request.url().startsWith('file://')) requests.push(request.url());
    });
    await page.goto(pathToFileURL(path).href);
    return page;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mi-audit-html-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists every identity by risk, filters, searches and shows the chain', async () => {
    const document = await demoDocument();
    const page = await open('demo.html', renderRecordHtml(document));
    const total = document.identities.length;
    assert.equal(await page.textContent('#count'), `${total} of ${total} identities`);
    assert.equal(await page.locator('#list > li').count(), Math.min(50, total), 'one page of rows at a time');
    assert.equal(await page.locator('#list > li .name').first().textContent(), document.identities[0]?.name, 'riskiest first');

    const apps = document.identities.filter((record) => record.kind === 'application').length;
    await page.selectOption('#f-kind', 'application');
    assert.equal(await page.textContent('#count'), `${apps} of ${total} identities`);
    assert.ok(apps > 0 && apps < total);
    await page.selectOption('#f-kind', '');

    const critical = document.identities.filter((record) => record.risk.worstOpenSeverity === 'critical').length;
    await page.selectOption('#f-severity', 'critical');
    assert.equal(await page.textContent('#count'), `${critical} of ${total} identities`);
    await page.selectOption('#f-severity', '');

    await page.fill('#q', 'id-orders-prod');
    assert.equal(await page.textContent('#count'), `1 of ${total} identities`);
    await page.click('#list > li .row');
    const sections = page.locator('.chain > section');
    assert.equal(await sections.count(), 3);
    const who = (await sections.nth(0).textContent()) ?? '';
    const identity = (await sections.nth(1).textContent()) ?? '';
    const what = (await sections.nth(2).textContent()) ?? '';
    assert.match(who, /Who can become it.*app-orders-prod/s);
    assert.match(identity, /id-orders-prod/);
    for (const role of ['AcrPull', 'Key Vault Secrets User', 'Storage Blob Data Reader']) assert.ok(what.includes(role), `chain shows ${role}`);
    assert.match((await page.textContent('.details')) ?? '', /No finding\./);
    assert.deepEqual(requests, [], 'the page fetches nothing');
    await page.close();
  });

  it("shows a hostile tenant's names as text and runs none of them", async () => {
    let dialogs = 0;
    const page = await open('hostile.html', renderRecordHtml(hostileDocument()));
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    await page.fill('#q', 'hyperlink');
    await page.click('#list > li .row');
    const name = (await page.locator('#list > li .row .name').textContent()) ?? '';
    assert.ok(name.startsWith('=HYPERLINK("https://evil.example/x","click")</script><script>alert(1)</script>'), name);
    assert.ok(name.includes('\\u{202e}') && !name.includes('\u202e'), 'the bidi override is made visible');
    assert.notEqual(name, HOSTILE_APP);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(dialogs, 0);
    await page.close();
  });
});
