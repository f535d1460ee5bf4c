/**
 * What merged runs disagree on inside one suite column. A column is one (suite, dataset,
 * version); runs that ran it with other options (personalized profileK=3 and 10) or seeds land
 * in the same column, and their numbers are not comparable row to row unless the page says so.
 */

export interface ColumnSource {
  run: number;
  path: string;
  options: Record<string, string>;
  seed: number;
}

const optionText = (options: Record<string, string>, keys: readonly string[]): string => keys.map((k) => `${k}=${options[k] ?? '(default)'}`).join(', ');

/**
 * Per column: the text shown beside each row's value (the options that differ, from that row's
 * run), and the warnings. `sources` lists the runs that gave the column at least one row.
 */
export function columnDisagreements(label: string, sources: readonly ColumnSource[]): { notes: Map<number, string>; warnings: string[] } {
  const notes = new Map<number, string>();
  const warnings: string[] = [];
  if (sources.length < 2) return { notes, warnings };
  const keys = [...new Set(sources.flatMap((s) => Object.keys(s.options)))].sort();
  const differing = keys.filter((k) => new Set(sources.map((s) => s.options[k] ?? '')).size > 1);
  if (differing.length > 0) {
    for (const s of sources) notes.set(s.run, optionText(s.options, differing));
    const each = sources.map((s) => `${s.path}: ${optionText(s.options, differing)}`).join('; ');
    warnings.push(`suite "${label}" merges runs with different options (${each}); rows are not comparable, each shows its run's options`);
  }
  if (new Set(sources.map((s) => s.seed)).size > 1) {
    const each = sources.map((s) => `${s.path}: ${s.seed}`).join('; ');
    warnings.push(`suite "${label}" merges runs with different seeds (${each}); seeded models and bootstrap intervals differ between rows`);
  }
  return { notes, warnings };
}

/** A warning for a suite id that became several columns, naming what differs (data fingerprint, version) and where. */
export function splitSuiteWarning(id: string, entries: readonly { path: string; dataset: string; version: string; data: string }[]): string {
  const datasets = new Set(entries.map((e) => e.dataset)).size > 1;
  const versions = new Set(entries.map((e) => e.version)).size > 1;
  const what = [datasets ? 'data' : '', versions ? 'versions' : ''].filter(Boolean).join(' and ');
  const each = entries.map((e) => `${e.path}: v${e.version}, ${e.data} (${e.dataset.slice(0, 19)})`).join('; ');
  return `suite "${id}" was run on different ${what} (${each}); its columns are not comparable with each other`;
}
