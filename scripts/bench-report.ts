/**
 * How fast the HTML report builds and renders at leaderboard scale, and how big it gets.
 *
 *   npm run bench:report [-- --models 50 --suites 10 --reps 5]
 *
 * Workload: one synthetic run of `--models` models (two of them trivial baselines) × `--suites`
 * suites, each with 4 subsets and 5 most-wrong items per (model, suite) drawn from 60 hard items
 * with 600-character texts. Build: buildBoard + renderHtml from the built library (dist/), the
 * first one cold (Vega imported), then the median of `--reps`. Browser: Chromium opening the
 * file from file://, the median over `--reps` of navigation start → load event, and of one
 * click sorting the leaderboard. The last line printed is a JSON object.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildBoard } from '../dist/report/board.js';
import { renderHtml } from '../dist/report/html.js';
import { chromiumPath, openBrowser } from '../test/support/browser.js';
import { syntheticRun } from '../test/support/runs.js';

const arg = (name: string, fallback: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1]! : fallback);
const nModels = Number(arg('--models', '50'));
const nSuites = Number(arg('--suites', '10'));
const reps = Number(arg('--reps', '5'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const models = Array.from({ length: nModels }, (_, i) => `model-${i}`);
const suites = Array.from({ length: nSuites }, (_, i) => ({ id: `suite-${i}`, subsets: ['a', 'b', 'c', 'd'], items: 500 }));
const run = syntheticRun({ models, suites, baselines: models.slice(0, 2), examples: 5, textLength: 600, hardItems: 60 });
const runs = [{ path: 'runs/bench', run }];

const time = async <T>(f: () => Promise<T>): Promise<[number, T]> => {
  const t0 = performance.now();
  const out = await f();
  return [(performance.now() - t0) / 1000, out];
};
const [coldSeconds, page] = await time(() => renderHtml(buildBoard(runs)));
const warm: number[] = [];
for (let r = 0; r < reps; r++) warm.push((await time(() => renderHtml(buildBoard(runs))))[0]);
const file = join(tmpdir(), `rg-bench-report-${process.pid}.html`);
writeFileSync(file, page);
console.log(
  `built ${nModels} × ${nSuites}: ${(Buffer.byteLength(page) / 1e6).toFixed(2)} MB, cold ${coldSeconds.toFixed(2)} s, warm median ${median(warm).toFixed(2)} s`,
);

let browser: { loadSeconds: number; sortSeconds: number; chromium: string } | null = null;
if (chromiumPath()) {
  const { context, close } = await openBrowser();
  const loads: number[] = [];
  const sorts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const tab = await context.newPage();
    await tab.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    // Page-side code as strings: it runs in the browser, not under this script's (DOM-less) types.
    loads.push(Number(await tab.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd / 1000")));
    sorts.push(
      Number(
        await tab.evaluate(
          "(() => { const t0 = performance.now(); document.querySelector('#leaderboard thead th:nth-child(4) button').click(); return (performance.now() - t0) / 1000; })()",
        ),
      ),
    );
    await tab.close();
  }
  browser = { loadSeconds: median(loads), sortSeconds: median(sorts), chromium: context.browser()?.version() ?? 'unknown' };
  await close();
  console.log(
    `Chromium ${browser.chromium}: load ${browser.loadSeconds.toFixed(2)} s, sort ${(browser.sortSeconds * 1000).toFixed(1)} ms (medians of ${reps})`,
  );
} else console.log('no Chromium: browser timings skipped');
console.log(
  JSON.stringify({ models: nModels, suites: nSuites, bytes: Buffer.byteLength(page), buildColdSeconds: coldSeconds, buildWarmSeconds: median(warm), browser }),
);
