/**
 * How rows of a data file become item and candidate keys. The suites' loaders and the scores:
 * adapter must name items alike (a scores file is looked up by these keys), so both use these.
 */

/**
 * Candidate ids from labels, unique within an item: the k-th repeat of a label gets `#k`.
 * Published RewardMATH rows name the same generator model up to three times.
 */
export function occurrenceIds(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label}#${n}`;
  });
}

/** Split rows into runs of consecutive rows with the same key (per-solution layouts list a problem's rows together). */
export function groupConsecutive<T>(rows: readonly T[], keyOf: (row: T) => string): { key: string; rows: T[] }[] {
  const groups: { key: string; rows: T[] }[] = [];
  for (const row of rows) {
    const key = keyOf(row);
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.rows.push(row);
    else groups.push({ key, rows: [row] });
  }
  return groups;
}

/**
 * RewardBench 2's keys for one row of `chosen + rejected` responses (the first `numCorrect`
 * correct). Outside Ties the item is the row id and index 0 is `chosen`, the rest `rejected`,
 * `rejected#2`, ...; a Ties row `ref:N` or `tied:N` is half of item `ties:N`, its responses
 * `ref/correct`, `ref/incorrect`, `ref/incorrect#2`, ... The suite and the scores: adapter (which
 * reads the published per-row scores) must agree, so both call this. Undefined: a Ties row
 * whose id is not `ref:N` / `tied:N`.
 */
export function rewardBench2Keys(
  id: string,
  ties: boolean,
  numCorrect: number,
  total: number,
): { item: string; kind?: 'ref' | 'tied'; candidates: string[] } | undefined {
  if (!ties) return { item: id, candidates: occurrenceIds(Array.from({ length: total }, (_, k) => (k === 0 ? 'chosen' : 'rejected'))) };
  const m = /^(ref|tied):(\d+)$/.exec(id);
  if (!m) return undefined;
  const kind = m[1] as 'ref' | 'tied';
  const labels = Array.from({ length: total }, (_, k) => `${kind}/${k < numCorrect ? 'correct' : 'incorrect'}`);
  return { item: `ties:${Number(m[2])}`, kind, candidates: occurrenceIds(labels) };
}
