import type { ModelEntry, ResultRow } from '../core/run-schema.js';
import type { Pool } from './pool.js';
import { fmt, renderTable } from '../report/table.js';
import { bonVerdicts, ppoVerdicts } from '../report/verdict.js';

/** The probes' terminal summaries: the curves as tables, then each model's fit. */

const finder = (results: readonly ResultRow[]) => (model: string, subset: string, metric: string) =>
  results.find((r) => r.model === model && r.subset === subset && r.metric === metric);

const withCi = (r: ResultRow | undefined): string => (r ? `${fmt(r.value)} [${fmt(r.ci[0])}, ${fmt(r.ci[1])}]` : '–');

function fitLine(model: string, get: ReturnType<typeof finder>, prefix: string, form: string): string {
  const a = get(model, 'all', `${prefix}fit_alpha`);
  const b = get(model, 'all', `${prefix}fit_beta`);
  const p = get(model, 'all', `${prefix}peak_d`);
  if (!a || !b) return `${model}: no fit\n`;
  return `${model}${prefix ? ` (${prefix.replace(/_$/, '')})` : ''}: gold gain ≈ ${form} with α = ${withCi(a)}, β = ${withCi(b)}${p ? `; peak at d = ${withCi(p)}` : '; no peak'}\n`;
}

export function bonSummary(pool: Pool, models: readonly ModelEntry[], results: readonly ResultRow[], sizes: readonly number[]): string {
  const get = finder(results);
  const first = models[0]!.id;
  const header = ['n', 'KL', ...models.map((m) => `${m.id} gold`), 'oracle', 'random pick'];
  const body = sizes.map((n) => {
    const s = `n=${n}`;
    return [
      String(n),
      fmt(get(first, s, 'kl')!.value),
      ...models.map((m) => fmt(get(m.id, s, 'gold')!.value)),
      fmt(get(first, s, 'oracle')!.value),
      fmt(get(first, s, 'random')!.value),
    ];
  });
  const fits = models.map((m) => fitLine(m.id, get, '', 'd(α − β·d)')).join('');
  const verdicts = bonVerdicts(models, results)
    .map((v) => `${v.text}\n`)
    .join('');
  return `Best-of-n over ${pool.prompts.length} prompts × ${pool.size} samples (exact expectations)\n${renderTable(header, body)}\n\n${fits}${verdicts}`;
}

export function ppoSummary(
  models: readonly ModelEntry[],
  results: readonly ResultRow[],
  heads: Record<string, { feature: string; weight: number }[]>,
  split: { train: number; heldout: number },
): string {
  const get = finder(results);
  const steps = [...new Set(results.filter((r) => r.subset.startsWith('step=')).map((r) => r.subset))];
  const header = ['step', ...models.flatMap((m) => [`${m.id} KL`, 'proxy', 'gold', 'held-out gold'])];
  const body = steps.map((s) => [
    s.slice(5),
    ...models.flatMap((m) =>
      [get(m.id, s, 'kl'), get(m.id, s, 'proxy'), get(m.id, s, 'gold'), get(m.id, s, 'heldout_gold')].map((r) => (r ? fmt(r.value) : '–')),
    ),
  ]);
  const fits = models.map((m) => fitLine(m.id, get, '', 'd(α − β·ln d)') + (split.heldout > 0 ? fitLine(m.id, get, 'heldout_', 'd(α − β·ln d)') : '')).join('');
  const learned = models
    .map((m) => `${m.id} learned: ${(heads[m.id] ?? []).map((h) => `${h.feature} ${h.weight >= 0 ? '+' : ''}${fmt(h.weight)}`).join(', ')}\n`)
    .join('');
  const verdicts = ppoVerdicts(models, results)
    .map((v) => `${v.text}\n`)
    .join('');
  return `PPO on ${split.train} training and ${split.heldout} held-out prompts (KL and gold on training prompts unless marked; proxy on each RM's own scale)\n${renderTable(header, body)}\n\n${fits}${learned}${verdicts}`;
}
