import t from 'tap';
import { buildBoard } from '../../src/report/board.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { leaderboard, subsetTables } from '../../src/report/table.js';
import { syntheticRun } from '../support/runs.js';

// Degenerate cells (run.json results[].degenerate) in the HTML, Markdown and terminal tables: marked
// where they are shown, with a cause that comes from run.json and so is escaped like any data.

const CAUSE = `<b onclick="x">|*</b> & 'y' tied`;

function run() {
  const r = syntheticRun({ models: ['rm', 'other'], suites: [{ id: 'pairwise', subsets: ['easy'] }] });
  const whole = r.results.find((x) => x.model === 'rm' && x.subset === 'all')!;
  whole.degenerate = CAUSE;
  r.results.find((x) => x.model === 'rm' && x.subset === 'easy')!.degenerate = 'all 3 compared items tied';
  r.models[0]!.warnings = [`degenerate: pairwise / accuracy on the whole suite: ${CAUSE}; likely a constant model`];
  return { r, whole };
}

t.test('HTML: the cell is tagged, its tooltip holds the escaped cause, and the warning is listed', async (t) => {
  const { r } = run();
  const page = await renderHtml(buildBoard([{ path: 'a', run: r }]));
  // Escaped by hand: & < > " ' as entities.
  const cause = '&lt;b onclick=&quot;x&quot;&gt;|*&lt;/b&gt; &amp; &#39;y&#39; tied';
  t.notOk(page.includes(CAUSE), 'the raw cause never reaches the page');
  t.notOk(page.includes('<b onclick'), 'no markup from it');
  // The whole-suite cell is shown three times (leaderboard, all-metrics table, by-subset table), the subset cell once.
  t.equal(page.match(new RegExp(`<td class="num degenerate" data-v="[^"]*" title="degenerate: ${cause.replace(/[|*]/g, '\\$&')}">`, 'g'))?.length, 3);
  t.equal(page.match(/title="degenerate: all 3 compared items tied"/g)?.length, 1, 'the subset table marks its cell');
  t.equal(page.match(/<span class="tag degenerate">degenerate<\/span>/g)?.length, 4);
  t.equal(page.match(/<td class="num degenerate"/g)?.length, 4, '"other" has no marked cell');
  t.ok(
    page.includes(`<li>rm: degenerate: pairwise / accuracy on the whole suite: ${cause}; likely a constant model</li>`),
    'the warnings section names the cause',
  );
});

t.test('Markdown: the cell carries the mark and a legend line gives the escaped cause', async (t) => {
  const { r, whole } = run();
  const md = renderMarkdown(buildBoard([{ path: 'a', run: r }]));
  const cell = (x: { value: number; ci: [number, number] }) => `${x.value.toFixed(3)} [${x.ci[0].toFixed(3)}, ${x.ci[1].toFixed(3)}]`;
  t.ok(md.includes(`| ${cell(whole)} ⚠ |`), 'marked cell');
  const other = r.results.find((x) => x.model === 'other' && x.subset === 'all')!;
  t.ok(md.includes(`| ${cell(other)} |`), 'the other model’s cell is not');
  // Markdown-escaped by hand: entities for & < >, a backslash before | and *.
  t.ok(md.includes(`rm on pairwise: &lt;b onclick="x"&gt;\\|\\*&lt;/b&gt; &amp; 'y' tied.`), md);
  t.match(md, /> \*\*⚠ degenerate:\*\* over half of the comparisons behind the value tied/);
  t.notMatch(
    renderMarkdown(buildBoard([{ path: 'a', run: syntheticRun({ models: ['m'], suites: [{ id: 's' }] }) }])),
    /degenerate/,
    'no legend without a marked cell',
  );
});

t.test('terminal tables: ⚠ beside the value, and a legend under the table', async (t) => {
  const { r, whole } = run();
  const board = leaderboard(r);
  t.match(board, new RegExp(`^rm\\s+${whole.value.toFixed(3)} \\[${whole.ci[0].toFixed(3)}, ${whole.ci[1].toFixed(3)}\\] ⚠$`, 'm'));
  t.match(board, /\n⚠ degenerate: over half of the comparisons behind the value tied/);
  t.match(subsetTables(r)[0], /^rm\s+\S+ ⚠\s+\S+ ⚠$/m, 'the subset table marks both of rm’s cells');
  t.notMatch(leaderboard(syntheticRun({ models: ['m'], suites: [{ id: 's' }] })), /⚠/);
});
