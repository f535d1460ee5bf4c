import type { LoadedSuite } from './load-suites.js';
import type { RunIO } from './plan.js';

/**
 * `--limit N`: the first N items of each suite. The suite's warnings say so, so run.json, the
 * report's warnings and every later reader see that its numbers come from a smoke run.
 */
export function limitSuites(suites: LoadedSuite[], limit: number, io: RunIO): void {
  for (const ls of suites) {
    // A streamed dataset is read again per model: it stops after `limit` items each time.
    const all = ls.stream ? ls.stream.items : ls.data.items.length;
    if (all <= limit) continue;
    const note = `smoke run (--limit ${limit}): only the first ${limit} of ${all} items were scored; not comparable with a full run`;
    if (ls.stream) ls.stream = { ...ls.stream, items: limit, limit };
    ls.data = { ...ls.data, items: ls.data.items.slice(0, limit), warnings: [...ls.data.warnings, note] };
    io.log(`${ls.suite.id}: ${note}`);
  }
}
