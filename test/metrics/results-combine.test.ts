import t from 'tap';
import { ScoredTable, type ScoredItem } from '../../src/core/scored-table.js';
import { resultRows } from '../../src/metrics/results.js';
import type { MetricDef } from '../../src/core/suite.js';

// `combine` metrics: RewardBench's count-weighted sections and masked weighted average, and
// RewardBench 2's Ties composite (weights that do not sum to 1, no normalisation).
const stats = { seed: 3, samples: 200, level: 0.95 };
const item = (id: string, subset: string, values: Record<string, number>): ScoredItem => ({ id, cluster: id, subset, values });

t.test('section = count-weighted mean of its subsets; overall = weighted mean of sections; a missing part drops out', async (t) => {
  // Subset means: a = 1/2, b = 1, c = 0 (one item).
  const items = [item('a1', 'a', { acc: 1 }), item('a2', 'a', { acc: 0 }), item('b1', 'b', { acc: 1 }), item('c1', 'c', { acc: 0 })];
  const metrics: MetricDef[] = [
    { id: 'acc', description: '', higherIsBetter: true },
    // weights 3 and 1, not the observed counts: (3·½ + 1·1)/4 = 0.625
    {
      id: 's1',
      description: '',
      higherIsBetter: true,
      reduce: 'combine',
      parts: [
        { metric: 'acc', subset: 'a', weight: 3 },
        { metric: 'acc', subset: 'b', weight: 1 },
      ],
    },
    {
      id: 's2',
      description: '',
      higherIsBetter: true,
      reduce: 'combine',
      parts: [
        { metric: 'acc', subset: 'c', weight: 5 },
        { metric: 'acc', subset: 'absent', weight: 7 },
      ],
    },
    // (2·0.625 + 1·0)/3 = 0.41667; the section with no data at all (s3) is masked out.
    { id: 's3', description: '', higherIsBetter: true, reduce: 'combine', parts: [{ metric: 'acc', subset: 'nowhere', weight: 1 }] },
    {
      id: 'overall',
      description: '',
      higherIsBetter: true,
      reduce: 'combine',
      parts: [
        { metric: 's1', weight: 2 },
        { metric: 's2', weight: 1 },
        { metric: 's3', weight: 2 },
      ],
    },
  ];
  const rows = resultRows('m', 'x', metrics, ScoredTable.from(items), stats);
  const get = (subset: string, metric: string) => rows.find((r) => r.subset === subset && r.metric === metric);
  t.equal(get('all', 's1')?.value, 0.625);
  t.equal(get('all', 's1')?.n, 3, 'n counts the items the parts read');
  t.equal(get('all', 's2')?.value, 0, 'the absent subset drops out of s2');
  t.equal(get('all', 's3'), undefined, 'a metric with no data is not reported');
  t.ok(Math.abs(get('all', 'overall')!.value - 1.25 / 3) < 1e-12);
  t.equal(get('a', 's1'), undefined, 'subset-qualified combines are reported on the whole suite only');
  const ci = get('all', 'overall')!.ci;
  t.ok(ci[0] <= get('all', 'overall')!.value && get('all', 'overall')!.value <= ci[1], 'the CI brackets the value');
});

t.test('without normalize: a fixed linear combination of means over different item sets', async (t) => {
  // p: present on 2 items (mean ½), q: on 3 (mean 1/3): 0.3·½ + 0.2·⅓ = 0.21667
  const items = [item('1', 'T', { p: 1, q: 1 }), item('2', 'T', { p: 0, q: 0 }), item('3', 'T', { q: 0 })];
  const metrics: MetricDef[] = [
    {
      id: 'lin',
      description: '',
      higherIsBetter: true,
      reduce: 'combine',
      normalize: false,
      parts: [
        { metric: 'p', weight: 0.3 },
        { metric: 'q', weight: 0.2 },
      ],
    },
  ];
  const rows = resultRows('m', 'x', metrics, ScoredTable.from(items), stats);
  for (const subset of ['all', 'T']) {
    const r = rows.find((x) => x.subset === subset && x.metric === 'lin');
    t.ok(r && Math.abs(r.value - (0.3 / 2 + 0.2 / 3)) < 1e-12, `${subset}: 0.3·mean(p) + 0.2·mean(q)`);
    t.equal(r?.n, 3);
  }
});
