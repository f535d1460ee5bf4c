import { readFileSync } from 'node:fs';
import t from 'tap';
import { suite } from '../../src/benchmarks/contrast/index.js';
import { evaluate, shared, tmp, valueOf, writeJsonl } from '../support/helpers.js';

/**
 * The published Contrast Instructions files (shadowkiller33/Contrast-Instruction): every row
 * loads, identical-string rows are skipped and counted by the symmetric metrics but scored (0) by
 * instruction_consistency_r1 over every row, as inference_sum.py does, and the suite's numbers
 * equal a plain loop over the raw JSON, for the length baseline and for a scorer that reads the
 * instruction too.
 */

interface Raw {
  query: string;
  retrieval: string;
  query_response_k: string;
  retrieval_response_k: string;
}

const PREFIX = { para: 'Paraphrase the following sentence: ', sum: 'Summarize the paragraph: ' } as const;
const codePoints = (s: string): number => Array.from(s).length;
const words = (s: string): Set<string> =>
  new Set(
    s
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w !== ''),
  );
/** A scorer that looks at both: how many words of the user turn the response repeats. */
const overlap = (prompt: string, response: string): number => {
  const p = words(prompt);
  return [...words(response)].filter((w) => p.has(w)).length;
};

/** The four metrics by the paper's definitions, straight from the raw rows. */
function reference(rows: readonly Raw[], prefix: string, r: (prompt: string, response: string) => number) {
  let res = 0;
  let ins = 0;
  let full = 0;
  let n = 0;
  // inference_sum.py: count(r(I1,R1) > r(I2,R1)) / len(rows), every row included.
  let r1 = 0;
  for (const row of rows) {
    if (r(prefix + row.query, row.query_response_k) > r(prefix + row.retrieval, row.query_response_k)) r1++;
    if (row.query === row.retrieval || row.query_response_k === row.retrieval_response_k) continue;
    const [p1, p2] = [prefix + row.query, prefix + row.retrieval];
    const [a, b, c, d] = [r(p1, row.query_response_k), r(p1, row.retrieval_response_k), r(p2, row.retrieval_response_k), r(p2, row.query_response_k)];
    const four = [a > b, c > d, a > d, c > b].map(Number) as [number, number, number, number];
    res += (four[0] + four[1]) / 2;
    ins += (four[2] + four[3]) / 2;
    full += four.every((x) => x === 1) ? 1 : 0;
    n++;
  }
  return {
    n,
    response_consistency: res / n,
    instruction_consistency: ins / n,
    full_consistency: full / n,
    instruction_consistency_r1: r1 / rows.length,
  };
}

/** Lines where the array's elements start: the files put each object's `{` alone on a line, indented 4. */
const elementLines = (text: string): number[] => text.split('\n').flatMap((l, k) => (l === '    {' ? [k + 1] : []));

const close = (x: number | undefined, y: number): boolean => x !== undefined && Math.abs(x - y) < 1e-12;

const cases = [
  { task: 'para', file: 'contrast-instructions/para_contrast.json', rows: 289, skipped: 0 },
  { task: 'sum', file: 'contrast-instructions/sum_contrast.json', rows: 36, skipped: 16 },
] as const;

for (const c of cases) {
  t.test(`${c.file} with task=${c.task}`, async (t) => {
    const file = shared(t, c.file);
    if (!file) return;
    const text = readFileSync(file, 'utf8');
    const raw = JSON.parse(text) as Raw[];
    t.equal(raw.length, c.rows, 'the published row count');
    const data = await suite.load(file, { task: c.task });
    t.equal(data.items.length, c.rows, 'every row is an item');
    t.equal(data.items.filter((it) => !it.identical).length, c.rows - c.skipped, `${c.rows} rows, ${c.skipped} with identical strings`);
    t.equal(data.warnings.length, c.skipped > 0 ? 1 : 0);
    if (c.skipped > 0) t.match(data.warnings[0]!, new RegExp(`^${c.skipped} of ${c.rows} pair\\(s\\) skipped`));
    t.ok(
      data.items.every((it) => it.prompts.every((p) => p.startsWith(PREFIX[c.task])) && it.subset === c.task),
      'template and subset from the task',
    );

    // The length baseline: r(I, R) = code points of R.
    const len = reference(raw, PREFIX[c.task], (_p, resp) => codePoints(resp));
    t.equal(len.n, c.rows - c.skipped);
    const { run } = await evaluate({ models: ['heuristic:length'], suites: [{ id: 'contrast', data: file, options: { task: c.task } }] });
    for (const m of ['response_consistency', 'instruction_consistency', 'full_consistency', 'instruction_consistency_r1'] as const) {
      t.ok(close(valueOf(run, { metric: m }), len[m]), `length ${m}: ${valueOf(run, { metric: m })} = ${len[m]}`);
    }
    const nOf = (m: string) => run.results.find((r) => r.metric === m && r.subset === 'all')?.n;
    t.equal(nOf('full_consistency'), c.rows - c.skipped, 'the symmetric metrics skip identical rows');
    t.equal(nOf('instruction_consistency_r1'), c.rows, 'the _r1 variant counts every row, as inference_sum.py does');
    t.equal(len.instruction_consistency, 0, 'a response-only score ties across instructions');

    // A scorer that reads the instruction: per-candidate scores in a scores: file keyed by row-<line>.
    const lines = elementLines(text);
    t.equal(lines.length, raw.length, 'one element start per row');
    const scores = raw.flatMap((row, k) => {
      const [p1, p2] = [PREFIX[c.task] + row.query, PREFIX[c.task] + row.retrieval];
      const item = `row-${lines[k]}`;
      return [
        { item, candidate: 'I1R1', score: overlap(p1, row.query_response_k) },
        { item, candidate: 'I1R2', score: overlap(p1, row.retrieval_response_k) },
        { item, candidate: 'I2R2', score: overlap(p2, row.retrieval_response_k) },
        { item, candidate: 'I2R1', score: overlap(p2, row.query_response_k) },
      ];
    });
    const scoresFile = writeJsonl(tmp(t), 'overlap.jsonl', scores);
    const ov = reference(raw, PREFIX[c.task], overlap);
    const { run: run2 } = await evaluate({ models: [`scores:${scoresFile}`], suites: [{ id: 'contrast', data: file, options: { task: c.task } }] });
    for (const m of ['response_consistency', 'instruction_consistency', 'full_consistency', 'instruction_consistency_r1'] as const) {
      t.ok(close(valueOf(run2, { metric: m }), ov[m]), `overlap ${m}: ${valueOf(run2, { metric: m })} = ${ov[m]}`);
    }
    // Counted by hand over sum_contrast.json: the overlap scorer ranks R1 higher under I1 in all 20
    // rows with distinct strings, and the 16 identical rows tie, so 20/36 (the symmetric variant: 20/20).
    if (c.task === 'sum') t.ok(close(ov.instruction_consistency_r1, 20 / 36), `sum: instruction_consistency_r1 = 20/36, got ${ov.instruction_consistency_r1}`);
    t.ok(ov.instruction_consistency > 0, 'the overlap scorer does separate instructions');
  });
}
