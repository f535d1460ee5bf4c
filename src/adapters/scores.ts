import { extname, resolve } from 'node:path';
import { Type } from '@sinclair/typebox';
import { fingerprintOf } from '../core/canonical.js';
import { readDataFile, type DataRecord } from '../core/data-files.js';
import { DataError, UsageError } from '../core/errors.js';
import { groupConsecutive, occurrenceIds } from '../core/item-keys.js';
import { defineAdapter, opt } from '../core/define-adapter.js';
import type { RawScore } from '../core/types.js';
import { validateAt } from '../core/validate.js';
import { fromRecords, isPublishedRow, publishedTables, readColumns, type PublishedRow } from './scores-rewardbench.js';

const Num = Type.Number();
const Verdict = Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Null()]);
const ResultsRow = Type.Object({
  problem: Type.String(),
  solution_reference: Type.Array(Type.String(), { minItems: 1 }),
  score: Type.Union([Type.Array(Num), Type.Array(Type.Array(Num, { minItems: 1 })), Type.Array(Verdict)]),
  chosen_position: Type.Optional(Type.Array(Type.Union([Type.Literal('A'), Type.Literal('B')]))),
});
const SolutionRow = Type.Object({ problem: Type.String(), solution_type: Type.String(), output: Type.Unknown() });
const RunScoresRow = Type.Object({
  model: Type.String(),
  suite: Type.String(),
  key: Type.String(),
  scores: Type.Optional(Type.Record(Type.String(), Type.Union([Num, Type.Array(Num)]))),
  verdicts: Type.Optional(Type.Record(Type.String(), Num)),
});
const GenericRow = Type.Object({ item: Type.String(), candidate: Type.String(), score: Type.Union([Num, Type.Array(Num, { minItems: 1 })]) });

/** Lookup tables: scores by `item\0candidate`, preferences P(a ≻ b) by `item\0a\0b` (`*` = the chosen). */
interface Tables {
  format: string;
  scores: Map<string, RawScore>;
  verdicts: Map<string, number>;
  warnings: string[];
  /** The line each entry came from, by table and key. */
  lines: Map<string, number>;
}

const SEP = '\u0000';
const CHOSEN = '*';

/** Enter one score or verdict; a second one for the same key would silently replace the first, so it is an error naming both lines. */
function enter<V>(t: Tables, table: 'scores' | 'verdicts', key: string, value: V, at: { file: string; line: number; field?: string }): void {
  const first = t.lines.get(table + SEP + key);
  if (first !== undefined) {
    const [item, ...rest] = key.split(SEP);
    const what = table === 'scores' ? `candidate "${rest[0]}"` : `pair "${rest[0] === CHOSEN ? 'the chosen' : rest[0]}" vs "${rest[1]}"`;
    throw new DataError(
      at,
      `item "${item!.slice(0, 80)}" ${what} is given again (first on line ${first}); each may have one ${table === 'scores' ? 'score' : 'verdict'}`,
    );
  }
  t.lines.set(table + SEP + key, at.line);
  (t[table] as Map<string, V>).set(key, value);
}

function readResults(file: string, records: DataRecord[], t: Tables): void {
  const problems = occurrenceIds(records.map((r) => String((r.value as { problem?: unknown }).problem)));
  let unparsed = 0;
  records.forEach((r, i) => {
    const row = validateAt(ResultsRow, r.value, { file, line: r.line, field: `[${r.index}]` });
    const refs = occurrenceIds(row.solution_reference);
    const where = { file, line: r.line, field: `[${r.index}].score` };
    if (row.score.length !== refs.length) throw new DataError(where, `has ${row.score.length} entries for ${refs.length} solution_reference entries`);
    if (row.chosen_position) {
      if (row.chosen_position.length !== refs.length)
        throw new DataError({ ...where, field: `[${r.index}].chosen_position` }, `expected ${refs.length} entries`);
      t.format = 'rewardmath-pairwise-results';
      row.score.forEach((v, j) => {
        if (v === null) unparsed++;
        enter(t, 'verdicts', [problems[i], CHOSEN, refs[j]].join(SEP), v === row.chosen_position![j] ? 1 : 0, where);
      });
    } else {
      row.score.forEach((v, j) => {
        if (typeof v === 'string' || v === null) throw new DataError(where, 'holds A/B verdicts but no chosen_position');
        enter(t, 'scores', problems[i] + SEP + refs[j], v, where);
      });
    }
  });
  if (unparsed > 0)
    t.warnings.push(
      `${unparsed} verdicts are null (the judge's answer was not parsed); they count as losses for the chosen solution, as in the reference code`,
    );
}

