import { resultOf, type Board } from './board.js';
import { escapeMarkdownCell as cell } from './escape.js';
import { rankedRows } from './html-leaderboard.js';
import { downstreamMarkdown } from './sections.js';
import { DEGENERATE_MARK, fmt } from './table.js';

/** The leaderboard as GitHub-flavoured Markdown, for a pull-request comment or a job summary: pure, board in, text out. */

const value = (r: { value: number; ci: [number, number]; degenerate?: string } | undefined): string =>
  r ? `${fmt(r.value)} [${fmt(r.ci[0])}, ${fmt(r.ci[1])}]${r.degenerate === undefined ? '' : ` ${DEGENERATE_MARK}`}` : '–';

/** The legend of the mark, and each marked cell's cause (baselines' too: a constant baseline's ties are why it is there). */
function degenerate(board: Board): string[] {
  const marked = rankedRows(board).flatMap((r) =>
    board.columns.flatMap((c) => {
      const x = resultOf(r, c);
      return x?.degenerate === undefined ? [] : [`${cell(r.label)} on ${cell(c.label)}: ${cell(x.degenerate)}`];
    }),
  );
  if (marked.length === 0) return [];
  return [
    '',
    `> **${DEGENERATE_MARK} degenerate:** over half of the comparisons behind the value tied, so it says nothing about preference. ${marked.join('; ')}.`,
  ];
}

/** One line per suite with subsets the length baseline wins (above its threshold). */
function confounded(board: Board): string[] {
  return board.columns.flatMap((c) => {
    const marked = c.suite.confounding?.subsets.filter((s) => s.confounded) ?? [];
    if (marked.length === 0) return [];
    return [
      '',
      `> **confounded:** ${cell(c.label)}: ${marked.map((s) => `${cell(s.subset)} (length baseline ${fmt(s.value)})`).join(', ')}; scores there reward length.`,
    ];
  });
}

export function renderMarkdown(board: Board, o: { title?: string } = {}): string {
  const level = Math.round(board.level * 100);
  const hasOverall = board.weights.length > 0;
  // Cells are escaped here, once: labels come from data; numbers are ours.
  const head = [
    '#',
    'model',
    ...(hasOverall ? ['overall'] : []),
    ...board.columns.map((c) => `${cell(c.label)} ${cell(c.metric)} ${c.higherIsBetter ? '↑' : '↓'} (n=${c.suite.items})`),
  ];
  const rows = rankedRows(board).map((r, i) => [
    String(i + 1),
    r.model.baseline ? `_${cell(r.label)}_ (baseline)` : cell(r.label),
    ...(hasOverall ? [value(r.overall)] : []),
    ...board.columns.map((c) => value(resultOf(r, c))),
  ]);
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const weighting = [
    board.overall ? `${cell(board.overall.rule)}; its interval treats suites as independent.` : '',
    board.rank ? `Ranked by ${cell(board.rank.label)}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const runs = board.runs.map(({ run }) => `${run.tool.name} ${run.tool.version}, seed ${run.seed}, ${run.createdAt}`);
  return [
    `### ${cell(o.title ?? 'rewardgauge leaderboard')}`,
    '',
    ...(board.columns.length
      ? [line(head), `|${head.map((_, k) => (k === 1 ? ' :--- ' : ' ---: ')).join('|')}|`, ...rows.map((r) => line(r))]
      : ['No leaderboard: only probe or correlation results, which are not leaderboard cells.']),
    ...downstreamMarkdown(board),
    '',
    `Values [${level}% bootstrap CI over prompts]. ${weighting}`.trim(),
    ...(board.warnings.length ? ['', ...board.warnings.map((w) => `> **warning:** ${cell(w)}`)] : []),
    ...confounded(board),
    ...degenerate(board),
    '',
    `<sub>${runs.map(cell).join(' · ')}</sub>`,
    '',
  ].join('\n');
}
