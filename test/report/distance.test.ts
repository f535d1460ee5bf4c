import t from 'tap';
import { RunFileSchema, type ModelEntry, type ResultRow, type RunFile } from '../../src/core/run-schema.js';
import { validateAt } from '../../src/core/validate.js';
import { buildBoard } from '../../src/report/board.js';
import { distanceData, heatCells } from '../../src/report/html-distance.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { syntheticRun } from '../support/runs.js';

/** A hand-written `rewardgauge distance --suite` run: three models, one with a hostile id, three pairs. */

const HOSTILE = '<img src=x onerror=alert(1)>';
const ESCAPED = '&lt;img src=x onerror=alert(1)&gt;';
const IDS = ['alpha', HOSTILE, 'gold'];
const VALUES: Record<string, number> = { [`alpha|${HOSTILE}`]: 0.6565603, 'alpha|gold': 1.7541161, [`${HOSTILE}|gold`]: 0.25 };

const model = (id: string): ModelEntry => ({
  id,
  spec: `heuristic:${id}`,
  adapter: 'heuristic',
  fingerprint: `sha256:${'0'.repeat(64)}`,
  baseline: false,
  options: {},
  stats: { requests: 10, uniqueRequests: 10, cacheHits: 0, modelCalls: 10, batches: 1, seconds: 0 },
  warnings: [],
});

function distanceRun(): RunFile {
  const results: ResultRow[] = Object.entries(VALUES).flatMap(([pair, v]) => {
    const a = IDS.find((id) => pair.startsWith(`${id}|`))!;
    return (['starc_val_l2', 'starc_val_l1', 'starc_val_linf', 'epic'] as const).map((metric, k) => {
      const value = metric === 'epic' ? v / 2 : v * [1, 0.8, 1.5][k]!;
      return { model: a, suite: 'distance', subset: pair, metric, value, ci: [value * 0.9, value * 1.1] as [number, number], n: 12, higherIsBetter: false };
    });
  });
  const run: RunFile = {
    schemaVersion: 1,
    tool: { name: 'rewardgauge', version: '0.0.0' },
    createdAt: '2026-12-01T00:00:00Z',
    seed: 0,
    command: ['rewardgauge', 'distance'],
    config: {},
    statistics: { bootstrap: { samples: 100, level: 0.95, method: 'percentile', resample: 'cluster' } },
    models: IDS.map(model),
    suites: [
      {
        id: 'distance',
        version: '1',
        items: 12,
        dataset: `sha256:${'1'.repeat(64)}`,
        data: 'bon.jsonl',
        format: 'best-of-n',
        primaryMetric: 'starc_val_l2',
        metrics: [{ id: 'starc_val_l2', description: 'd', higherIsBetter: false }],
        options: { suite: 'best-of-n', reference: 'uniform' },
        warnings: [],
      },
    ],
    results,
  };
  return validateAt(RunFileSchema, run, { file: 'run.json' });
}

const cellsIn = (svg: string, layer: string): number =>
  [...svg.matchAll(new RegExp(`<g class="mark-[a-z]+ role-mark ${layer}_marks"[^>]*>(.*?)</g>`, 'gs'))].reduce(
    (s, m) => s + (m[1]!.match(/<path|<text/g)?.length ?? 0),
    0,
  );

t.test('distance run: its own section with a heatmap and a pair table, never a leaderboard column', async (t) => {
  const board = buildBoard([{ path: 'runs/distance/run.json', run: distanceRun() }]);
  t.equal(board.columns.length, 0, 'no leaderboard column');
  t.equal(board.rows.length, 0, 'no leaderboard rows');
  t.equal(board.downstream.length, 1);
  t.equal(board.downstream[0]!.kind, 'distance');

  const data = distanceData(board.downstream[0]!);
  t.same(
    data.pairs.map((p) => [p.a, p.b]),
    [
      ['alpha', HOSTILE],
      ['alpha', 'gold'],
      [HOSTILE, 'gold'],
    ],
  );
  const cells = heatCells(data);
  t.equal(cells.length, 9, 'one cell per ordered pair, diagonal included');
  t.same(
    cells.filter((c) => c.row === c.col).map((c) => c.value),
    [0, 0, 0],
  );
  for (const c of cells) t.equal(c.value, cells.find((d) => d.row === c.col && d.col === c.row)!.value, 'symmetric');

  const page = await renderHtml(board, { generatedAt: '2026-12-01T00:00:00Z' });
  const start = page.indexOf('<section class="distance"');
  t.ok(start > 0, 'distance section present');
  const section = page.slice(start, page.indexOf('</section>', start));
  t.match(section, /<svg/);
  t.equal(cellsIn(section, 'cell'), 9, 'nine heatmap rects');
  t.equal(cellsIn(section, 'value'), 9, 'nine value labels');
  for (const v of ['0.657', '1.754', '0.250', '0.000']) t.ok(section.includes(`>${v}<`), `value ${v} written in a cell`);
  t.match(section, /0\.328/, 'EPIC = L2/2 in the table');
  t.notOk(page.includes(HOSTILE), 'the hostile id never appears raw');
  t.ok(section.includes(ESCAPED), 'it appears escaped');
  t.match(page, /href="#downstream-0">reward distances</);
  t.notMatch(page, '<h2>Leaderboard</h2>', 'the page opens with its section, not an empty Leaderboard heading');

  const md = renderMarkdown(board);
  t.match(md, /#### Reward distances on best-of-n/);
  t.match(md, /\| alpha \| gold \| 1\.754 \[1\.579, 1\.930\]/);
  t.notOk(md.includes(HOSTILE));
});

t.test('a distance run beside a benchmark run: the benchmark keeps its leaderboard, the distance its section', async (t) => {
  const bench = syntheticRun({ models: ['alpha', 'beta'], suites: [{ id: 'pairwise' }] });
  const board = buildBoard([
    { path: 'a/run.json', run: bench },
    { path: 'b/run.json', run: distanceRun() },
  ]);
  t.same(
    board.columns.map((c) => c.suite.id),
    ['pairwise'],
  );
  t.same(
    board.rows.map((r) => r.model.id),
    ['alpha', 'beta'],
  );
  t.same(
    board.downstream.map((d) => d.kind),
    ['distance'],
  );
});
