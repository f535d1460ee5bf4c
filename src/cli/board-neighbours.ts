import { presetIds } from '../benchmarks/index.js';
import type { RunFile } from '../core/run-schema.js';
import type { ScoreLine } from '../core/score-line.js';
import { fmt, renderTable } from '../report/table.js';
import { neighbours } from '../run/neighbours.js';
import { escapeTerminal } from '../core/safe-text.js';

/**
 * The terminal's board of a published benchmark (the presets), as its leaderboard ranks models,
 * with n, each model's CI, and whether its lead over the next model is more than resampling noise.
 */
export function neighbourTables(run: RunFile, lines: readonly ScoreLine[]): string[] {
  const pct = `${Math.round(run.statistics.bootstrap.level * 100)}%`;
  return run.suites
    .filter((s) => (presetIds as readonly string[]).includes(s.id))
    .flatMap((s) => {
      const cmp = neighbours(run, lines, s.id);
      if (cmp.length === 0) return [];
      const header = ['rank', 'model', `${s.primaryMetric} [${pct} CI]`, 'n', `lead over next [${pct} CI]`, 'P(not ahead)'];
      const body = cmp.map((c, k) => [
        String(k + 1),
        c.upper.model,
        `${fmt(c.upper.value)} [${fmt(c.upper.ci[0])}, ${fmt(c.upper.ci[1])}]`,
        String(c.upper.n),
        `${fmt(c.delta)} [${fmt(c.interval[0])}, ${fmt(c.interval[1])}]`,
        fmt(c.notAhead),
      ]);
      const last = cmp[cmp.length - 1]!.lower;
      body.push([String(cmp.length + 1), last.model, `${fmt(last.value)} [${fmt(last.ci[0])}, ${fmt(last.ci[1])}]`, String(last.n), '', '']);
      const tied = cmp.filter((c) => c.interval[0] <= 0).length;
      return [
        `${escapeTerminal(s.id)}: the board by ${escapeTerminal(s.primaryMetric)}, each lead over the next model by a paired bootstrap over the prompts both scored\n` +
          `${renderTable(header, body)}\n` +
          `${tied} of ${cmp.length} leads have an interval reaching 0 or below: those neighbours are not distinguishable at ${pct}`,
      ];
    });
}
