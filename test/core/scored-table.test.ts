import t from 'tap';
import { groupsOf, ScoredTable, type ScoredItem } from '../../src/core/scored-table.js';
import { Rng } from '../../src/core/random.js';

/** Items with every shape the table must keep apart: absent values, NaN, facets in any key order, series, repeated clusters. */
function randomItems(n: number, seed: number): ScoredItem[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, k) => {
    const values: Record<string, number> = { accuracy: rng.int(2) };
    if (rng.int(3) === 0) values.margin = rng.int(1000) / 7 - 50;
    if (rng.int(50) === 0) values.odd = NaN;
    const level = String(rng.int(3));
    const facets = rng.int(4) === 0 ? undefined : rng.int(2) === 0 ? { level, lang: 'en' } : { lang: 'en', level };
    const subset = rng.int(5) === 0 ? undefined : `s${rng.int(4)}`;
    return {
      id: `item-${k}`,
      cluster: `prompt ${rng.int(Math.ceil(n / 3))}`,
      ...(subset !== undefined && { subset }),
      ...(facets && { facets }),
      values,
      ...(rng.int(10) === 0 && { series: { steps: [rng.int(9), rng.int(9)] } }),
    };
  });
}

t.test('every row reads back what was added, past several doublings of the columns', async (t) => {
  const items = randomItems(5000, 7);
  const table = ScoredTable.from(items);
  t.equal(table.size, items.length);
  t.equal(table.clusterCount, new Set(items.map((it) => it.cluster)).size);
  let mismatches = 0;
  items.forEach((it, r) => {
    const same =
      table.id(r) === it.id &&
      table.cluster(r) === it.cluster &&
      table.clusterName(table.clusterNumber(r)) === it.cluster &&
      table.subset(r) === it.subset &&
      JSON.stringify(table.groups(r)) === JSON.stringify(groupsOf(it)) &&
      ['accuracy', 'margin', 'odd', 'never'].every((k) => Object.is(table.value(r, k), it.values[k])) &&
      table.series(r, 'steps') === it.series?.steps;
    if (!same) mismatches++;
  });
  t.equal(mismatches, 0, 'ids, clusters, subsets, groups, values (absent and NaN apart) and series');
  t.equal(table.column('never'), undefined, 'no column for a key no row has');
});

t.test('a column lists every row: absent where the item had no such value', async (t) => {
  const table = ScoredTable.from([
    { id: 'a', cluster: 'c', values: { x: 1 } },
    { id: 'b', cluster: 'c', values: { y: 2 } },
    { id: 'c', cluster: 'd', values: { x: 0, y: NaN } },
    { id: 'd', cluster: 'd', values: { x: undefined } as unknown as Record<string, number> },
  ]);
  const x = table.column('x')!;
  const y = table.column('y')!;
  t.same([...x.has.subarray(0, 3)], [1, 0, 1]);
  t.same([...x.values.subarray(0, 3)], [1, 0, 0]);
  t.same([...y.has.subarray(0, 3)], [0, 1, 1]);
  t.ok(Number.isNaN(table.value(2, 'y')!), 'NaN is a value');
  t.equal(table.value(0, 'y'), undefined, 'absent is not NaN');
  t.equal(table.value(3, 'x'), undefined, 'an explicit undefined is absent too');
});
