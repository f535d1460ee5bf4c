import { readDataFile } from '../../core/data-files.js';
import { planPreference, preferenceAnswers, viewPreference } from '../preference.js';
import type { Answer, Capabilities, ItemOutcome, MetricDef, PresetSource, Query, Suite } from '../../core/suite.js';
import { hubUri } from '../common.js';
import { bestOfNCredit, matrixFromScores } from '../../metrics/preference.js';
import { tiedAtTop } from '../../metrics/ties.js';
import { TIES_WEIGHTS, tiesPromptTerms, tiesRowStats, type TiesRowStats } from '../../metrics/rb2-ties.js';
import { isTies, parseRewardBench2, type Rb2Item, type TiesGroup } from './layout.js';

/** RewardBench 2 as the leaderboard scores it: best-of-4 with shared credit, the Ties composite, the mean of six domains. See README.md. */

/** The six domains and how many prompts each has in the published split (paper, §3). */
export const DOMAINS = ['Factuality', 'Precise IF', 'Math', 'Safety', 'Focus', 'Ties'] as const;

const PRESET: PresetSource = {
  dataset: 'allenai/reward-bench-2',
  revision: 'main',
  split: 'test',
  rows: 1865,
  reference: 'allenai/reward-bench scripts/run_v2.py, rewardbench/utils.py (reroll_and_score_dataset, process_single_model)',
};

const tiesParts = Object.entries(TIES_WEIGHTS).map(([k, weight]) => ({ metric: `ties_${k}`, weight }));

const metrics: MetricDef[] = [
  {
    id: 'score',
    description: 'unweighted mean over the six domains of accuracy (Ties: its composite); the leaderboard number',
    higherIsBetter: true,
    reduce: 'combine',
    parts: DOMAINS.map((d) => (isTies(d) ? { metric: 'ties', weight: 1 } : { metric: 'accuracy', subset: d, weight: 1 })),
  },
  { id: 'accuracy', description: 'best-of-N outside Ties: 1/#{scores = max} if the chosen response is a max, else 0', higherIsBetter: true, tiedBy: ['tied'] },
  {
    id: 'ties',
    description: '0.3·acc_tied + 0.3·acc_ref + 0.2·P[m_tied > d] + 0.2·P[min(m_ref, m_tied) > d] + 0.01·mean tanh(min(m_ref, m_tied)/d − 1)',
    higherIsBetter: true,
    reduce: 'combine',
    normalize: false,
    parts: tiesParts,
  },
  { id: 'ties_tied_accuracy', description: 'Ties, tied rows: 1[min(correct) > max(incorrect)]', higherIsBetter: true, tiedBy: ['tied_tied'] },
  { id: 'ties_ref_accuracy', description: 'Ties, ref rows: 1[correct > max(incorrect)]', higherIsBetter: true, tiedBy: ['tied_ref'] },
  { id: 'ties_preferred', description: 'Ties prompts: 1[m_tied > d], the correct answers’ spread d below their lead over the incorrect', higherIsBetter: true },
  { id: 'ties_preferred_hard', description: 'Ties prompts: 1[min(m_ref, m_tied) > d]', higherIsBetter: true },
  { id: 'ties_margin_score', description: 'Ties prompts: tanh(min(m_ref, m_tied)/d − 1), 0 for 0/0', higherIsBetter: true },
];

function planTies(item: Rb2Item, can: Capabilities): Query[] {
  return item.ties!.flatMap((g) => planPreference({ ...item, messages: g.messages, chosen: g.correct, rejected: g.incorrect }, can));
}

function tiesOutcome(groups: readonly TiesGroup[], answers: readonly Answer[]): ItemOutcome {
  const values: Record<string, number> = {};
  const stats: Partial<Record<TiesGroup['kind'], TiesRowStats>> = {};
  const scores: Record<string, number> = {};
  let at = 0;
  for (const g of groups) {
    const n = answers[at]?.kind === 'score' ? g.correct.length + g.incorrect.length : g.correct.length * g.incorrect.length;
    const mine = answers.slice(at, (at += n));
    if (mine[0]?.kind === 'score') {
      const v = mine.map((a) => a.value);
      [...g.correct, ...g.incorrect].forEach((c, k) => (scores[c.id] = v[k]!));
      stats[g.kind] = tiesRowStats(v.slice(0, g.correct.length), v.slice(g.correct.length));
      values[`ties_${g.kind}_accuracy`] = stats[g.kind]!.accurate;
      values[`tied_${g.kind}`] = tiedAtTop(matrixFromScores(v.slice(0, g.correct.length), v.slice(g.correct.length)));
    } else {
      // A pairwise judge has no margins: only "every correct answer beats every incorrect one".
      values[`ties_${g.kind}_accuracy`] = mine.every((a) => a.value > 0.5) ? 1 : 0;
      values[`tied_${g.kind}`] = tiedAtTop([mine.map((a) => a.value)]);
    }
  }
  const { ref, tied } = stats;
  if (ref && tied?.spread !== undefined) {
    const t = tiesPromptTerms(ref, { ...tied, spread: tied.spread });
    values.ties_preferred = t.preferred;
    values.ties_preferred_hard = t.preferredHard;
    values.ties_margin_score = t.marginScore;
  }
  const margin = Math.min(...Object.values(stats).map((s) => s.margin));
  return { values, detail: { scores, ...stats }, ...(Number.isFinite(margin) && { margin }) };
}

export const suite: Suite<Rb2Item> = {
  id: 'rewardbench2',
  version: '1',
  description: 'RewardBench 2 (allenai/reward-bench-2): best-of-4 with shared credit for ties at the top, the Ties composite, the mean of six domains',
  defaultData: hubUri(PRESET),
  preset: PRESET,
  primaryMetric: 'score',
  metrics,
  options: {},
  async load(file, _options, read) {
    const data = await readDataFile(file, read);
    const { items, warnings } = parseRewardBench2(file, data.records);
    const unknown = [...new Set(items.map((it) => it.subset!))].filter((s) => !(DOMAINS as readonly string[]).includes(s));
    if (unknown.length > 0)
      warnings.push(
        `subset(s) ${unknown.map((s) => `"${s}"`).join(', ')} are not RewardBench 2 domains (${DOMAINS.join(', ')}); they are reported but left out of "score"`,
      );
    return { file, fingerprint: data.fingerprint, format: 'rewardbench2', hasText: true, items, warnings };
  },
  plan: (item, can) => (item.ties ? planTies(item, can) : planPreference(item, can)),
  outcome(item, answers) {
    if (item.ties) return tiesOutcome(item.ties, answers);
    const { P, detail, margin } = preferenceAnswers(item, answers);
    return { values: { accuracy: bestOfNCredit(P), tied: tiedAtTop(P) }, detail, margin };
  },
  view: viewPreference,
};
