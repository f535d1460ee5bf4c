import type { ResultRow, RunFile } from '../core/run-schema.js';
import { escapeTerminal } from '../core/safe-text.js';

/** Plain-text tables for the terminal: pure, run data in, text out. */

/** Three decimals, or an integer as is. */
export const fmt = (x: number): string => (Number.isInteger(x) && Math.abs(x) >= 10 ? String(x) : x.toFixed(3));

/** Beside a degenerate value (most comparisons behind it tied); one code point, so columns stay aligned. */
export const DEGENERATE_MARK = '⚠';

export function formatCell(row: ResultRow | undefined, withCi = true): string {
  if (!row) return '–';
  const mark = row.degenerate === undefined ? '' : ` ${DEGENERATE_MARK}`;
  return (withCi ? `${fmt(row.value)} [${fmt(row.ci[0])}, ${fmt(row.ci[1])}]` : fmt(row.value)) + mark;
}

const legend = (cells: readonly string[]): string =>
  cells.some((c) => c.endsWith(DEGENERATE_MARK))
    ? `\n${DEGENERATE_MARK} degenerate: over half of the comparisons behind the value tied (the warnings and run.json say why)`
    : '';

/** Cells hold dataset text (subset names) and model ids: control characters are escaped, not sent to the terminal. */
export function renderTable(rawHeader: readonly string[], rawBody: readonly (readonly string[])[]): string {
  const header = rawHeader.map(escapeTerminal);
  const body = rawBody.map((r) => r.map(escapeTerminal));
  const widths = header.map((h, c) => Math.max([...h].length, ...body.map((r) => [...(r[c] ?? '')].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function find(run: RunFile, model: string, suite: string, subset: string, metric: string): ResultRow | undefined {
  return run.results.find((r) => r.model === model && r.suite === suite && r.subset === subset && r.metric === metric);
}

const modelLabel = (m: RunFile['models'][number]): string => (m.baseline ? `${m.id} (baseline)` : m.id);

/** One row per model, one column per suite's primary metric on the whole suite, with its CI. */
export function leaderboard(run: RunFile): string {
  const header = ['model', ...run.suites.map((s) => `${s.id} ${s.primaryMetric} (n=${s.items})`)];
  const body = run.models.map((m) => [modelLabel(m), ...run.suites.map((s) => formatCell(find(run, m.id, s.id, 'all', s.primaryMetric)))]);
  const level = Math.round(run.statistics.bootstrap.level * 100);
  return `Leaderboard: value [${level}% bootstrap CI]\n${renderTable(header, body)}${legend(body.flat())}`;
}

/** For each suite with subsets: models × subsets, primary metric only, so confounded subsets stand out. */
export function subsetTables(run: RunFile): string[] {
  return run.suites.flatMap((s) => {
    const subsets = [...new Set(run.results.filter((r) => r.suite === s.id && r.metric === s.primaryMetric).map((r) => r.subset))];
    if (subsets.length <= 1) return [];
    const header = ['model', ...subsets];
    const body = run.models.map((m) => [modelLabel(m), ...subsets.map((sub) => formatCell(find(run, m.id, s.id, sub, s.primaryMetric), false))]);
    return [`${escapeTerminal(s.id)}: ${escapeTerminal(s.primaryMetric)} by subset\n${renderTable(header, body)}${legend(body.flat())}`];
  });
}
