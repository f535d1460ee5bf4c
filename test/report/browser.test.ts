import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import type { RunFile } from '../../src/core/run-schema.js';
import { chromiumPath, openBrowser } from '../support/browser.js';
import { correlationRun, HOSTILE_ID, ppoRun } from '../support/downstream-runs.js';
import { root, tmp } from '../support/helpers.js';
import { cliIn } from '../support/in-process.js';
import { PAYLOADS, writeXssRun } from '../support/xss.js';

/**
 * The report in a real browser, from file://: it renders, sorting reorders rows, and no
 * script from the data runs (each payload would set window.__xss). Without Chromium the test
 * skips, except where REWARDGAUGE_REQUIRE_BROWSER is set (.ci/run sets it).
 */
const artifacts = join(root, 'reports', 'test-artifacts');

if (!chromiumPath() && !process.env.REWARDGAUGE_REQUIRE_BROWSER) {
  t.pass('browser test', { skip: 'no Chromium here (apt-get install chromium, or set CHROMIUM_PATH)' });
} else {
  t.test('a report of hostile data, in Chromium', async (t) => {
    const dir = tmp(t);
    const { config } = writeXssRun(dir);
    t.equal((await cliIn(['run', '--config', config, '--out', join(dir, 'a'), '-q'])).code, 0);
    t.equal((await cliIn(['run', '--config', config, '--seed', '3', '--out', join(dir, 'b'), '-q', '--model', 'heuristic:random?id=<b>late</b>'])).code, 0);
    const page = join(dir, 'report.html');
    const r = await cliIn(['report', join(dir, 'a'), join(dir, 'b'), '--out', page]);
    t.equal(r.code, 0, r.stderr);
    const run = JSON.parse(readFileSync(join(dir, 'a', 'run.json'), 'utf8')) as RunFile;

    const { context, close } = await openBrowser();
    t.teardown(close);
    // Control: the payloads do fire in this browser when a page carries them as markup.
    const control = await context.newPage();
    await control.setContent(`<body>${PAYLOADS[1]}</body>`);
    await control.waitForFunction('window.__xss === 2', undefined, { timeout: 5000 });
    t.pass('an unescaped payload sets window.__xss here');
    await control.close();

    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    tab.on('dialog', (d) => (problems.push(`dialog: ${d.message()}`), void d.dismiss()));
    tab.on('request', (q) => void (q.url().startsWith('file:') || q.url().startsWith('data:') || problems.push(`request: ${q.url()}`)));
    await tab.goto(pathToFileURL(page).href);

    t.equal(
      await tab.getAttribute('html', 'data-sortable'),
      String(await tab.locator('table.sortable').count()),
      'the client script ran and wired every sortable table',
    );
    // Page-side code as strings: it runs in the browser, not under the tests' (DOM-less) types.
    const flag = () => tab.evaluate('typeof window.__xss');
    t.equal(await flag(), 'undefined', 'no payload ran');
    // Open every drill-down, then look again: hidden content must not run either.
    await tab.evaluate("document.querySelectorAll('details').forEach((d) => d.setAttribute('open', ''))");
    for (const link of await tab.locator('a[href^="#"]').all()) await link.click();
    t.equal(await flag(), 'undefined', 'still none after opening and clicking everything');
    t.same(problems, [], 'no errors, dialogs or outside requests');
    const text = await tab.locator('body').innerText();
    for (const p of PAYLOADS) t.ok(text.includes(p), `shown as text: ${p}`);

    // The leaderboard: four models from run a (one real, three baselines) and <b>late</b> from run b.
    const board = tab.locator('#leaderboard');
    const names = async () => board.locator('tbody th .model').allInnerTexts();
    t.equal((await names()).length, 5);
    t.ok((await names()).includes('<b>late</b>'), 'a model id with markup shows as text');
    const accuracy = (id: string) => run.results.find((x) => x.model === id && x.suite === 'pairwise' && x.subset === 'all' && x.metric === 'accuracy')!.value;
    const fromRun = run.models.map((m) => m.id);
    const column = board.locator('thead th').filter({ hasText: 'pairwise' }).locator('button');
    await column.click();
    const descending = (await names()).filter((n) => fromRun.includes(n));
    const expected = [...fromRun].sort((a, b) => accuracy(b) - accuracy(a) || fromRun.indexOf(a) - fromRun.indexOf(b));
    t.same(descending.map(accuracy), expected.map(accuracy), 'first click sorts accuracy high to low');
    await column.click();
    const ascending = (await names()).filter((n) => fromRun.includes(n));
    t.same(ascending.map(accuracy), [...expected].reverse().map(accuracy), 'second click low to high');
    await board.locator('thead th').filter({ hasText: 'model' }).locator('button').click();
    t.same(
      await names(),
      [...(await names())].sort((a, b) => a.localeCompare(b)),
      'the model column sorts by name',
    );
    t.equal(await tab.locator('#leaderboard tr.baseline').count(), 4, 'the four heuristic models (three in run a, one in run b) are marked as baselines');

    mkdirSync(artifacts, { recursive: true });
    await tab.goto(pathToFileURL(page).href);
    await tab.screenshot({ path: join(artifacts, 'xss-report.png'), fullPage: true });
    t.pass(`screenshot saved to ${join(artifacts, 'xss-report.png')}`);
  });

  t.test('probe and correlation sections, in Chromium: charts drawn, no console errors, no CSP violations', async (t) => {
    const dir = tmp(t);
    const bon = join(dir, 'bon');
    const r = await cliIn([
      'probe',
      'bon',
      '--pool',
      join(root, 'datasets', 'bon-pool.jsonl'),
      '-m',
      'heuristic:length',
      '-m',
      `heuristic:random?id=${HOSTILE_ID}`,
      '--out',
      bon,
      '-q',
      '--no-cache',
      '--bootstrap',
      '50',
    ]);
    t.equal(r.code, 0, r.stderr);
    writeFileSync(join(dir, 'ppo.json'), JSON.stringify(ppoRun()));
    writeFileSync(join(dir, 'corr.json'), JSON.stringify(correlationRun()));
    const combined = join(dir, 'downstream.html');
    const q = await cliIn(['report', bon, join(dir, 'ppo.json'), join(dir, 'corr.json'), '--out', combined]);
    t.equal(q.code, 0, q.stderr);

    const { context, close } = await openBrowser();
    t.teardown(close);
    // The probe's own index.html (one bon section, no leaderboard) and the three-section report.
    for (const [page, sections] of [
      [join(bon, 'index.html'), 1],
      [combined, 3],
    ] as const) {
      const tab = await context.newPage();
      const problems: string[] = [];
      tab.on('console', (m) => void (m.type() === 'error' || m.type() === 'warning' ? problems.push(`console ${m.type()}: ${m.text()}`) : 0));
      tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      tab.on('dialog', (d) => (problems.push(`dialog: ${d.message()}`), void d.dismiss()));
      tab.on('request', (q) => void (q.url().startsWith('file:') || q.url().startsWith('data:') || problems.push(`request: ${q.url()}`)));
      // Installed by the browser before any page script, so it sees every violation the policy reports.
      await tab.addInitScript(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));",
      );
      await tab.goto(pathToFileURL(page).href);
      t.equal(await tab.locator('section[id^="downstream-"]').count(), sections, `${sections} downstream section(s)`);
      t.equal(await tab.getAttribute('html', 'data-sortable'), String(await tab.locator('table.sortable').count()), 'the client script ran');
      t.ok((await tab.locator('#downstream-0 svg g.curve_marks path').count()) >= 2, 'the best-of-n chart draws its model lines');
      const box = await tab.locator('#downstream-0 svg').first().boundingBox();
      t.ok(box !== null && box.width > 300 && box.height > 200, 'at a readable size');
      t.ok((await tab.locator('#downstream-0 table').first().innerText()).includes(HOSTILE_ID), 'the hostile model id is shown as text');
      await tab.evaluate("document.querySelectorAll('details').forEach((d) => d.setAttribute('open', ''))");
      for (const link of await tab.locator('nav a').all()) await link.click();
      t.same(await tab.evaluate('window.__csp'), [], 'no CSP violations');
      t.same(problems, [], 'no console errors, page errors, dialogs or outside requests');
      if (sections === 3) {
        mkdirSync(artifacts, { recursive: true });
        await tab.screenshot({ path: join(artifacts, 'downstream-report.png'), fullPage: true });
      }
      await tab.close();
    }
  });
}
