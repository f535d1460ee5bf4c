import type { Downstream } from './board.js';
import { COEFFICIENT_NAMES, correlationData, probeData, sqrtKl } from './downstream.js';
import { escapeMarkdownCell as cell } from './escape.js';
import { DISTANCE_METRIC_NAMES, DISTANCE_METRIC_ORDER, distanceData } from './html-distance.js';
import { fmt } from './table.js';
import { bonVerdicts, ppoVerdicts } from './verdict.js';

/** Short Markdown tables for probe and correlation suites, under the leaderboard: the numbers a pull-request reader needs, the curves stay in the HTML. */

type Value = { value: number; ci: [number, number] } | undefined;
const value = (r: Value): string => (r ? `${fmt(r.value)} [${fmt(r.ci[0])}, ${fmt(r.ci[1])}]` : '–');
const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]): string[] => [
  line(head),
  `|${head.map((_, k) => (k === 0 ? ' :--- ' : ' ---: ')).join('|')}|`,
  ...rows.map(line),
];
const verdictList = (verdicts: readonly { text: string }[]): string[] => (verdicts.length ? ['', ...verdicts.map((v) => `- ${cell(v.text)}`)] : []);
const modelName = (m: { id: string; baseline: boolean }): string => (m.baseline ? `_${cell(m.id)}_ (baseline)` : cell(m.id));

export function bonMarkdown(section: Downstream): string[] {
  const data = probeData(section);
  const first = data.models.find((m) => m.steps.length > 0);
  const d = (t: number): string => {
    const x = sqrtKl(first?.steps.find((s) => s.t === t)?.rows.get('kl'));
    return x === undefined ? '–' : fmt(x);
  };
  const rows = data.ts.map((t) => [String(t), d(t), ...data.models.map((m) => value(m.steps.find((s) => s.t === t)?.rows.get('gold')))]);
  const peaks = data.models.map((m) => `${modelName(m)} ${m.fit.get('peak_d') ? fmt(m.fit.get('peak_d')!.value) : 'none'}`);
  return [
    '',
    `#### Best-of-n: gold of the proxy's pick`,
    '',
    ...table(['n', 'd = √KL', ...data.models.map(modelName)], rows),
    '',
    `Peak d* of gold − gold(1) = d(α − βd): ${peaks.join(', ')}.`,
    ...verdictList(bonVerdicts(data.models, section.results)),
  ];
}

export function ppoMarkdown(section: Downstream): string[] {
  const data = probeData(section);
  const rows = data.models.flatMap((m) =>
    (['', 'heldout_'] as const).map((p) => {
      const last = [...m.steps].reverse().find((s) => s.rows.has(`${p}gold`));
      return [
        modelName(m),
        p ? 'held-out' : 'train',
        last ? String(last.t) : '–',
        value(last?.rows.get(`${p}gold`)),
        value(m.fit.get(`${p}fit_alpha`)),
        value(m.fit.get(`${p}fit_beta`)),
        m.fit.get(`${p}peak_d`) ? fmt(m.fit.get(`${p}peak_d`)!.value) : 'none',
      ];
    }),
  );
  return [
    '',
    '#### PPO: gold at the last checkpoint and the fit gold − gold(0) = d(α − β ln d)',
    '',
    ...table(['model', 'prompts', 'step', 'gold', 'α', 'β', 'peak d*'], rows),
    ...verdictList(ppoVerdicts(data.models, section.results)),
  ];
}

export function correlationMarkdown(section: Downstream): string[] {
  const data = correlationData(section);
  const rows = data.rows.map((r) => [cell(r.benchmark), ...data.coefficients.map((c) => value(r.coef.get(c)))]);
  return [
    '',
    `#### Correlation with ${cell(data.outcome)} across models (sorted by Kendall τ-b)`,
    '',
    ...table(['benchmark', ...data.coefficients.map((c) => COEFFICIENT_NAMES[c] ?? cell(c))], rows),
  ];
}

export function distanceMarkdown(section: Downstream): string[] {
  const data = distanceData(section);
  const rows = data.pairs.map((p) => [cell(p.a), cell(p.b), ...DISTANCE_METRIC_ORDER.map((m) => value(p.rows.get(m)))]);
  const on = section.suite.options.suite;
  return [
    '',
    `#### Reward distances${on ? ` on ${cell(on)}` : ''} (STARC, contextual bandit; lower is closer)`,
    '',
    ...table(['model A', 'model B', ...DISTANCE_METRIC_ORDER.map((m) => DISTANCE_METRIC_NAMES[m]!)], rows),
  ];
}
