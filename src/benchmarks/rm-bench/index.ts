import { Type } from '@sinclair/typebox';
import { IdSchema, loadPreference, makeIds, PromptSchema, promptKey, toMessages } from '../common.js';
import type { DataRecord } from '../../core/data-files.js';
import { DataError } from '../../core/errors.js';
import { planPreference, preferenceAnswers, viewPreference, type PreferenceItem } from '../preference.js';
import type { MetricDef, PresetSource, Suite } from '../../core/suite.js';
import { validateAt } from '../../core/validate.js';
import type { PreferenceMatrix } from '../../metrics/preference.js';
import { tieMatrix } from '../../metrics/ties.js';

/**
 * RM-Bench (Liu et al. 2024, ICLR 2025): three chosen and three rejected responses per prompt in
 * three styles, compared all against all; a chosen less fancy than its rejected rival is "hard".
 * Scoring follows THU-KEG/RM-Bench `scripts/utils.py` `compute_accuracy`. See README.md.
 */

/** The order of the published `chosen[3]` / `rejected[3]` lists (README "Dataset Details"). */
export const STYLES = ['concise', 'detailed_plain', 'detailed_markdown'] as const;
/** `split_dataset_by_domain`: a row belongs to the domain its `domain` field starts with. */
export const DOMAINS = ['chat', 'math', 'code', 'safety'] as const;

const Three = Type.Array(Type.String({ minLength: 1 }), { minItems: 3, maxItems: 3 });
const Row = Type.Object({
  id: Type.Optional(IdSchema),
  prompt: PromptSchema,
  chosen: Three,
  rejected: Three,
  domain: Type.Optional(Type.String({ minLength: 1 })),
});

function domainOf(file: string, line: number, raw: string): string {
  const d = DOMAINS.find((x) => raw.startsWith(x));
  if (d === undefined) throw new DataError({ file, line, field: 'domain' }, `"${raw}" is none of ${DOMAINS.join(', ')} (nor starts with one)`);
  return d;
}

export function parseRmBench(file: string, records: DataRecord[]) {
  const rows = records.map((r) => validateAt(Row, r.value, { file, line: r.line }));
  const ids = makeIds(
    file,
    records,
    rows.map((r) => r.id),
    'row',
  );
  const items = rows.map((row, i): PreferenceItem => {
    const line = records[i]!.line;
    const messages = toMessages(row.prompt);
    const domain = row.domain === undefined ? undefined : domainOf(file, line, row.domain);
    return {
      id: ids[i]!,
      key: ids[i]!,
      cluster: promptKey(messages),
      line,
      messages,
      chosen: row.chosen.map((text, k) => ({ id: `chosen:${STYLES[k]}`, text })),
      rejected: row.rejected.map((text, k) => ({ id: `rejected:${STYLES[k]}`, text })),
      ...(domain !== undefined && { subset: domain }),
      // safety-refuse and safety-response are pooled into "safety", as the reference does; each is also a facet.
      ...(domain !== undefined && row.domain !== domain && { facets: { domain: row.domain! } }),
    };
  });
  return { format: 'rm-bench', hasText: true, items };
}

/** M_ij = 1[chosen_i beats rejected_j]: strictly, as the reference's `>` (a tie, P = ½, counts 0). */
export function winMatrix(P: PreferenceMatrix): number[][] {
  return P.map((row) => row.map((p) => (p > 0.5 ? 1 : 0)));
}

/** An item's own hard / normal / easy: the means over its upper triangle, diagonal and lower triangle (3 cells each). */
export function styleAccuracies(M: readonly (readonly number[])[]): { hard: number; normal: number; easy: number; accuracy: number } {
  const cells = { hard: [] as number[], normal: [] as number[], easy: [] as number[] };
  M.forEach((row, i) => row.forEach((v, j) => cells[i < j ? 'hard' : i === j ? 'normal' : 'easy'].push(v)));
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const hard = mean(cells.hard);
  const normal = mean(cells.normal);
  const easy = mean(cells.easy);
  return { hard, normal, easy, accuracy: (hard + normal + easy) / 3 };
}

