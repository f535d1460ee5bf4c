import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { RunFileSchema } from '../../src/core/run-schema.js';
import { validateAt } from '../../src/core/validate.js';
import { buildBoard, type LoadedRun } from '../../src/report/board.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { BENCHMARKS, bonRun, correlationRun, HOSTILE_ID, OUTCOME, ppoRun } from '../support/downstream-runs.js';
import { cli, root, tmp } from '../support/helpers.js';
import { syntheticRun } from '../support/runs.js';

/** Probe and correlation runs: sections of their own, never leaderboard columns, every text escaped (in tables and in SVG). */

const ESCAPED = '&lt;img src=x onerror=alert(1)&gt;';
const page = async (runs: LoadedRun[]): Promise<string> => renderHtml(buildBoard(runs), { generatedAt: '2026-12-01T00:00:00Z' });
/** The HTML of the section with this id. */
const section = (p: string, id: string): string => {
  const start = p.indexOf(`<section class="`, p.indexOf(`id="${id}"`) - 40);
  return p.slice(start, p.indexOf('</section>', start));
};
/** Paths inside the SVG groups of one named Vega-Lite layer (`curve` → class `curve_marks`): one per drawn line. */
const pathsIn = (svg: string, layer: string): number =>
  [...svg.matchAll(new RegExp(`<g class="mark-[a-z]+ role-mark ${layer}_marks"[^>]*>(.*?)</g>`, 'g'))].reduce(
    (s, m) => s + (m[1]!.match(/<path/g)?.length ?? 0),
    0,
  );
const symbolsIn = (svg: string, layer: string): number =>
  [...svg.matchAll(new RegExp(`<g class="mark-symbol role-mark ${layer}_marks"[^>]*>(.*?)</g>`, 'g'))].reduce(
    (s, m) => s + (m[1]!.match(/<path/g)?.length ?? 0),
    0,
  );
const noHostileMarkup = (t: Test, html: string): void => {
  t.notMatch(html, /<img/i, 'no img element anywhere');
  t.ok(html.includes(ESCAPED), 'the hostile id shows escaped');
};

t.test('the hand-written runs are valid run.json', async (t) => {
  for (const run of [bonRun(), ppoRun(), correlationRun()]) t.doesNotThrow(() => validateAt(RunFileSchema, run, { file: `${run.suites[0]!.id}.json` }));
});

t.test('the leaderboard leaves probe and correlation suites out of its columns, rows and overall', async (t) => {
  const bench = syntheticRun({ models: ['alpha', 'beta'], suites: [{ id: 'pairwise' }, { id: 'rewardmath' }] });
  const mixed = bonRun(['alpha', 'stray']);
  mixed.suites.push(...bench.suites);
  mixed.results.push(...bench.results.map((r) => ({ ...r, model: 'alpha' })));
  const runs = [
    { path: 'bench', run: bench },
    { path: 'bon', run: bonRun() },
    { path: 'ppo', run: ppoRun() },
    { path: 'corr', run: correlationRun() },
  ];
  const board = buildBoard(runs, { bon: 2 });
  t.same(
    board.columns.map((c) => c.label),
    ['pairwise', 'rewardmath'],
  );
  t.same(
    board.weights.map((w) => w.weight),
    [1, 1],
    'the overall weighs the two benchmarks only',
  );
  t.same(
    board.rows.map((r) => r.label),
    ['alpha', 'beta'],
    'probe-only runs add no rows of dashes',
  );
  t.same(
    board.downstream.map((d) => [d.kind, d.run]),
    [
      ['bon', 1],
      ['ppo', 2],
      ['correlation', 3],
    ],
  );
  t.match(board.warnings, [/"bon", a probe or correlation/]);
  const html = await page(runs);
  const head = html.slice(html.indexOf('<table class="sortable board"'), html.indexOf('</thead>', html.indexOf('<table class="sortable board"')));
  t.notMatch(head, /bon|ppo|correlation/, 'no such leaderboard column');
  t.match(html, /<a href="#downstream-0">best-of-n probe<\/a> · <a href="#downstream-1">PPO probe<\/a> · <a href="#downstream-2">correlation<\/a>/);
  // A run with both kinds: its benchmark suites are columns, its bon suite a section.
  const both = buildBoard([{ path: 'mixed', run: mixed }]);
  t.same([both.columns.map((c) => c.label), both.downstream.map((d) => d.kind)], [['pairwise', 'rewardmath'], ['bon']]);
  const md = renderMarkdown(buildBoard(runs));
  t.notMatch(
    md.split('\n').find((l) => l.startsWith('| #'))!,
    /bon|ppo|correlation/,
    'nor a Markdown column',
  );
  t.match(md, '#### Best-of-n');
  t.match(md, '#### PPO');
  t.match(
    md,
    /#### Correlation with bon:gold@n=16[^\n]*\n\n[^\n]*\n[^\n]*\n\| rewardmath:pair\\_accuracy@all \| 0\.800/,
    'Markdown correlation rows sorted by τ-b',
  );
});

