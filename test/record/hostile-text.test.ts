/**
 * Names from the tenant are chosen by whoever can create an app registration. In the CSV they must not run as
 * spreadsheet formulas or carry control/bidi characters; in the HTML they must not end the data script or
 * become markup.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { renderRecordCsv, reviewCell } from '../../src/record/csv.js';
import { renderRecordHtml, scriptSafeJson } from '../../src/record/html.js';
import { hostileDocument } from './hostile-tenant.js';

describe('hostile tenant text', () => {
  it('CSV: formula starters get an apostrophe, control and bidi characters are escaped', () => {
    const csv = renderRecordCsv(hostileDocument());
    assert.ok(csv.includes(`"'=HYPERLINK(""https://evil.example/x""`), 'the name is quoted and prefixed');
    assert.ok(!/[\u202e\u2028]/.test(csv));
    assert.ok(csv.includes('\\u{202e}'), 'the bidi override is shown, not applied');
    assert.ok(csv.includes('@SUM(1+1)\\x0d\\x0a-2'), 'CR LF in a tag value cannot split the row');
    for (const row of csv.split('\r\n').slice(1, -1)) {
      for (const cell of row.split(',')) assert.ok(!/^[=+\-@]/.test(cell), `unsafe cell ${cell}`);
    }
    assert.equal(reviewCell('-1'), "'-1");
    assert.equal(reviewCell('\tx'), '\\x09x');
    assert.equal(reviewCell('plain'), 'plain');
  });

  it('HTML: no tenant value can end the data script or become markup', () => {
    const html = renderRecordHtml(hostileDocument());
    assert.ok(!html.includes('<script>alert(1)'), 'the closing tag in a name stays inside the JSON string');
    assert.ok(!html.includes('<img src=x'));
    assert.ok(!/[\u202e\u2028]/.test(html));
    assert.equal((html.match(/<script/g) ?? []).length, 2, 'only the data blob and the page script');
    assert.equal(scriptSafeJson({ a: '</script>&\u2028' }), '{"a":"\\u003c/script\\u003e\\u0026\\u2028"}');
    assert.deepEqual(JSON.parse(scriptSafeJson({ a: '</script>&\u2029' })), { a: '</script>&\u2029' });
  });
});
