/**
 * Contrast Instructions, built-in data: pairs of lexically similar instructions whose correct
 * answers differ ("Convert 5 km to m" / "Convert 5 m to km"), each with its own correct
 * response, in the published row layout ({query, retrieval, query_response_k,
 * retrieval_response_k}) plus `id` and `subset` (the family). Every answer is computed here.
 */
import { deriveSeed, Rng } from '../../src/core/random.js';
import { type ContrastPair, dates, extremes, type Maker, operands, ordering, sequences, units } from './contrast-families.js';
import { antonymPairs, factPairs } from './contrast-tables.js';
import { check, cpLen, mean, sample, shuffle } from './util.js';

export interface ContrastRow {
  id: string;
  subset: string;
  query: string;
  retrieval: string;
  query_response_k: string;
  retrieval_response_k: string;
}

/** Families (the subsets): a maker drawing pairs, or a fixed table sampled without replacement. */
const FAMILIES: { subset: string; make: Maker | (() => ContrastPair[]); table?: true }[] = [
  { subset: 'units', make: units },
  { subset: 'operands', make: operands },
  { subset: 'sequences', make: sequences },
  { subset: 'dates', make: dates },
  { subset: 'extremes', make: extremes },
  { subset: 'ordering', make: ordering },
  { subset: 'facts', make: factPairs, table: true },
  { subset: 'antonyms', make: antonymPairs, table: true },
];

/** Words of an instruction, for the lexical-similarity check (the paper retrieved pairs by SimCSE similarity). */
const words = (s: string): Set<string> => new Set(s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
export function jaccard(a: string, b: string): number {
  const [x, y] = [words(a), words(b)];
  const inter = [...x].filter((w) => y.has(w)).length;
  return inter / (x.size + y.size - inter);
}

/** The least word overlap allowed between the two instructions of a pair. */
const MIN_SIMILARITY = 0.4;
/** Responses within a pair differ in length (so "longer wins" never ties), but by little. */
const lengthGapOk = (a: string, b: string): boolean => {
  const [x, y] = [cpLen(a), cpLen(b)];
  return x !== y && Math.abs(x - y) <= Math.max(10, 0.25 * Math.max(x, y));
};

function checkPair(p: ContrastPair, where: string): void {
  check(p.i1 !== p.i2 && p.r1 !== p.r2, `${where}: identical strings`);
  check(jaccard(p.i1, p.i2) >= MIN_SIMILARITY, `${where}: instructions not similar enough: "${p.i1}" / "${p.i2}"`);
  check(lengthGapOk(p.r1, p.r2), `${where}: response lengths ${cpLen(p.r1)} / ${cpLen(p.r2)}`);
}

export function buildContrast(seed: number, perFamily: number): ContrastRow[] {
  const seen = new Set<string>();
  const rows: Omit<ContrastRow, 'id'>[] = [];
  for (const f of FAMILIES) {
    const rng = new Rng(deriveSeed(seed, 'contrast', f.subset));
    const fresh = (p: ContrastPair): boolean =>
      !seen.has(p.i1) && !seen.has(p.i2) && p.r1 !== p.r2 && lengthGapOk(p.r1, p.r2) && jaccard(p.i1, p.i2) >= MIN_SIMILARITY;
    let pairs: ContrastPair[];
    if (f.table) {
      const usable = (f.make as () => ContrastPair[])().filter(fresh);
      check(usable.length >= perFamily, `${f.subset}: only ${usable.length} usable table rows for ${perFamily}`);
      pairs = sample(rng, usable, perFamily);
    } else {
      pairs = [];
      for (let attempt = 0; pairs.length < perFamily; attempt++) {
        check(attempt < perFamily * 50, `${f.subset}: only ${pairs.length} distinct pairs of ${perFamily}`);
        const p = (f.make as Maker)(rng);
        if (p === null || !fresh(p) || pairs.some((q) => q.i1 === p.i1 || q.i1 === p.i2 || q.i2 === p.i1 || q.i2 === p.i2)) continue;
        pairs.push(p);
      }
    }
    // Which side is the query: R1 is the longer response in half the pairs (drawn), so neither
    // "the query's response is longer" nor one wording (after/before) is a cue.
    const r1Longer = new Set(
      shuffle(
        rng,
        pairs.map((_, k) => k),
      ).slice(0, Math.ceil(pairs.length / 2)),
    );
    for (const [k, p] of pairs.entries()) {
      checkPair(p, `${f.subset} #${k + 1}`);
      seen.add(p.i1).add(p.i2);
      const q = cpLen(p.r1) > cpLen(p.r2) === r1Longer.has(k) ? p : { i1: p.i2, r1: p.r2, i2: p.i1, r2: p.r1 };
      rows.push({ subset: f.subset, query: q.i1, retrieval: q.i2, query_response_k: q.r1, retrieval_response_k: q.r2 });
    }
  }
  return rows.map((r, i) => ({ id: `contrast-${String(i + 1).padStart(4, '0')}`, ...r }));
}

/** Checks over the whole file and a printed summary: sizes, similarity, and what a length heuristic can do. */
export function describeContrast(rows: readonly ContrastRow[]): void {
  const instructions = rows.flatMap((r) => [r.query, r.retrieval]);
  check(new Set(instructions).size === instructions.length, 'contrast: an instruction appears twice');
  console.log(`\ncontrast.jsonl: ${rows.length} pairs of similar instructions with different answers`);
  console.log(
    `  ${'subset'.padEnd(12)} ${'pairs'.padStart(5)} ${'R1 len'.padStart(7)} ${'R2 len'.padStart(7)} ${'|Δ|'.padStart(5)} ${'R1 longer'.padStart(9)} ${'overlap'.padStart(7)}`,
  );
  const subsets = [...new Set(rows.map((r) => r.subset)), 'all'];
  for (const s of subsets) {
    const g = s === 'all' ? rows : rows.filter((r) => r.subset === s);
    const l1 = g.map((r) => cpLen(r.query_response_k));
    const l2 = g.map((r) => cpLen(r.retrieval_response_k));
    const gap = mean(l1.map((x, k) => Math.abs(x - l2[k]!)));
    const longer = l1.filter((x, k) => x > l2[k]!).length / g.length;
    const sim = mean(g.map((r) => jaccard(r.query, r.retrieval)));
    console.log(
      `  ${s.padEnd(12)} ${String(g.length).padStart(5)} ${mean(l1).toFixed(1).padStart(7)} ${mean(l2).toFixed(1).padStart(7)} ${gap.toFixed(1).padStart(5)} ${longer.toFixed(2).padStart(9)} ${sim.toFixed(2).padStart(7)}`,
    );
  }
}