/** RewardBench's per-solution layout: `output` is a Python dict repr holding `step_scores`. */
function readSolutions(file: string, records: DataRecord[], t: Tables): void {
  t.format = 'rewardbench-solution-rows';
  const rows = records.map((r) => ({ r, row: validateAt(SolutionRow, r.value, { file, line: r.line, field: `[${r.index}]` }) }));
  const groups = groupConsecutive(rows, ({ row }) => row.problem);
  const keys = occurrenceIds(groups.map((g) => g.key));
  groups.forEach((g, i) => {
    const ids = occurrenceIds(g.rows.map(({ row }) => row.solution_type));
    for (const [j, { r, row }] of g.rows.entries()) {
      const text = typeof row.output === 'string' ? row.output : JSON.stringify(row.output);
      const m = /step_scores['"]?\s*:\s*\[([^\]]*)\]/.exec(text);
      const steps = m?.[1]?.split(',').map((x) => Number(x.trim())) ?? [];
      if (steps.length === 0 || steps.some((x) => !Number.isFinite(x))) {
        throw new DataError({ file, line: r.line, field: `[${r.index}].output` }, 'expected step_scores: [numbers]');
      }
      enter(t, 'scores', keys[i] + SEP + ids[j], steps, { file, line: r.line, field: `[${r.index}]` });
    }
  });
}

function readRunScores(file: string, records: DataRecord[], t: Tables, want: { model?: string | undefined; suite?: string | undefined }): void {
  t.format = 'rewardgauge-scores';
  const rows = records.map((r) => ({ r, row: validateAt(RunScoresRow, r.value, { file, line: r.line }) }));
  for (const dim of ['model', 'suite'] as const) {
    const present = [...new Set(rows.map(({ row }) => row[dim]))].sort();
    const wanted = want[dim];
    if (wanted !== undefined && !present.includes(wanted)) throw new UsageError(`scores file ${file} has no ${dim} "${wanted}"; it has: ${present.join(', ')}`);
    if (wanted === undefined && present.length > 1)
      throw new UsageError(`scores file ${file} holds several ${dim}s (${present.join(', ')}); pick one with "?${dim}=..."`);
  }
  for (const { r, row } of rows) {
    if ((want.model ?? row.model) !== row.model || (want.suite ?? row.suite) !== row.suite) continue;
    for (const [c, v] of Object.entries(row.scores ?? {})) enter(t, 'scores', row.key + SEP + c, v, { file, line: r.line, field: `scores.${c}` });
    for (const [pair, p] of Object.entries(row.verdicts ?? {}))
      enter(t, 'verdicts', [row.key, ...pair.split('>')].join(SEP), p, { file, line: r.line, field: `verdicts.${pair}` });
  }
}

/** reward-bench's published per-item results (scores-rewardbench.ts), keyed as the rewardbench suites name items. */
function readPublished(file: string, rows: readonly PublishedRow[], t: Tables): void {
  const p = publishedTables(file, rows);
  t.format = p.format;
  for (const s of p.scores) enter(t, 'scores', s.item + SEP + s.candidate, s.value, { file, line: s.line, field: s.field });
  for (const v of p.verdicts) enter(t, 'verdicts', [v.item, v.a, v.b].join(SEP), v.p, { file, line: v.line, field: v.field });
}

/** The file behind a target: `hf://datasets/...` from the Hub cache (downloaded once), else a path. */
async function scoresFile(target: string, cwd: string): Promise<string> {
  if (!target.startsWith('hf://')) return resolve(cwd, target);
  const { fetchHubData } = await import('../hub/resolve.js');
  const hub = await fetchHubData(target, { env: process.env });
  if (hub.files.length !== 1) throw new UsageError(`scores:${target}: expected one file, the URI names ${hub.files.length}; give the file's path in the repo`);
  return hub.files[0]!;
}

function readGeneric(file: string, records: DataRecord[], t: Tables): void {
  t.format = 'item-candidate-score';
  for (const r of records) {
    const row = validateAt(GenericRow, r.value, { file, line: r.line });
    enter(t, 'scores', row.item + SEP + row.candidate, row.score, { file, line: r.line });
  }
}

/**
 * Precomputed scores: no model runs; each request is answered by looking up its key
 * (item, candidate). Item keys are the problem text (RewardMATH layouts) or the dataset id;
 * the k-th repeat of a key is `key#k`, exactly as the suites' loaders name them.
 */
export default defineAdapter({
  id: 'scores',
  description:
    'precomputed scores: published RewardMATH results, reward-bench eval-set-scores (v1 and v2, a file or hf://datasets/...), a previous scores.jsonl, or {item, candidate, score} lines',
  options: {
    model: opt.string({ description: 'in a scores.jsonl holding several models, the one to use' }),
    suite: opt.string({ description: 'in a scores.jsonl holding several suites, the one to use' }),
    probabilities: opt.bool({
      description: 'the scores are probabilities of "correct" (a verifier’s 0/1), so the verifier suite thresholds them',
      default: false,
    }),
  },
  async create(spec, opts, ctx) {
    if (spec.target === '') throw new UsageError(`model "${spec.source}": expected scores:FILE`);
    const file = await scoresFile(spec.target, ctx.cwd);
    const t: Tables = { format: 'rewardmath-results', scores: new Map(), verdicts: new Map(), warnings: [], lines: new Map() };
    // reward-bench's published files are one JSON object of columns, which no record reader takes.
    const columns = extname(file).toLowerCase() === '.json' ? await readColumns(file) : undefined;
    const data = columns ? { fingerprint: columns.fingerprint, records: [] } : await readDataFile(file, { encoding: ctx.encoding });
    const first = columns ? columns.rows[0]?.value : (data.records[0]!.value as Record<string, unknown>);
    const has = (k: string): boolean => first !== null && typeof first === 'object' && k in first;
    if (columns) readPublished(file, columns.rows, t);
    else if (has('solution_reference')) readResults(file, data.records, t);
    else if (has('solution_type') && has('output')) readSolutions(file, data.records, t);
    else if (has('key') && (has('scores') || has('verdicts'))) readRunScores(file, data.records, t, opts);
    else if (has('item') && has('candidate')) readGeneric(file, data.records, t);
    else if (isPublishedRow(first)) readPublished(file, fromRecords(data.records), t);
    else {
      throw new DataError(
        { file, line: data.records[0]!.line },
        'unrecognised scores layout: expected RewardMATH results ({problem, solution_reference, score}), reward-bench eval-set-scores ({id, scores_chosen, scores_rejected} or {id, scores, num_correct}), a rewardgauge scores.jsonl, or {item, candidate, score} lines',
      );
    }

    const missing = (what: string): DataError =>
      new DataError({ file }, `no score for ${what} (the file has ${t.scores.size + t.verdicts.size} entries; is it for this dataset?)`);
    // `probabilities` says how a suite may read the scores, not what they are: the cache key leaves it out.
    const { probabilities: _declared, ...keyed } = spec.options;
    return {
      id: spec.id ?? 'scores',
      spec: spec.source,
      // The same bytes decoded another way are other keys; UTF-8 keeps the fingerprints caches already hold.
      fingerprint:
        ctx.encoding === undefined || ctx.encoding === 'utf-8'
          ? fingerprintOf('scores', data.fingerprint, keyed)
          : fingerprintOf('scores', data.fingerprint, keyed, ctx.encoding),
      batchSize: 4096,
      scoresByKey: true,
      probabilities: opts.probabilities,
      warnings: t.warnings,
      ...(t.scores.size > 0 && {
        async score(batch) {
          return batch.map((r) => {
            if (!r.key) throw new UsageError('scores: adapter needs requests with keys (dataset items)');
            const v = t.scores.get(r.key.item + SEP + r.key.candidate);
            if (v === undefined) throw missing(`item "${r.key.item.slice(0, 80)}" candidate "${r.key.candidate}"`);
            return v;
          });
        },
      }),
      ...(t.verdicts.size > 0 && {
        async compare(batch) {
          return batch.map((r) => {
            if (!r.key) throw new UsageError('scores: adapter needs requests with keys (dataset items)');
            const { item, a, b } = r.key;
            const get = (x: string, y: string): number | undefined => t.verdicts.get([item, x, y].join(SEP));
            const p = get(a, b) ?? get(CHOSEN, b) ?? flip(get(b, a) ?? get(CHOSEN, a));
            if (p === undefined) throw missing(`item "${item.slice(0, 80)}" pair "${a}" vs "${b}"`);
            return p;
          });
        },
      }),
    };
  },
});

const flip = (p: number | undefined): number | undefined => (p === undefined ? undefined : 1 - p);
