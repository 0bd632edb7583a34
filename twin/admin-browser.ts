import type { IndexSpec } from './database';
import type { InvocationRecord } from './functions/invocation-log';
import type { TimerInfo } from './functions/triggers';
import type { OutboxItem } from './outbox';

// Plain server-rendered HTML with escaping: one read-only page does not warrant a template engine.
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const json = (v: unknown) => `<pre>${esc(JSON.stringify(v, null, 2) ?? 'undefined')}</pre>`;

export interface BrowserPage {
  env: string;
  collections: { name: string; count: number; indexes: IndexSpec[] }[];
  selected?: { name: string; skip: number; limit: number; documents: unknown[]; total: number };
  outbox: OutboxItem[];
  invocations: InvocationRecord[];
  timers: TimerInfo[];
  functions: string[];
}

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1.5rem}
td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}pre{margin:0;max-width:70rem;overflow:auto;font-size:12px}
h2{margin-top:2rem}a{color:#0645ad}.muted{color:#777}</style></head><body>${body}</body></html>`;
}

/** The read-only data browser at `/_twin/`. */
export function renderBrowser(p: BrowserPage): string {
  const parts: string[] = [`<h1>CloudBase twin <span class="muted">env ${esc(p.env)}</span></h1>`];
  parts.push('<h2>Collections</h2><table><tr><th>name</th><th>documents</th><th>indexes</th></tr>');
  for (const c of p.collections) {
    const idx = c.indexes.map((i) => `${esc(i.name)} ${esc(JSON.stringify(i.keys))}${i.unique ? ' unique' : ''}`).join('<br>');
    parts.push(`<tr><td><a href="?collection=${encodeURIComponent(c.name)}">${esc(c.name)}</a></td><td>${c.count}</td><td>${idx}</td></tr>`);
  }
  parts.push('</table>');
  if (p.selected) {
    const { name, skip, limit, documents, total } = p.selected;
    const nav: string[] = [];
    if (skip > 0) nav.push(`<a href="?collection=${encodeURIComponent(name)}&skip=${Math.max(0, skip - limit)}">previous</a>`);
    if (skip + limit < total) nav.push(`<a href="?collection=${encodeURIComponent(name)}&skip=${skip + limit}">next</a>`);
    parts.push(`<h2>${esc(name)} <span class="muted">${skip + 1}–${skip + documents.length} of ${total}</span></h2><p>${nav.join(' · ')}</p>`);
    parts.push(`<table>${documents.map((d) => `<tr><td>${json(d)}</td></tr>`).join('')}</table>`);
  }
  parts.push(`<h2>Outbox <span class="muted">${p.outbox.length}</span></h2><table><tr><th>at</th><th>api</th><th>payload</th><th>result</th></tr>`);
  for (const o of p.outbox.slice().reverse().slice(0, 100)) {
    parts.push(`<tr><td>${esc(o.at)}</td><td>${esc(o.apiName)}</td><td>${json(o.payload)}</td><td>${json(o.result)}</td></tr>`);
  }
  parts.push('</table>');
  parts.push(`<h2>Functions</h2><p>${p.functions.map(esc).join(', ') || '<span class="muted">none built</span>'}</p>`);
  if (p.timers.length) {
    parts.push('<table><tr><th>function</th><th>timer</th><th>cron (UTC+8)</th><th>next run</th></tr>');
    for (const t of p.timers) parts.push(`<tr><td>${esc(t.functionName)}</td><td>${esc(t.trigger)}</td><td>${esc(t.config)}</td><td>${esc(t.nextRun ?? '')}</td></tr>`);
    parts.push('</table>');
  }
  parts.push('<h2>Recent invocations</h2><table><tr><th>started</th><th>function</th><th>status</th><th>ms</th><th>source / openid</th><th>logs</th></tr>');
  for (const r of p.invocations.slice(0, 50)) {
    const logs = r.logs.map((l) => `${l.level}: ${l.text}`).join('\n') + (r.error ? `\n${r.error.code}: ${r.error.message}` : '');
    parts.push(
      `<tr><td>${esc(r.startedAt)}</td><td>${esc(r.functionName)}${r.trigger ? ` (timer ${esc(r.trigger)})` : ''}</td><td>${r.status}</td>` +
        `<td>${r.durationMs ?? ''}</td><td>${esc(r.source)} ${esc(r.openId)}</td><td><pre>${esc(logs)}</pre></td></tr>`,
    );
  }
  parts.push('</table>');
  return layout(`twin ${p.env}`, parts.join('\n'));
}
