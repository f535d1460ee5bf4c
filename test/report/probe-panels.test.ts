import t, { type Test } from 'tap';
import { buildBoard, type LoadedRun } from '../../src/report/board.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { bonRun, HOSTILE_ID, ppoRun } from '../support/downstream-runs.js';

/** Probe sections with many models: one panel per model, and the verdict lines read from the gain rows. */

const ESCAPED = '&lt;img src=x onerror=alert(1)&gt;';
const page = async (runs: LoadedRun[]): Promise<string> => renderHtml(buildBoard(runs), { generatedAt: '2026-12-01T00:00:00Z' });
const section = (p: string, id: string): string => {
  const start = p.indexOf(`<section class="`, p.indexOf(`id="${id}"`) - 40);
  return p.slice(start, p.indexOf('</section>', start));
};
/** Paths inside the SVG groups of one named Vega-Lite layer (`curve` → class `curve_marks`), summed over every panel. */
const pathsIn = (svg: string, layer: string): number =>
  [...svg.matchAll(new RegExp(`<g class="mark-[a-z]+ role-mark ${layer}_marks"[^>]*>(.*?)</g>`, 'g'))].reduce(
    (s, m) => s + (m[1]!.match(/<path/g)?.length ?? 0),
    0,
  );
const noHostileMarkup = (t: Test, html: string): void => {
  t.notMatch(html, /<img/i, 'no img element anywhere');
  t.ok(html.includes(ESCAPED), 'the hostile id shows escaped');
};

t.test('more than four probe models: one panel per model; verdict lines from the gain rows', async (t) => {
  const models = ['m1', 'm2', 'm3', 'm4', 'm5', HOSTILE_ID];
  const run = bonRun(models);
  // gain at n=8, by hand: m1's interval above 0, m2's below, m3's touching 0; the others have none.
  const gain = (model: string, ci: [number, number]) => ({
    model,
    suite: 'bon',
    subset: 'n=8',
    metric: 'gain',
    value: (ci[0] + ci[1]) / 2,
    ci,
    n: 200,
    higherIsBetter: true,
  });
  run.results.push(gain('m1', [0.05, 0.19]), gain('m2', [-0.15, -0.01]), gain('m3', [0, 0.1]));
  const s = section(await page([{ path: 'runs/bon', run }]), 'downstream-0');
  t.equal(s.match(/<svg/g)?.length, 1, 'one chart');
  t.equal(pathsIn(s, 'curve'), 6, 'a line per model');
  t.match(s, /One panel per model\./);
  t.same(
    [...s.matchAll(/<p class="verdict (\w+)">([^<]*)<\/p>/g)].map((m) => [m[1], m[2]]),
    [
      ['better', 'm1 picks better than random at n=8: gold +0.120 [0.050, 0.190]'],
      ['worse', 'm2 picks worse than random at n=8: gold -0.080 [-0.150, -0.010]'],
      ['unclear', 'm3 picks no better or worse than random (the interval includes 0) at n=8: gold +0.050 [0.000, 0.100]'],
    ],
  );
  const md = renderMarkdown(buildBoard([{ path: 'runs/bon', run }]));
  t.match(md, '- m1 picks better than random at n=8: gold +0.120 \\[0.050, 0.190\\]', 'in Markdown too (brackets escaped)');
  noHostileMarkup(t, s);
});

t.test('PPO with more than four models: gold and proxy in one panel per model, proxy on each panel’s own y scale', async (t) => {
  const models = ['p1', 'p2', 'p3', 'p4', HOSTILE_ID];
  const s = section(await page([{ path: 'runs/ppo', run: ppoRun(models) }]), 'downstream-0');
  const svgs = s.split('<svg').slice(1);
  t.equal(svgs.length, 2, 'gold and proxy');
  // Train lines for all five models, held-out lines for all but the last (ppoRun's contract).
  for (const svg of svgs) t.equal(pathsIn(svg, 'curve'), 5 + 4, 'one line per model and split');
  t.match(s, 'One panel per model, each on its own y scale.', 'the proxy caption says so');
  noHostileMarkup(t, s);
});
