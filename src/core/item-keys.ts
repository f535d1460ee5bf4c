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
