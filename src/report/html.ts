import { createHash } from 'node:crypto';
import type { LoadedRun } from './board.js';
import { type Board } from './board.js';
import { CLIENT_SCRIPT } from './client.js';
import { html, raw, type Markup } from './escape.js';
import { leaderboardTable } from './html-leaderboard.js';
import { suiteSection } from './html-suite.js';
import { PAGE_STYLE } from './html-style.js';
import { DOWNSTREAM_SECTIONS } from './sections.js';

/**
 * The HTML report: one self-contained file (styles, charts as inline SVG, one constant
 * script), viewable from file:// with no network. Every value from run.json is escaped by the
 * `html` tag, and the Content-Security-Policy admits only our script, by hash: even markup
 * that slipped through could not run.
 */

const scriptHash = `sha256-${createHash('sha256').update(CLIENT_SCRIPT).digest('base64')}`;
export const CONTENT_SECURITY_POLICY = `default-src 'none'; script-src '${scriptHash}'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;

const short = (fingerprint: string): string => fingerprint.slice(0, 19);

function provenance(runs: readonly LoadedRun[]): Markup {
  return html`<section id="provenance"><h2>Provenance</h2>${runs.map(({ path, run }) => {
    const b = run.statistics.bootstrap;
    return html`<details open><summary>run <code>${path}</code></summary>
<dl class="facts"><dt>tool</dt><dd>${run.tool.name} ${run.tool.version}</dd><dt>date</dt><dd>${run.createdAt}</dd><dt>seed</dt><dd>${run.seed}</dd>
<dt>command</dt><dd><code>${run.command.join(' ') || '(library call)'}</code></dd>
<dt>statistics</dt><dd>${b.method} bootstrap, ${b.samples} resamples of whole prompts (${b.resample}), ${Math.round(b.level * 100)}% intervals, random stream v${b.stream ?? 1}</dd></dl>
<div class="wide"><table><thead><tr><th>model</th><th>spec</th><th>adapter</th><th>fingerprint</th><th>device</th></tr></thead><tbody>${run.models.map(
      (m) =>
        html`<tr><td>${m.id}${m.baseline ? html` <span class="tag">baseline</span>` : ''}</td><td><code>${m.spec}</code></td><td>${m.adapter}</td><td><code title="${m.fingerprint}">${short(m.fingerprint)}</code></td><td>${
          m.runtime
            ? html`${m.runtime.device.provider}${m.runtime.device.name ? html` (${m.runtime.device.name})` : ''}, ${m.runtime.dtype}`
            : 'cpu (in process)'
        }</td></tr>`,
    )}</tbody></table></div>
<div class="wide"><table><thead><tr><th>suite</th><th>version</th><th>items</th><th>data</th><th>options</th><th>dataset fingerprint</th></tr></thead><tbody>${run.suites.map(
      (s) =>
        html`<tr><td>${s.id}</td><td>${s.version}</td><td class="num">${s.items}</td><td><code>${s.data}</code> (${s.format})</td><td>${Object.entries(s.options).map(([k, v], i) => html`${i ? ', ' : ''}<code>${k}=${v}</code>`)}</td><td><code title="${s.dataset}">${short(s.dataset)}</code></td></tr>`,
    )}</tbody></table></div></details>`;
  })}</section>`;
}

/**
 * The runs' own warnings (suites, models), after the leaderboard as before. The merge's warnings
 * (options, seeds, data that differ between merged runs) go above it: they change how the table
 * reads, and a long list of per-model warnings must not push the table off the first screen.
 */
function warnings(board: Board): Markup {
  const all = board.runs.flatMap(({ run }) => [
    ...run.suites.flatMap((s) => s.warnings.map((w) => `${s.id}: ${w}`)),
    ...run.models.flatMap((m) => m.warnings.map((w) => `${m.id}: ${w}`)),
  ]);
  const unique = [...new Set(all)].filter((w) => !board.warnings.includes(w));
  return unique.length ? html`<section class="warnings"><h2>Warnings</h2><ul>${unique.map((w) => html`<li>${w}</li>`)}</ul></section>` : html``;
}

function mergeWarnings(board: Board): Markup {
  const unique = [...new Set(board.warnings)];
  return unique.length
    ? html`<section class="warnings merge"><h2>Merged runs: read with care</h2><ul>${unique.map((w) => html`<li>${w}</li>`)}</ul></section>`
    : html``;
}

/**
 * The leaderboard section. A probe, correlation or distance page has no suite columns: it opens
 * with its own sections, not with an empty "Leaderboard" heading.
 */
function leaderboard(board: Board): Markup {
  if (board.columns.length > 0) return html`<section><h2>Leaderboard</h2>${leaderboardTable(board)}</section>`;
  if (board.downstream.length > 0) return html``;
  return html`<section><h2>Leaderboard</h2><p class="note">No leaderboard: ${board.runs.length === 1 ? 'this run holds' : 'these runs hold'} no suites.</p></section>`;
}

export async function renderHtml(board: Board, o: { title?: string; generatedAt?: string } = {}): Promise<string> {
  const title = o.title ?? 'rewardgauge leaderboard';
  const sections: Markup[] = [];
  for (const [c, column] of board.columns.entries()) sections.push(await suiteSection(board, column, c));
  const nav = board.columns.map((col, c) => html`<a href="#suite-${c}">${col.label}</a>`);
  for (const [k, d] of board.downstream.entries()) {
    sections.push(await DOWNSTREAM_SECTIONS[d.kind].html(board, d, `downstream-${k}`));
    nav.push(html`<a href="#downstream-${k}">${DOWNSTREAM_SECTIONS[d.kind].label}</a>`);
  }
  const models = board.rows.filter((r) => !r.model.baseline).length;
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${raw(PAGE_STYLE)}</style></head>
<body><header><h1>${title}</h1><p class="meta">${board.columns.length ? html`${models} models and ${board.rows.length - models} trivial baselines on ${board.columns.length} suite${board.columns.length === 1 ? '' : 's'}, ` : ''}${
    board.downstream.length ? html`${board.downstream.length} probe and correlation section${board.downstream.length === 1 ? '' : 's'}, ` : ''
  }from ${board.runs.length} run${board.runs.length === 1 ? '' : 's'} · generated ${o.generatedAt ?? new Date().toISOString()}</p>
<nav>${board.columns.length ? html`<a href="#leaderboard">leaderboard</a> · ` : ''}${nav.map((a) => html`${a} · `)}<a href="#provenance">provenance</a></nav></header>
<main>${mergeWarnings(board)}${leaderboard(board)}${warnings(board)}${sections}${provenance(board.runs)}</main>
<script>${raw(CLIENT_SCRIPT)}</script></body></html>
`;
  return page.text;
}