const acrossDomains = (metric: string): { metric: string; subset: string; weight: number }[] => DOMAINS.map((subset) => ({ metric, subset, weight: 1 }));

export const metrics: readonly MetricDef[] = [
  {
    id: 'accuracy',
    description: 'mean of (hard + normal + easy) / 3 per item; on a domain’s subset row, the reference’s domain score',
    higherIsBetter: true,
    tiedBy: ['tied'],
  },
  {
    id: 'hard',
    description: 'mean over items of (M_01 + M_02 + M_12) / 3, M_ij = 1[s(chosen_i) > s(rejected_j)], styles concise < plain < markdown',
    higherIsBetter: true,
    tiedBy: ['tied_hard'],
  },
  {
    id: 'normal',
    description: 'mean over items of (M_00 + M_11 + M_22) / 3: chosen and rejected in the same style',
    higherIsBetter: true,
    tiedBy: ['tied_normal'],
  },
  { id: 'easy', description: 'mean over items of (M_10 + M_20 + M_21) / 3: the chosen fancier than the rejected', higherIsBetter: true, tiedBy: ['tied_easy'] },
  ...DOMAINS.map((d): MetricDef => ({
    id: d,
    description: `domain ${d}: accuracy on its items (the leaderboard’s ${d} column)`,
    higherIsBetter: true,
    reduce: 'combine',
    parts: [{ metric: 'accuracy', subset: d, weight: 1 }],
  })),
  ...(['hard', 'normal', 'easy'] as const).map((k): MetricDef => ({
    id: `${k}_acc`,
    description: `unweighted mean over the domains ${DOMAINS.join(', ')} of the domain’s ${k}`,
    higherIsBetter: true,
    reduce: 'combine',
    parts: acrossDomains(k),
  })),
  {
    id: 'total_avg_acc',
    description: `(chat + code + math + safety) / 4 of the domain scores: the leaderboard’s Overall (= mean of hard_acc, normal_acc, easy_acc)`,
    higherIsBetter: true,
    reduce: 'combine',
    parts: acrossDomains('accuracy'),
  },
];

export const preset: PresetSource = {
  dataset: 'THU-KEG/RM-Bench',
  // The commit that added the README; its parent 1c78c4a uploaded total_dataset.json, which no later commit changed.
  revision: 'a0f737936b99411e96d891699349a9570b39c82e',
  split: 'train (total_dataset.json)',
  reference: 'Liu et al. 2024, RM-Bench (arXiv 2410.16184); THU-KEG/RM-Bench scripts/utils.py compute_accuracy',
};

export const suite: Suite<PreferenceItem> = {
  id: 'rm-bench',
  version: '1',
  description: 'RM-Bench: 3 chosen × 3 rejected responses in three styles; hard / normal / easy accuracy per domain, and their average',
  defaultData: `hf://datasets/${preset.dataset}@${preset.revision}/total_dataset.json`,
  preset,
  primaryMetric: 'total_avg_acc',
  metrics,
  options: {},
  async load(file, _options, read) {
    const data = await loadPreference(file, parseRmBench, read);
    if (data.items.some((it) => it.subset === undefined)) {
      const missing = data.items.filter((it) => it.subset === undefined).length;
      data.warnings.push(
        `${missing} item(s) have no "domain" field: they count in hard / normal / easy over all items, but in no domain score nor the overall average (the per-domain files of the GitHub repo lack the field; total_dataset.json has it)`,
      );
    }
    return data;
  },
  plan: (item, can) => planPreference(item, can),
  outcome(item, answers) {
    const { P, detail, margin } = preferenceAnswers(item, answers);
    const M = winMatrix(P);
    // The same triangles over the tie matrix: the share of each triangle's cells that tied.
    const T = styleAccuracies(tieMatrix(P));
    const ties = { tied: T.accuracy, tied_hard: T.hard, tied_normal: T.normal, tied_easy: T.easy };
    return { values: { ...styleAccuracies(M), ...ties }, detail: { ...detail, matrix: M }, margin };
  },
  view: viewPreference,
};