t.test('best-of-n section: gold against √KL with one line per model, reference curves, tables, fit', async (t) => {
  const html = await page([{ path: 'runs/bon', run: bonRun() }]);
  const s = section(html, 'downstream-0');
  t.match(s, '<h2>Best-of-n probe</h2>');
  t.equal(s.match(/<svg/g)?.length, 1, 'one chart');
  t.match(s, 'd = √KL_bon', 'the x axis title');
  t.equal(pathsIn(s, 'curve'), 3, 'one line per model');
  t.equal(pathsIn(s, 'reference'), 2, 'oracle and random pick');
  t.match(s, /<g class="mark-area role-mark band[^"]*"/, 'CI bands');
  for (const n of [1, 2, 4, 8]) t.match(s, `>n=${n}</text>`, `n=${n} marked on the chart`);
  // alpha at n=8: 0.3 + 0.01·3 − 0.032 = 0.298 [0.288, 0.308]; d(8) = √(ln 8 − 7/8) = 1.097.
  t.match(s, '<td class="num" data-v="8">8</td><td class="num" data-v="1.0974');
  t.match(s, '>0.298<span class="ci">[0.288, 0.308] <span class="n">n=200</span></span>');
  t.match(s, '>0.012<span class="ci">', 'fit α of alpha');
  t.match(s, '>0.789<span class="ci">', 'its peak');
  t.equal(s.match(/>no peak</g)?.length, 2, 'the other two have none');
  noHostileMarkup(t, s);
  t.match(s, /<text[^>]*>&lt;img src=x on[^<]*<\/text>/, 'escaped inside the SVG legend too');
});

t.test('PPO section: gold and proxy charts, train solid and held-out dashed, checkpoints, fits with gaps', async (t) => {
  const html = await page([{ path: 'runs/ppo', run: ppoRun() }]);
  const s = section(html, 'downstream-0');
  t.match(s, '<h2>PPO probe</h2>');
  const svgs = s.split('<svg').slice(1);
  t.equal(svgs.length, 2, 'gold and proxy');
  t.equal(pathsIn(svgs[0]!, 'curve'), 3, 'gold: alpha train and held-out, the second model train only');
  t.equal(pathsIn(svgs[1]!, 'curve'), 3, 'proxy: the same lines');
  t.match(svgs[0]!, 'held-out', 'the dash legend names the split');
  t.match(s, 'on each reward model’s own scale', 'the proxy caption says the scales differ');
  // alpha at step 200: d = √(0.5·4) = 1.414, gold 0.5, proxy 30; held-out d = √2.4 = 1.549.
  t.match(s, /data-v="200">200<\/td><td class="num" data-v="1\.414[0-9]*">1\.414<\/td><td class="num" data-v="0\.5">0\.500<span class="ci">/);
  t.match(s, '<td class="num" data-v="30">30<span class="ci">');
  t.match(s, '>1.549</td>');
  t.match(s, '>0.235<span class="ci">', 'fit α');
  t.match(s, '>0.111<span class="ci">', 'held-out fit α');
  t.equal(s.match(/>no peak</g)?.length, 1, 'held-out peak absent: said so, not left blank');
  t.equal(s.match(/<td>held-out<\/td>/g)?.length, 1, 'the second model has no held-out fit row');
  noHostileMarkup(t, s);
});

t.test('correlation section: sorted by Kendall τ-b, best highlighted, LOO range, a scatter per benchmark', async (t) => {
  const html = await page([{ path: 'runs/corr', run: correlationRun() }]);
  const s = section(html, 'downstream-0');
  t.match(s, `<h2>Correlation with <code>${OUTCOME}</code></h2>`);
  const table = s.slice(s.indexOf('<table class="sortable correlation"'), s.indexOf('</table>'));
  const order = [...table.matchAll(/<th scope="row" data-v="([^"]*)"/g)].map((m) => m[1]);
  t.same(order, ['rewardmath:pair_accuracy@all', 'contrast:full_consistency@all', 'pairwise:accuracy@all'], 'highest τ-b first');
  t.equal(table.match(/<tr class="best">/g)?.length, 1);
  t.match(table, '<tr class="best"><th scope="row" data-v="rewardmath:pair_accuracy@all">');
  t.match(table, /Kendall τ-b.*Spearman ρ.*Pearson r.*NDCG.*RBO/, 'every coefficient, τ-b first');
  t.match(
    table,
    '>0.800<span class="ci">[0.500, 1.100] <span class="n">n=4</span></span><span class="loo" title="leave-one-model-out range">LOO 0.479 … 0.923</span>',
  );
  t.match(table, '>0.870<span class="ci">', 'Pearson of the best');
  const svgs = s.split('<svg').slice(1);
  t.equal(svgs.length, Object.keys(BENCHMARKS).length, 'one scatter per benchmark');
  for (const svg of svgs) t.equal(symbolsIn(svg, 'dot'), 4, 'a point per model');
  t.match(svgs[0]!, /<text[^>]*>&lt;img src=x on[^<]*<\/text>/, 'point labels escaped in the SVG');
  t.match(s, 'Kendall τ-b without: 0.300', 'per-model influence');
  noHostileMarkup(t, s);
});

