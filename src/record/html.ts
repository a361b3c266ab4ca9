/**
 * `mi-audit export --format html`: one self-contained page (no network, no external asset, works from
 * file://) listing the identities by risk, with filters (kind, subscription, severity, category, federated,
 * idle) and a search box. Each identity opens to one chain — who can become it → the identity → what it can
 * do — then its grants and its findings with the fix.
 *
 * Scale: the records travel as one JSON blob inside `<script type="application/json">`, written record by record
 * (the writer never holds the page or the record list); the page script filters the array and builds the DOM
 * for one page of rows at a time, and an identity's details only when it is opened, so 20,000 identities stay
 * usable.
 *
 * Safety: tenant text is untrusted. Server-side text goes through he.encode; the page script only ever sets
 * textContent (never innerHTML); every string in the blob has first been passed through escapeUntrusted (no
 * control or bidi characters), and the blob escapes `<`, `>`, `&`, U+2028 and U+2029 so that no value can end
 * the script element (https://html.spec.whatwg.org/multipage/scripting.html#restrictions-for-contents-of-script-elements).
 * A Content-Security-Policy allows only this page's own script (by hash) and inline styles, and no fetch.
 */
import { createHash } from 'node:crypto';

import he from 'he';

import { escapeUntrusted } from '../core/untrusted-text.js';
import { batchChunks, CHUNK_CHARS } from '../core/text-chunks.js';
import { asRecordStream, type RecordDocumentStream } from './document.js';
import type { IdentityRecord, RecordDocument } from './schema.js';

/** An identity no one can use: a user-assigned identity attached to nothing and trusting no credential, or one whose last sign-in is older than this. */
export const IDLE_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;

/** True when nothing uses the identity: see IDLE_DAYS. Unknown activity alone never makes an identity idle. */
export function isIdle(record: IdentityRecord, generatedAt: string): boolean {
  if (record.activity.lastSignIn !== null) {
    return Date.parse(generatedAt) - Date.parse(record.activity.lastSignIn) > IDLE_DAYS * DAY_MS;
  }
  return record.kind === 'userAssignedIdentity' && record.hostFound && record.hosts.length === 0 && record.trust.length === 0;
}

/** JSON.stringify replacer that makes every string value safe to show (escapeUntrusted); member names stay as they are. */
function escapedValue(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? escapeUntrusted(value) : value;
}

