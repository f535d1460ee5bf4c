import type { ResultRow } from '../core/run-schema.js';
import { fmt } from './table.js';

/**
 * One plain-language line per model of a probe, for the page and the probe's terminal summary.
 * It reads the `gain` rows (best-of-n: gold of the pick − mean gold; PPO: gold − gold at step 0),
 * whose intervals come from the same bootstrap over prompts as the values, paired: two separate
 * intervals (gold, random) could not say whether their difference excludes 0. "Better" or
 * "worse" only when the interval excludes 0. Runs written before `gain` rows existed get no line.
 */

export type Direction = 'better' | 'worse' | 'unclear';

export interface Verdict {
  model: string;
  direction: Direction;
  text: string;
}

const signed = (x: number): string => `${x >= 0 ? '+' : ''}${fmt(x)}`;
const interval = (r: ResultRow): string => `${signed(r.value)} [${fmt(r.ci[0])}, ${fmt(r.ci[1])}]`;
const directionOf = (r: ResultRow): Direction => (r.ci[0] > 0 ? 'better' : r.ci[1] < 0 ? 'worse' : 'unclear');

/** The row of `metric` at the largest `param=t` subset that has one. */
function lastRow(results: readonly ResultRow[], model: string, param: string, metric: string): { t: number; row: ResultRow } | undefined {
  const re = new RegExp(`^${param}=(\\d+(?:\\.\\d+)?)$`);
  let best: { t: number; row: ResultRow } | undefined;
  for (const r of results) {
    const m = r.model === model && r.metric === metric ? re.exec(r.subset) : null;
    if (m && (!best || Number(m[1]) > best.t)) best = { t: Number(m[1]), row: r };
  }
  return best;
}

/** Best-of-n: at the largest n, does the model's pick beat a random pick on gold? */
export function bonVerdicts(models: readonly { id: string }[], results: readonly ResultRow[]): Verdict[] {
  return models.flatMap(({ id }) => {
    const found = lastRow(results, id, 'n', 'gain');
    if (!found) return [];
    const direction = directionOf(found.row);
    const what = direction === 'unclear' ? 'no better or worse than random (the interval includes 0)' : `${direction} than random`;
    return [{ model: id, direction, text: `${id} picks ${what} at n=${found.t}: gold ${interval(found.row)}` }];
  });
}

/** PPO: at the last checkpoint, did training against the model raise gold over the initial policy (held-out prompts when there are some)? */
export function ppoVerdicts(models: readonly { id: string }[], results: readonly ResultRow[]): Verdict[] {
  return models.flatMap(({ id }) => {
    const held = lastRow(results, id, 'step', 'heldout_gain');
    const found = held ?? lastRow(results, id, 'step', 'gain');
    if (!found) return [];
    const where = held ? 'held-out' : 'training';
    const direction = directionOf(found.row);
    const what =
      direction === 'better'
        ? `raised ${where} gold by step ${found.t}`
        : direction === 'worse'
          ? `lowered ${where} gold by step ${found.t}`
          : `did not move ${where} gold by step ${found.t} (the interval includes 0)`;
    return [{ model: id, direction, text: `training against ${id} ${what}: ${interval(found.row)} over the initial policy` }];
  });
}