t.test('a report of only a probe run opens with its section, not an empty Leaderboard heading', async (t) => {
  const html = await page([{ path: 'runs/bon', run: bonRun() }]);
  t.notMatch(html, 'id="leaderboard"', 'no empty leaderboard table');
  t.notMatch(html, '<h2>Leaderboard</h2>', 'no Leaderboard heading');
  t.match(html, '<p class="meta">1 probe and correlation section, from 1 run');
  t.match(html, /<nav><a href="#downstream-0">best-of-n probe<\/a> · <a href="#provenance">/);
  t.match(html, /<main><section class="probe" id="downstream-0"><h2>Best-of-n probe<\/h2>/, 'the probe section comes first');
  const md = renderMarkdown(buildBoard([{ path: 'runs/bon', run: bonRun() }]));
  t.match(md, 'No leaderboard');
  t.match(md, '| 8 | 1.097 | 0.298 [0.288, 0.308] |');
  t.match(md, `Peak d* of gold − gold(1) = d(α − βd): alpha 0.789, beta none, &lt;img src=x onerror=alert(1)&gt; none.`);
});

t.test('rewardgauge probe bon writes index.html beside run.json', async (t) => {
  const dir = tmp(t);
  const out = join(dir, 'bon');
  const r = cli([
    'probe',
    'bon',
    '--pool',
    join(root, 'datasets', 'bon-pool.jsonl'),
    '-m',
    'heuristic:length',
    '-m',
    `heuristic:random?id=${HOSTILE_ID}`,
    '--out',
    out,
    '-q',
    '--no-cache',
    '--bootstrap',
    '50',
  ]);
  t.equal(r.code, 0, r.stderr);
  t.ok(existsSync(join(out, 'run.json')));
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  t.match(html, '<title>rewardgauge probe bon</title>');
  t.equal(pathsIn(section(html, 'downstream-0'), 'curve'), 2, 'a line per model');
  noHostileMarkup(t, html);
});

t.test('correlation section: a τ-b that rests on one model is not marked best', async (t) => {
  // Drop gamma's rewardmath τ-b-without row: without gamma, that τ-b was undefined, so it rests on gamma.
  const run = correlationRun();
  run.results = run.results.filter((r) => !(r.model === 'gamma' && r.subset === 'rewardmath:pair_accuracy@all' && r.metric === 'kendall_tau_b_without'));
  const s = section(await page([{ path: 'runs/corr', run }]), 'downstream-0');
  const table = s.slice(s.indexOf('<table class="sortable correlation"'), s.indexOf('</table>'));
  t.match(table, '<tr class="best"><th scope="row" data-v="contrast:full_consistency@all">', 'the next highest τ-b, which rests on no single model');
  t.equal(table.match(/<tr class="best">/g)?.length, 1);
  t.match(
    table,
    'data-v="rewardmath:pair_accuracy@all"><code>rewardmath:pair_accuracy@all</code> <span class="tag" title="τ-b is undefined without these models: the others tie">rests on gamma</span>',
    'and says why',
  );
});

t.test('the correlation section calls a benchmark best only when its Kendall τ-b interval lies above 0, as correlate does', async (t) => {
  // downstream-runs.ts: τ-b 0.8 ± 0.3 (rewardmath), 0.5 ± 0.3 (contrast), 0.2 ± 0.3 (pairwise).
  const bestOf = (html: string) => /<code>([^<]+)<\/code> <span class="tag best">best τ-b<\/span>/.exec(html)?.[1];
  t.equal(bestOf(await page([{ path: 'runs/corr', run: correlationRun() }])), 'rewardmath:pair_accuracy@all', 'the highest τ-b, [0.5, 1.1]');
  // Widen rewardmath's interval to reach 0: the next one whose interval is above 0 is best.
  const widen = (run: ReturnType<typeof correlationRun>, benchmarks: string[]) => ({
    ...run,
    results: run.results.map((r) => (r.metric === 'kendall_tau_b' && benchmarks.includes(r.subset) ? { ...r, ci: [-0.1, r.ci[1]] as [number, number] } : r)),
  });
  t.equal(bestOf(await page([{ path: 'runs/corr', run: widen(correlationRun(), ['rewardmath:pair_accuracy@all']) }])), 'contrast:full_consistency@all');
  const none = await page([{ path: 'runs/corr', run: widen(correlationRun(), ['rewardmath:pair_accuracy@all', 'contrast:full_consistency@all']) }]);
  t.equal(bestOf(none), undefined, 'pairwise, [−0.1, 0.5], is not called best');
  t.match(none, /No benchmark's Kendall τ-b interval lies above 0/);
});