/** Text that can sit inside a <script> element: no `<`, `>`, `&` or line/paragraph separators left raw (each replaced alone, so pieces of one JSON text can be made safe one by one). */
function scriptSafe(json: string): string {
  return json
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** JSON that can sit inside a <script> element: see {@link scriptSafe}. */
export function scriptSafeJson(value: unknown): string {
  return scriptSafe(JSON.stringify(value));
}

/**
 * The page in chunks of about `chunkChars` characters. The blob is `{"generatedAt":…,"identities":[…]}` written
 * record by record as the writer pulls chunks, so with a lazy stream (recordDocumentStream) the page retains
 * nothing but its template: no record list and no page-sized string. The browser still parses the blob whole.
 */
export function recordHtmlChunks(document: RecordDocument | RecordDocumentStream, chunkChars = CHUNK_CHARS): Iterable<string> {
  return batchChunks(htmlPieces(asRecordStream(document)), chunkChars);
}

function* htmlPieces({ head, identities }: RecordDocumentStream): Generator<string, void, undefined> {
  const scriptHash = createHash('sha256').update(PAGE_SCRIPT).digest('base64');
  const text = (value: string): string => he.encode(escapeUntrusted(value), { useNamedReferences: false });
  const gaps = head.coverage.gaps.map((gap) => `<li>${text(`${gap.source} ${gap.scope}: ${gap.reason}`)}</li>`).join('');
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mi-audit identity record: tenant ${text(head.tenantId)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>Workload identities of tenant ${text(head.tenantId)}</h1>
<p class="meta">Collected ${text(head.collectedAt)}, exported ${text(head.generatedAt)} by mi-audit ${text(head.tool.version)}.
${head.summary.identities} identities (${head.summary.byKind.userAssignedIdentity} user-assigned, ${head.summary.byKind.systemAssignedIdentity} system-assigned, ${head.summary.byKind.application} app registrations), ${head.summary.grants} grants, ${head.summary.withOpenFindings} with open findings.</p>
${head.coverage.complete ? '' : `<div class="gaps"><strong>Coverage is incomplete:</strong> identities or grants that could not be read are missing.<ul>${gaps}</ul></div>`}
</header>
<form id="filters" class="filters" autocomplete="off">
<input id="q" type="search" placeholder="Search names, ids, roles, subjects…" aria-label="Search">
<label>Kind <select id="f-kind"><option value="">any</option><option value="userAssignedIdentity">user-assigned</option><option value="systemAssignedIdentity">system-assigned</option><option value="application">app registration</option></select></label>
<label>Subscription <select id="f-subscription"><option value="">any</option></select></label>
<label>Severity <select id="f-severity"><option value="">any</option><option value="critical">critical</option><option value="high">high or worse</option><option value="medium">medium or worse</option><option value="low">low or worse</option><option value="info">any open finding</option><option value="none">no open finding</option></select></label>
<label>Category <select id="f-category"><option value="">any</option></select></label>
<label>Federated <select id="f-federated"><option value="">any</option><option value="yes">yes</option><option value="no">no</option></select></label>
<label>Idle <select id="f-idle"><option value="">any</option><option value="yes">yes</option><option value="no">no</option></select></label>
</form>
<p id="count" class="count" aria-live="polite"></p>
<ol id="list" class="list"></ol>
<nav class="pager"><button id="prev" type="button">Previous</button> <span id="page"></span> <button id="next" type="button">Next</button></nav>
<script type="application/json" id="mi-data">`;
  yield scriptSafe(`{"generatedAt":${JSON.stringify(head.generatedAt)},"identities":[`);
  let first = true;
  for (const record of identities) {
    // The record with its strings escaped and `idle` as its last member, serialised without copying the record
    // (a deep copy per record left the heap a GB of old-generation garbage at 70,000 identities).
    // Three pieces, not one template: a large record's text is handed to the writer as a slice of JSON.stringify's
    // own string, where a concatenation would be copied whole again when the writer encodes it.
    const json = JSON.stringify(record, escapedValue);
    if (!first) yield ',';
    yield scriptSafe(json.slice(0, -1));
    yield `,"idle":${String(isIdle(record, head.generatedAt))}}`;
    first = false;
  }
  yield `]}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

/** The same text as {@link recordHtmlChunks}, as one string (small documents, tests). */
export function renderRecordHtml(document: RecordDocument | RecordDocumentStream): string {
  return [...recordHtmlChunks(document)].join('');
}

const PAGE_STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:1rem;color:#1b1b1b}
h1{font-size:1.3rem;margin:.2rem 0}.meta{color:#555;margin:.2rem 0 .8rem}
.gaps{background:#fff4e5;border:1px solid #f0b35b;padding:.5rem;margin:.5rem 0}
.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;margin:.6rem 0;position:sticky;top:0;background:#fff;padding:.4rem 0}
.filters input{flex:1 1 18rem;padding:.35rem}.count{font-weight:600}
.list{list-style:none;padding:0;margin:0}.identity{border:1px solid #ddd;border-radius:6px;margin:.4rem 0}
.row{display:grid;grid-template-columns:3.2rem 5.5rem 2.5rem 1fr 10rem 10rem 5rem;gap:.5rem;align-items:center;padding:.45rem .6rem;cursor:pointer;width:100%;text-align:left;background:none;border:0;font:inherit}
.row:hover{background:#f6f8fa}.name{font-weight:600;overflow-wrap:anywhere}.muted{color:#666}
.sev{border-radius:4px;padding:0 .3rem;text-align:center;font-size:.85em}.sev-critical{background:#7a0019;color:#fff}.sev-high{background:#c62828;color:#fff}
.sev-medium{background:#ef6c00;color:#fff}.sev-low{background:#f9d65c}.sev-info{background:#cfe3ff}.sev-none{background:#e8f5e9}
.details{padding:.2rem .8rem .8rem;border-top:1px solid #eee}
.chain{display:grid;grid-template-columns:1fr auto 1fr auto 1fr;gap:.5rem;align-items:start;margin:.5rem 0}
.chain>section{border:1px solid #ddd;border-radius:6px;padding:.4rem .6rem;background:#fafafa}.arrow{font-size:1.4rem;align-self:center}
.chain h3,.details h3{font-size:.95rem;margin:.1rem 0 .3rem}.chain ul{margin:0;padding-left:1.1rem}
table{border-collapse:collapse;width:100%;margin:.3rem 0}th,td{border-bottom:1px solid #eee;padding:.2rem .4rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
.finding{margin:.3rem 0}.fix{color:#1b5e20}.pager{margin:.8rem 0}
`;

/** The page's only script. Plain ES5-level DOM code; it reads the JSON blob and never uses innerHTML. */
const PAGE_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('mi-data').textContent);
  var all = data.identities;
  var PAGE = 50;
  var SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'];
  var KIND = { userAssignedIdentity: 'user-assigned', systemAssignedIdentity: 'system-assigned', application: 'app registration' };
  var page = 0;
  function byId(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function uniq(values) { return values.filter(function (v, i, a) { return v && a.indexOf(v) === i; }).sort(); }
  function addOptions(select, values) {
    values.forEach(function (value) { var option = el('option', null, value); option.value = value; select.appendChild(option); });
  }
  function subscriptionOf(r) { return r.subscriptionName || r.subscriptionId || ''; }
  function openFindings(r) { return r.findings.filter(function (f) { return f.status === 'open'; }); }
  addOptions(byId('f-subscription'), uniq(all.map(subscriptionOf)));
  addOptions(byId('f-category'), uniq([].concat.apply([], all.map(function (r) { return openFindings(r).map(function (f) { return f.category; }); }))));
  all.forEach(function (r) {
    r._search = [r.name, r.key, r.ids.armId, r.ids.principalId, r.ids.clientId, r.ids.applicationObjectId, subscriptionOf(r), r.resourceGroup]
      .concat(r.grants.map(function (g) { return g.summary; }))
      .concat(r.trust.map(function (t) { return t.issuer + ' ' + (t.subject || t.claimsMatchingExpression || ''); }))
      .concat(r.hosts.map(function (h) { return h.name; }))
      .concat(r.controllers.map(function (c) { return (c.displayName || c.id) + ' ' + c.via; }))
      .join('\\n').toLowerCase();
  });
  function matches(r, f) {
    if (f.kind && r.kind !== f.kind) return false;
    if (f.subscription && subscriptionOf(r) !== f.subscription) return false;
    var worst = r.risk.worstOpenSeverity;
    if (f.severity === 'none' && worst !== null) return false;
    if (f.severity && f.severity !== 'none' && (worst === null || SEVERITIES.indexOf(worst) < SEVERITIES.indexOf(f.severity))) return false;
    if (f.category && !openFindings(r).some(function (x) { return x.category === f.category; })) return false;
    if (f.federated && (r.trust.length > 0) !== (f.federated === 'yes')) return false;
    if (f.idle && r.idle !== (f.idle === 'yes')) return false;
    if (f.q && r._search.indexOf(f.q) < 0) return false;
    return true;
  }
  function filters() {
    return {
      q: byId('q').value.trim().toLowerCase(), kind: byId('f-kind').value, subscription: byId('f-subscription').value,
      severity: byId('f-severity').value, category: byId('f-category').value, federated: byId('f-federated').value, idle: byId('f-idle').value
    };
  }
  function list(items, empty) {
    if (items.length === 0) return el('p', 'muted', empty);
    var ul = el('ul');
    items.forEach(function (item) { ul.appendChild(el('li', null, item)); });
    return ul;
  }
  function section(title, body) { var s = el('section'); s.appendChild(el('h3', null, title)); s.appendChild(body); return s; }
  function table(headers, rows) {
    var t = el('table'); var head = el('tr');
    headers.forEach(function (h) { head.appendChild(el('th', null, h)); });
    t.appendChild(head);
    rows.forEach(function (cells) { var tr = el('tr'); cells.forEach(function (c) { tr.appendChild(el('td', null, c)); }); t.appendChild(tr); });
    return t;
  }
  function details(r) {
    var box = el('div', 'details');
    var chain = el('div', 'chain');
    var who = r.trust.map(function (t) { return t.whoCanMint + ' (' + t.provider + ' federated credential ' + t.name + ')'; })
      .concat(r.controllers.map(function (c) { return (c.displayName || c.id) + ': ' + c.capability + ' via ' + c.via; }));
    if (r.kind !== 'application') r.hosts.forEach(function (h) { who.push(/policyassignments$/i.test(h.type) ? 'remediation tasks of policy assignment ' + h.name : 'code running on ' + h.name + ' (' + h.type + ')'); });
    chain.appendChild(section('Who can become it', list(who, 'No federated credential, controller or host found.')));
    chain.appendChild(el('span', 'arrow', '→'));
    var identity = el('div');
    identity.appendChild(el('div', 'name', r.name));
    identity.appendChild(el('div', null, KIND[r.kind] + (r.environment ? ', ' + r.environment.label : '')));
    identity.appendChild(el('div', 'muted', r.ids.armId || r.ids.applicationObjectId || r.key));
    identity.appendChild(el('div', 'muted', 'principal ' + (r.ids.principalId || 'unknown') + ', client ' + (r.ids.clientId || 'unknown')));
    identity.appendChild(el('div', 'muted', 'last sign-in: ' + (r.activity.lastSignIn || 'unknown')));
    chain.appendChild(section('The identity', identity));
    chain.appendChild(el('span', 'arrow', '→'));
    chain.appendChild(section('What it can do', list(r.grants.map(function (g) { return (g.tier === null ? '' : 'T' + g.tier + ' ') + g.summary; }), 'No grant found.')));
    box.appendChild(chain);
    if (r.grants.length > 0) {
      box.appendChild(el('h3', null, 'Grants'));
      box.appendChild(table(['Kind', 'Grant', 'Tier', 'Scope', 'Detail'], r.grants.map(function (g) {
        if (g.kind === 'azureRole') return ['Azure role (' + g.roleType + ', ' + (g.plane === 'both' ? 'control and data' : g.plane) + ' plane)', g.roleName, 'T' + g.tier, g.scopeName + ' [' + g.scopeLevel + ']', (g.effectiveOn.length ? 'effective on ' + g.effectiveOn.map(function (s) { return s.name; }).join(', ') + '. ' : '') + (g.condition ? 'condition: ' + g.condition : '')];
        if (g.kind === 'keyVaultAccessPolicy') return ['Key Vault access policy', g.vaultName, 'T' + g.tier, g.vaultName, g.inert ? 'inert: the vault uses Azure RBAC' : g.summary];
        if (g.kind === 'graphPermission') return ['Graph application permission', g.permission, 'T' + g.tier, g.resourceName, ''];
        return ['Entra directory role', g.roleName, 'T' + g.tier, g.scopeName, g.privileged ? 'privileged role' : ''];
      })));
    }
    if (r.trust.length > 0) {
      box.appendChild(el('h3', null, 'Federated credentials'));
      box.appendChild(table(['Name', 'Issuer', 'Subject', 'Audiences', 'Who can mint a token'], r.trust.map(function (t) {
        var decoded = Object.keys(t.decodedSubject).map(function (k) { return k + '=' + t.decodedSubject[k]; }).join(', ');
        return [t.name, t.issuer, (t.subject || t.claimsMatchingExpression || '') + (decoded ? ' (' + decoded + ')' : ''), t.audiences.join(', '), 'B' + t.breadth + ': ' + t.whoCanMint];
      })));
    }
    box.appendChild(el('h3', null, 'Findings'));
    if (r.findings.length === 0) box.appendChild(el('p', 'muted', 'No finding.'));
    r.findings.forEach(function (f) {
      var item = el('div', 'finding');
      item.appendChild(el('span', 'sev sev-' + f.severity, f.severity));
      item.appendChild(document.createTextNode(' ' + f.ruleId + ' ' + f.rule + (f.status === 'open' ? '' : ' (' + f.status + ')') + ': ' + f.message));
      item.appendChild(el('div', 'fix', 'Fix: ' + f.remediation));
      box.appendChild(item);
    });
    if (r.notes.length > 0) { box.appendChild(el('h3', null, 'Notes')); box.appendChild(list(r.notes, '')); }
    return box;
  }
  function row(r) {
    var li = el('li', 'identity');
    li.setAttribute('data-key', r.key);
    var button = el('button', 'row');
    button.type = 'button';
    button.setAttribute('aria-expanded', 'false');
    var worst = r.risk.worstOpenSeverity;
    button.appendChild(el('span', 'muted', '#' + r.risk.rank));
    button.appendChild(el('span', 'sev sev-' + (worst || 'none'), worst || 'no finding'));
    button.appendChild(el('span', null, 'T' + r.risk.tier));
    button.appendChild(el('span', 'name', r.name));
    button.appendChild(el('span', 'muted', KIND[r.kind]));
    button.appendChild(el('span', 'muted', subscriptionOf(r)));
    button.appendChild(el('span', 'muted', r.grants.length + (r.grants.length === 1 ? ' grant' : ' grants')));
    var open = null;
    button.addEventListener('click', function () {
      if (open) { li.removeChild(open); open = null; button.setAttribute('aria-expanded', 'false'); return; }
      open = details(r);
      li.appendChild(open);
      button.setAttribute('aria-expanded', 'true');
    });
    li.appendChild(button);
    return li;
  }
  function render() {
    var f = filters();
    var shown = all.filter(function (r) { return matches(r, f); });
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    if (page >= pages) page = pages - 1;
    byId('count').textContent = shown.length + ' of ' + all.length + ' identities';
    var target = byId('list');
    while (target.firstChild) target.removeChild(target.firstChild);
    shown.slice(page * PAGE, page * PAGE + PAGE).forEach(function (r) { target.appendChild(row(r)); });
    byId('page').textContent = 'page ' + (page + 1) + ' of ' + pages;
    byId('prev').disabled = page === 0;
    byId('next').disabled = page >= pages - 1;
  }
  // 'change' also fires when the search box loses focus; re-rendering then would swallow the click that took it.
  var last = '';
  function refilter() {
    var signature = JSON.stringify(filters());
    if (signature === last) return;
    last = signature;
    page = 0;
    render();
  }
  byId('filters').addEventListener('input', refilter);
  byId('filters').addEventListener('change', refilter);
  byId('filters').addEventListener('submit', function (event) { event.preventDefault(); });
  byId('prev').addEventListener('click', function () { page -= 1; render(); window.scrollTo(0, 0); });
  byId('next').addEventListener('click', function () { page += 1; render(); window.scrollTo(0, 0); });
  last = JSON.stringify(filters());
  render();
})();
`;
