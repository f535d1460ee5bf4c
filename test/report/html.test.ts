import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { buildBoard } from '../../src/report/board.js';
import { CLIENT_SCRIPT } from '../../src/report/client.js';
import { CONTENT_SECURITY_POLICY, renderHtml } from '../../src/report/html.js';
import { escapeHtml } from '../../src/report/escape.js';
import { tmp } from '../support/helpers.js';
import { cliIn } from '../support/in-process.js';
import { syntheticRun } from '../support/runs.js';
import { PAYLOADS, writeXssRun } from '../support/xss.js';

/**
 * Every opening tag in the page with its attribute values blanked: a value cannot hold a raw
 * `"` (it would be &quot;), so what remains are the attribute names the browser will see.
 */
const rawTags = (page: string): string[] => page.match(/<[a-zA-Z][^>]*>/g) ?? [];
const tags = (page: string): string[] => rawTags(page).map((tag) => tag.replace(/"[^"]*"/g, '""'));

t.test('a run on hostile data: every payload shows as text, no markup from data', async (t) => {
  const dir = tmp(t);
  const { config } = writeXssRun(dir);
  const r = await cliIn(['run', '--config', config, '--out', join(dir, 'run'), '-q']);
  t.equal(r.code, 0, r.stderr);
  const page = readFileSync(join(dir, 'run', 'index.html'), 'utf8');
  t.equal(page.match(/<script/g)?.length, 1, 'one script element: ours');
  t.ok(page.includes(`<script>${CLIENT_SCRIPT}</script>`), 'and it is the constant client script');
  t.same(
    tags(page).filter((tag) => /\son[a-z]+\s*=/i.test(tag)),
    [],
    'no tag carries an event handler',
  );
  t.same(
    tags(page).filter((tag) => /^<(iframe|img|textarea|object|embed|form|base)\b/i.test(tag)),
    [],
    'no iframe, img, textarea, object, form or base',
  );
  const hrefs = rawTags(page).flatMap((tag) => [...tag.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]!));
  t.ok(hrefs.length > 10, 'links exist (navigation, drill-down)');
  t.same(
    hrefs.filter((h) => !/^#[a-z0-9-]+$/.test(h)),
    [],
    'every link is an in-page anchor of our own making',
  );
  // Escaped by hand here, not with the code under test.
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  for (const p of PAYLOADS) t.ok(page.includes(p.replace(/[&<>"']/g, (c) => entities[c]!)), `shown escaped: ${p}`);
});

t.test('the Content-Security-Policy admits exactly the client script, by its hash', async (t) => {
  const hash = createHash('sha256').update(CLIENT_SCRIPT).digest('base64');
  t.match(CONTENT_SECURITY_POLICY, `script-src 'sha256-${hash}'`);
  t.match(CONTENT_SECURITY_POLICY, "default-src 'none'");
  t.notMatch(CONTENT_SECURITY_POLICY, /unsafe-eval|script-src[^;]*unsafe-inline/);
  const page = await renderHtml(buildBoard([{ path: 'a', run: syntheticRun({ models: ['m'], suites: [{ id: 's' }] }) }]));
  t.ok(page.includes(`content="${escapeHtml(CONTENT_SECURITY_POLICY)}"`), 'the page carries the policy');
  t.notMatch(page, /https?:\/\/(?!www\.w3\.org\/)/, 'nothing is loaded from the network (only SVG namespace URIs)');
});

t.test('50 models × 10 suites with subsets and drill-down stays under 5 MB, one chart per suite', async (t) => {
  const models = Array.from({ length: 50 }, (_, i) => `model-${i}`);
  const suites = Array.from({ length: 10 }, (_, i) => ({ id: `suite-${i}`, subsets: ['a', 'b', 'c', 'd'], items: 500 }));
  const run = syntheticRun({ models, suites, baselines: ['model-0', 'model-1'], examples: 5, textLength: 600, hardItems: 60 });
  const page = await renderHtml(buildBoard([{ path: 'runs/big', run }]));
  const bytes = Buffer.byteLength(page);
  t.ok(bytes < 5 * 1024 * 1024, `${(bytes / 1024 / 1024).toFixed(2)} MB`);
  t.equal(page.match(/<svg/g)?.length, 10);
  t.equal(page.match(/<tr class="baseline"[ >]/g)?.length, 2 * (1 + 10 * 2), 'baselines marked in the leaderboard and in each suite’s two tables');
});

t.test('run.json files from before metrics and examples were recorded still make a page', async (t) => {
  const run = syntheticRun({ models: ['m', 'n'], suites: [{ id: 's' }, { id: 'u' }], examples: 2 });
  delete run.examples;
  for (const s of run.suites) delete s.metrics;
  const page = await renderHtml(buildBoard([{ path: 'old', run }]));
  t.match(page, '<span class="model">m</span>');
  t.notMatch(page, 'Most-wrong items', 'no drill-down without examples');
  t.equal(page.match(/<svg/g)?.length, 2);
});

t.test('confounded subsets are tagged in the subset table and explained; Markdown says so too', async (t) => {
  const run = syntheticRun({ models: ['m'], suites: [{ id: 's', subsets: ['long', 'short'] }] });
  run.suites[0]!.confounding = {
    baseline: 'heuristic:length',
    metric: 'accuracy',
    threshold: 0.7,
    subsets: [
      { subset: 'all', value: 0.5, n: 100, confounded: false },
      { subset: 'long', value: 0.95, n: 50, confounded: true },
      { subset: 'short', value: 0.05, n: 50, confounded: false },
    ],
  };
  const board = buildBoard([{ path: 'a', run }]);
  const page = await renderHtml(board);
  t.equal(page.match(/class="tag confounded"/g)?.length, 1, 'one tag: on "long" (the whole suite is not confounded)');
  t.match(page, />long <span class="tag confounded" title="heuristic:length scores 0.950 here \(above 0.7\)">/);
  t.match(page, /Confounded: on <code>long<\/code> \(0.950\)/);
  const { renderMarkdown } = await import('../../src/report/markdown.js');
  t.match(renderMarkdown(board), '> **confounded:** s: long (length baseline 0.950)');
});

t.test('--overall all: a model lacking a suite is averaged over the rest and tagged; the rule is under the table', async (t) => {
  const run = syntheticRun({ models: ['m', 'n'], suites: [{ id: 's' }, { id: 'u' }] });
  run.results = run.results.filter((r) => !(r.model === 'n' && r.suite === 'u'));
  const page = await renderHtml(buildBoard([{ path: 'a', run }], {}, { overall: 'all' }));
  t.equal(page.match(/<span class="tag partial"[^>]*>1 of 2 suites<\/span>/g)?.length, 1, 'n only');
  t.match(page, 'Overall = weighted mean of primary metrics over the suites each model has (--overall all), weights s 0.5, u 0.5');
  const common = await renderHtml(buildBoard([{ path: 'a', run }]));
  t.notMatch(common, 'tag partial');
  t.match(common, 'left out: u (not every model has it (missing: n))');
});
