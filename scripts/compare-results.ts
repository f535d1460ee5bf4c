// Compares the result rows (value, ci, n and everything else in a row) of two sets of run folders,
// byte for byte: how a change that must not move any number (the bootstrap kernel) is checked
// against a build of the main branch.
//   npx tsx scripts/compare-results.ts BEFORE_DIR AFTER_DIR [--except-ci]
// --except-ci leaves out each row's ci and the bootstrap's stream version: for a change of the
// bootstrap's random stream, which must move the intervals and nothing else.
// Each DIR holds run folders (DIR/*/run.json); prints one line per folder and exits 1 on any difference.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const exceptCi = process.argv.includes('--except-ci');
const [before, after] = process.argv.slice(2).filter((a) => a !== '--except-ci');
if (!before || !after) throw new Error('usage: compare-results.ts BEFORE_DIR AFTER_DIR');
const folders = readdirSync(before).filter((d) => existsSync(join(before, d, 'run.json')));
let differ = 0;
let rows = 0;
for (const d of folders.sort()) {
  const read = (root: string): { results: unknown[]; statistics: unknown } => {
    const run = JSON.parse(readFileSync(join(root, d, 'run.json'), 'utf8')) as { results: { ci?: unknown }[]; statistics: { bootstrap: { stream?: unknown } } };
    if (!exceptCi) return run;
    for (const r of run.results) delete r.ci;
    delete run.statistics.bootstrap.stream;
    return run;
  };
  if (!existsSync(join(after, d, 'run.json'))) {
    console.log(`${d}: missing in ${after}`);
    differ++;
    continue;
  }
  const a = read(before);
  const b = read(after);
  const same = JSON.stringify(a.results) === JSON.stringify(b.results) && JSON.stringify(a.statistics) === JSON.stringify(b.statistics);
  rows += a.results.length;
  if (!same) differ++;
  console.log(`${d}: ${a.results.length} rows ${same ? 'identical' : 'DIFFER'}`);
}
console.log(`${folders.length} runs, ${rows} result rows, ${differ} differing`);
process.exit(differ === 0 && folders.length > 0 ? 0 : 1);
