import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import type { RunFile } from '../../src/core/run-schema.js';
import { chromiumPath, openBrowser } from '../support/browser.js';
import { root, tmp } from '../support/helpers.js';
import { cliIn } from '../support/in-process.js';
import { PAYLOADS } from '../support/xss.js';

/**
 * A wide report in Chromium at a 1,400 px viewport: the personalized suite (6 top-level subsets,
 * 16 personas) with 14 models from two runs whose options differ, and a 12-model best-of-n
 * probe. The page itself must not scroll sideways (wide tables scroll in their own box), the
 * filter box and the type menu hide rows, and no payload in a model id or an option runs.
 */

const ADAPTERS = ['onnx', 'verifier', 'openai-judge', 'dpo', 'command'] as const;
const TYPE_OF: Record<string, string> = { onnx: 'classifier', verifier: 'verifier', 'openai-judge': 'generative judge', dpo: 'DPO', command: 'other' };

/** `run` with its models copied under new ids and adapters (results copied with them). */
function widen(run: RunFile, ids: readonly string[], adapters: readonly string[] = ADAPTERS): RunFile {
  const [model] = run.models;
  const models = ids.map((id, k) => ({ ...model!, id, adapter: adapters[k % adapters.length]!, baseline: false, fingerprint: `sha256:${k}-${id.length}` }));
  const results = ids.flatMap((id, k) => run.results.filter((r) => r.model === model!.id).map((r) => ({ ...r, model: id, value: (r.value + k / 50) % 1 })));
  return { ...run, models, results, examples: [] };
}

if (!chromiumPath() && !process.env.REWARDGAUGE_REQUIRE_BROWSER) {
  t.pass('browser test', { skip: 'no Chromium here (apt-get install chromium, or set CHROMIUM_PATH)' });
} else {
  t.test('a wide merged report at 1,400 px: no page-level sideways scroll, the filter works, no payload runs', async (t) => {
    const dir = tmp(t);
    const base = join(dir, 'base');
    const r = await cliIn(['run', '--suite', 'personalized', '--model', 'heuristic:length', '--out', base, '-q', '--no-cache', '--bootstrap', '20']);
    t.equal(r.code, 0, r.stderr);
    const run = JSON.parse(readFileSync(join(base, 'run.json'), 'utf8')) as RunFile;
    const ids = Array.from({ length: 7 }, (_, k) => `a-very-long-model-name-from-some-organisation-${k}`);
    const a = widen(run, [...ids, PAYLOADS[1]]);
    const b = widen(run, [...ids.map((id) => `${id}-k3`), PAYLOADS[5]], [...ADAPTERS].reverse());
    b.suites = [{ ...b.suites[0]!, options: { ...b.suites[0]!.options, profileK: PAYLOADS[0] } }];
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'a', 'run.json'), JSON.stringify(a));
    writeFileSync(join(dir, 'b', 'run.json'), JSON.stringify(b));
    const bon = await cliIn([
      'probe',
      'bon',
      '--pool',
      join(root, 'datasets', 'bon-pool.jsonl'),
      '-m',
      'heuristic:length',
      '--out',
      join(dir, 'bon'),
      '-q',
      '--no-cache',
      '--bootstrap',
      '20',
    ]);
    t.equal(bon.code, 0, bon.stderr);
    const bonRun = JSON.parse(readFileSync(join(dir, 'bon', 'run.json'), 'utf8')) as RunFile;
    writeFileSync(join(dir, 'bon', 'run.json'), JSON.stringify(widen(bonRun, [...ids, ...ids.slice(0, 4).map((id) => `${id}-b`), PAYLOADS[2]])));
    const page = join(dir, 'wide.html');
    const q = await cliIn(['report', join(dir, 'a'), join(dir, 'b'), join(dir, 'bon'), '--out', page]);
    t.equal(q.code, 0, q.stderr);
    t.match(q.stderr, /warning: suite "personalized" merges runs with different options \(a: profileK=10; b: profileK=<script>/, 'the terminal hears of it');

    const { context, close } = await openBrowser();
    t.teardown(close);
    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    tab.on('dialog', (d) => (problems.push(`dialog: ${d.message()}`), void d.dismiss()));
    await tab.setViewportSize({ width: 1400, height: 900 });
    await tab.goto(pathToFileURL(page).href);
    const width = () => tab.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]') as Promise<[number, number]>;
    // What sticks out past the window, outermost first, for the failure message.
    const culprits = () =>
      tab.evaluate(
        "[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth && !e.closest('.wide, figure')).slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')",
      );
    const [scroll, client] = await width();
    t.ok(scroll <= client, `the page is ${scroll} px wide in a ${client} px window ${await culprits()}`);
    await tab.evaluate("document.querySelectorAll('details').forEach((d) => d.setAttribute('open', ''))");
    const [open] = await width();
    t.ok(open <= client, `still ${open} px with every <details> open (the persona tables) ${await culprits()}`);
    t.equal(await tab.locator('details.facet').count(), 1, 'the persona breakdown is folded, once');
    t.equal(await tab.locator('.warnings.merge li').filter({ hasText: 'different options' }).count(), 1, 'the page warns of the mixed options');
    t.equal(await tab.locator('#leaderboard tbody .opt').filter({ hasText: PAYLOADS[0] }).count(), 8, 'run b’s rows show its (hostile) profileK as text');
    t.ok((await tab.locator('#downstream-0 svg g.curve_marks path').count()) >= 12, 'the best-of-n chart draws a panel per model');
    t.equal(await tab.locator('#downstream-0 p.verdict').count(), 12, 'one verdict line per probe model');

    const visible = async () => tab.locator('#leaderboard tbody tr:visible').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model')));
    t.equal((await visible()).length, 16);
    await tab.fill('#model-filter', 'ORGANISATION-3');
    t.same((await visible()).sort(), [ids[3], `${ids[3]}-k3`].sort(), 'typing hides the rows that do not match (case-insensitive)');
    t.equal(await tab.locator('#filter-count').innerText(), '2 of 16 models shown');
    await tab.fill('#model-filter', '');
    await tab.selectOption('#type-filter', 'verifier');
    const expected = [...a.models, ...b.models].filter((m) => TYPE_OF[m.adapter] === 'verifier').map((m) => m.id);
    t.same((await visible()).sort(), [...expected].sort(), 'the type menu keeps only verifiers');
    t.ok(expected.length >= 2);
    await tab.fill('#model-filter', '-k3');
    t.same(
      await visible(),
      expected.filter((id) => id.endsWith('-k3')),
      'both filters at once',
    );

    await tab.evaluate("document.querySelectorAll('details').forEach((d) => d.setAttribute('open', ''))");
    t.equal(await tab.evaluate('typeof window.__xss'), 'undefined', 'no payload ran');
    t.same(problems, []);
    mkdirSync(join(root, 'reports', 'test-artifacts'), { recursive: true });
    await tab.screenshot({ path: join(root, 'reports', 'test-artifacts', 'wide-report.png') });
  });
}
